package dev.mamori;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import dev.mamori.backup.source.SourceType;
import dev.mamori.backup.violation.BackupClassUsingMonitor;
import dev.mamori.core.error.ConflictException;
import dev.mamori.core.error.InvalidInputException;
import dev.mamori.core.error.NotFoundException;
import dev.mamori.monitor.violation.MonitorType;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.ExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Module directions: core ← backup, core ← monitor, (core, backup, monitor) ← web ← app; backup and
 * monitor never import each other. Maven module dependencies already prevent most violations; these
 * rules also catch a class placed in the wrong package of the right module.
 */
class ArchitectureTests {

	static final ArchRule coreDependsOnNoOtherModule = rule("dev.mamori.core..", "dev.mamori.backup..",
			"dev.mamori.monitor..", "dev.mamori.web..", "dev.mamori.config..", "dev.mamori.cli..");

	static final ArchRule backupDoesNotUseMonitorOrWeb = rule("dev.mamori.backup..", "dev.mamori.monitor..",
			"dev.mamori.web..", "dev.mamori.config..", "dev.mamori.cli..");

	static final ArchRule monitorDoesNotUseBackupOrWeb = rule("dev.mamori.monitor..", "dev.mamori.backup..",
			"dev.mamori.web..", "dev.mamori.config..", "dev.mamori.cli..");

	static final ArchRule webDoesNotUseTheApp = rule("dev.mamori.web..", "dev.mamori.config..", "dev.mamori.cli..");

	@Test
	void productionCodeFollowsTheModuleDirections() {
		JavaClasses production = production();
		assertThatCode(() -> {
			coreDependsOnNoOtherModule.check(production);
			backupDoesNotUseMonitorOrWeb.check(production);
			monitorDoesNotUseBackupOrWeb.check(production);
			webDoesNotUseTheApp.check(production);
		}).doesNotThrowAnyException();
	}

	/** Every rule of a source type lives in its handler; the restore orchestrator only sequences. */
	static final ArchRule onlySourceHandlersBranchOnTheSourceType = ArchRuleDefinition.noClasses()
		.that()
		.resideOutsideOfPackage("dev.mamori.backup.source..")
		.and()
		.doNotBelongToAnyOf(SourceType.class)
		.should()
		.accessFieldWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a SourceType constant",
				(access) -> access.getTarget().getOwner().isEquivalentTo(SourceType.class)))
		.because("one handler per source type owns both directions (dev.mamori.backup.source.SourceHandlers maps them)");

	@Test
	void onlyTheSourcePackageBranchesOnTheSourceType() {
		JavaClasses production = production();
		assertThatCode(() -> onlySourceHandlersBranchOnTheSourceType.check(production)).doesNotThrowAnyException();
		JavaClasses violating = new ClassFileImporter().importPackages("dev.mamori.backup.violation");
		assertThatThrownBy(() -> onlySourceHandlersBranchOnTheSourceType.check(violating)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("RestoreSwitchingOnSourceType");
	}

	/** Sub-packages never reach up to a parent that reaches back down: packages form no cycle. */
	static final ArchRule packagesAreFreeOfCycles = SlicesRuleDefinition.slices()
		.matching("dev.mamori.(**)")
		.should()
		.beFreeOfCycles();

	@Test
	void packagesHaveNoCycles() {
		JavaClasses production = production();
		assertThatCode(() -> packagesAreFreeOfCycles.check(production)).doesNotThrowAnyException();
	}

	@Test
	void theCycleRuleFailsWhenASubPackageReachesUpToItsParent() {
		JavaClasses violating = new ClassFileImporter().importClasses(dev.mamori.web.violation.ParentSettings.class,
				dev.mamori.web.violation.child.ChildReachingUp.class);
		assertThatThrownBy(() -> packagesAreFreeOfCycles.check(violating)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("ParentSettings")
			.hasMessageContaining("ChildReachingUp");
	}

	/**
	 * Domain exceptions share base types (not found, conflict, invalid input) that each advice maps once; an
	 * advice that names a subclass of one of them is a list that grows with every new exception.
	 */
	static final ArchRule exceptionHandlersNameOnlyTheBaseTypes = ArchRuleDefinition.methods()
		.that()
		.areAnnotatedWith(ExceptionHandler.class)
		.should(new ArchCondition<JavaMethod>("name only the base types of the domain exceptions") {
			@Override
			public void check(JavaMethod method, ConditionEvents events) {
				for (Class<?> handled : handledTypes(method.reflect())) {
					for (Class<?> base : DOMAIN_EXCEPTION_BASES) {
						if (base.isAssignableFrom(handled) && !base.equals(handled)) {
							events.add(SimpleConditionEvent.violated(method, method.getFullName() + " names "
									+ handled.getName() + " instead of its base type " + base.getSimpleName()));
						}
					}
				}
			}
		})
		.allowEmptyShould(true)
		.because("the web layer maps the base types once for the API and once for pages");

	static final List<Class<?>> DOMAIN_EXCEPTION_BASES = List.of(NotFoundException.class, ConflictException.class,
			InvalidInputException.class);

	private static List<Class<?>> handledTypes(java.lang.reflect.Method method) {
		ExceptionHandler handler = method.getAnnotation(ExceptionHandler.class);
		List<Class<?>> named = new ArrayList<>(List.of(handler.value()));
		named.addAll(List.of(handler.exception()));
		if (named.isEmpty()) {
			// Without a list, Spring takes the exception types from the parameters.
			Arrays.stream(method.getParameterTypes()).filter(Throwable.class::isAssignableFrom).forEach(named::add);
		}
		return named;
	}

	@Test
	void exceptionHandlersNameNoIndividualDomainException() {
		JavaClasses production = production();
		assertThatCode(() -> exceptionHandlersNameOnlyTheBaseTypes.check(production)).doesNotThrowAnyException();
		JavaClasses violating = new ClassFileImporter().importPackages("dev.mamori.web.violation");
		assertThatThrownBy(() -> exceptionHandlersNameOnlyTheBaseTypes.check(violating)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("names dev.mamori.monitor.MonitorNotFoundException")
			.hasMessageContaining("AppGoneException instead of its base type NotFoundException");
	}

	@Test
	void theRuleFailsWhenBackupImportsMonitor() {
		// Test-only classes in the two packages; they never reach the production jar.
		JavaClasses violating = new ClassFileImporter().importClasses(BackupClassUsingMonitor.class,
				MonitorType.class);
		assertThatThrownBy(() -> backupDoesNotUseMonitorOrWeb.check(violating)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("BackupClassUsingMonitor")
			.hasMessageContaining("MonitorType");
	}

	/**
	 * @return the production classes of every module; in a reactor build the other modules are on the class
	 * path as jars, so jars are not excluded (only Mamori's own packages are imported)
	 */
	private static JavaClasses production() {
		JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption((location) -> !location.contains("-tests.jar"))
			.importPackages("dev.mamori");
		// A rule over an import that silently lost a module would pass without checking it.
		assertThat(List.of(dev.mamori.core.Actor.class, dev.mamori.backup.BackupService.class,
				dev.mamori.monitor.MonitorService.class, dev.mamori.MamoriApplication.class))
			.allSatisfy((type) -> assertThat(production.contain(type)).as(type.getName()).isTrue());
		assertThat(production.stream().anyMatch((type) -> type.getPackageName().startsWith("dev.mamori.web"))).isTrue();
		return production;
	}

	private static ArchRule rule(String from, String... forbidden) {
		return ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage(from)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(forbidden)
			.allowEmptyShould(true)
			.because("module dependencies point one way (see docs/architecture.md)");
	}

}
