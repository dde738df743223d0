package dev.mamori.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Records every SQL statement the application executes, with the thread that ran it: wraps the
 * {@link DataSource} bean (declare it as a {@code static @Bean} in a test configuration). Tests
 * count what one page view costs in statements.
 */
public final class SqlStatements implements BeanPostProcessor {

	private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
			"executeBatch", "executeLargeBatch");

	private final List<Executed> executed = new ArrayList<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
			return proxy(DataSource.class, dataSource, (target, method, args) -> {
				Object result = invoke(target, method, args);
				return (result instanceof Connection connection) ? connection(connection) : result;
			});
		}
		return bean;
	}

	/** Forgets what was recorded so far. */
	public synchronized void clear() {
		this.executed.clear();
	}

	/**
	 * @param thread which threads count (a server's request threads, say)
	 * @return the statements recorded since {@link #clear()} on those threads, in order
	 */
	public synchronized List<String> on(Predicate<String> thread) {
		return this.executed.stream().filter((e) -> thread.test(e.thread())).map(Executed::sql).toList();
	}

	private synchronized void record(String sql) {
		this.executed.add(new Executed(Thread.currentThread().getName(), sql));
	}

	private Connection connection(Connection connection) {
		return proxy(Connection.class, connection, (target, method, args) -> {
			Object result = invoke(target, method, args);
			String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text : null;
			if (result instanceof CallableStatement statement) {
				return statement(CallableStatement.class, statement, sql);
			}
			if (result instanceof PreparedStatement statement) {
				return statement(PreparedStatement.class, statement, sql);
			}
			if (result instanceof Statement statement) {
				return statement(Statement.class, statement, null);
			}
			return result;
		});
	}

	private <T extends Statement> T statement(Class<T> type, T statement, String prepared) {
		return proxy(type, statement, (target, method, args) -> {
			if (EXECUTE.contains(method.getName())) {
				String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text : prepared;
				record(String.valueOf(sql));
			}
			return invoke(target, method, args);
		});
	}

	private static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
		InvocationHandler invocation = (proxy, method, args) -> {
			if (method.getName().equals("unwrap") && args != null && args.length == 1
					&& ((Class<?>) args[0]).isInstance(target)) {
				return target;
			}
			return handler.handle(target, method, args);
		};
		return type.cast(Proxy.newProxyInstance(SqlStatements.class.getClassLoader(), new Class<?>[] { type }, invocation));
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@FunctionalInterface
	private interface Handler<T> {

		Object handle(T target, Method method, Object[] args) throws Throwable;

	}

	private record Executed(String thread, String sql) {
	}

}
