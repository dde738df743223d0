package dev.mamori.web.ui;

import dev.mamori.core.error.ConflictException;
import dev.mamori.core.error.InvalidInputException;
import dev.mamori.core.error.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors in the pages become the error pages in the viewer's language: something that does not
 * exist is a 404, a refused change a 409 with the reason, a malformed request a 400. Anything else
 * reaches Spring Boot's error handling and the 5xx page, never a stack trace.
 */
@ControllerAdvice(basePackages = "dev.mamori.web.ui")
class UiExceptionHandler {

	@ExceptionHandler(NotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(Model model) {
		model.addAttribute("status", 404);
		return "error/4xx";
	}

	@ExceptionHandler(ConflictException.class)
	@ResponseStatus(HttpStatus.CONFLICT)
	String conflict(ConflictException ex, Model model) {
		model.addAttribute("status", 409);
		model.addAttribute("message", ex.getMessage());
		return "error/4xx";
	}

	/** A malformed parameter, or a value a form did not catch itself (forms show their own field errors). */
	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
			InvalidInputException.class })
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badRequest(Model model) {
		model.addAttribute("status", 400);
		return "error/4xx";
	}

}
