package dev.mamori.support;

import java.io.File;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when Debian's Chromium and ChromeDriver are installed; otherwise skips it
 * with the reason, or fails it when {@code MAMORI_TEST_BROWSER_REQUIRED=true} (as in CI).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresBrowser.Condition.class)
public @interface RequiresBrowser {

	/** The JUnit condition behind the annotation. */
	class Condition implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			File chromium = new File(Browser.CHROMIUM);
			File driver = new File(Browser.CHROMEDRIVER);
			if (chromium.canExecute() && driver.canExecute()) {
				return ConditionEvaluationResult.enabled("Chromium available");
			}
			String reason = "browser tests need " + Browser.CHROMIUM + " and " + Browser.CHROMEDRIVER
					+ " (apt-get install chromium chromium-driver)";
			if ("true".equalsIgnoreCase(System.getenv("MAMORI_TEST_BROWSER_REQUIRED"))) {
				throw new IllegalStateException("MAMORI_TEST_BROWSER_REQUIRED=true but " + reason);
			}
			System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
			return ConditionEvaluationResult.disabled(reason);
		}

	}

}
