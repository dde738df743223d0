package dev.mamori.core.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when {@link TestPostgres} has a server; otherwise skips it with the reason,
 * or fails it when {@code MAMORI_TEST_PG_REQUIRED=true}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

	/** The JUnit condition behind the annotation. */
	class Condition implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			String reason = TestPostgres.unavailableReason();
			if (reason == null) {
				return ConditionEvaluationResult.enabled("PostgreSQL available");
			}
			if (TestPostgres.required()) {
				throw new IllegalStateException(
						"PostgreSQL is required (" + TestPostgres.REQUIRED_ENV + "=true) but " + reason);
			}
			System.err.println("SKIPPED " + context.getDisplayName() + ": PostgreSQL tests need a server: " + reason);
			return ConditionEvaluationResult.disabled("PostgreSQL tests need a server: " + reason);
		}

	}

}
