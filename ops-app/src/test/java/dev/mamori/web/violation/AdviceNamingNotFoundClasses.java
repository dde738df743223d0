package dev.mamori.web.violation;

import dev.mamori.core.error.NotFoundException;
import dev.mamori.monitor.MonitorNotFoundException;

import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Stands in for an advice that lists individual not-found classes, in the architecture rule's
 * negative test.
 */
public class AdviceNamingNotFoundClasses {

	@ExceptionHandler(MonitorNotFoundException.class)
	String named() {
		return "error/4xx";
	}

	@ExceptionHandler
	String inferred(AppGoneException ex) {
		return "error/4xx";
	}

	static class AppGoneException extends NotFoundException {

		AppGoneException() {
			super("gone");
		}

	}

}
