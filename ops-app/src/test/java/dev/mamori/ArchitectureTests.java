package dev.mamori;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import dev.mamori.backup.violation.BackupClassUsingMonitor;
import dev.mamori.monitor.violation.MonitorType;
import org.junit.jupiter.api.Test;

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
		JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages("dev.mamori");
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
		.doNotBelongToAnyOf(dev.mamori.backup.AppsProperties.SourceType.class)
		.should()
		.accessFieldWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a SourceType constant",
				(access) -> access.getTarget().getOwner().isEquivalentTo(dev.mamori.backup.AppsProperties.SourceType.class)))
		.because("one handler per source type owns both directions (dev.mamori.backup.source.SourceHandlers maps them)");

	@Test
	void onlyTheSourcePackageBranchesOnTheSourceType() {
		JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages("dev.mamori");
		assertThatCode(() -> onlySourceHandlersBranchOnTheSourceType.check(production)).doesNotThrowAnyException();
		JavaClasses violating = new ClassFileImporter().importPackages("dev.mamori.backup.violation");
		assertThatThrownBy(() -> onlySourceHandlersBranchOnTheSourceType.check(violating)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("RestoreSwitchingOnSourceType");
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
