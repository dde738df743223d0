package dev.mamori.web.ui;

import dev.mamori.backup.AppNotFoundException;
import dev.mamori.backup.RestoreNotFoundException;
import dev.mamori.backup.SnapshotNotFoundException;
import dev.mamori.monitor.IncidentNotFoundException;
import dev.mamori.monitor.MonitorConflictException;
import dev.mamori.monitor.MonitorNotFoundException;

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

	@ExceptionHandler({ AppNotFoundException.class, SnapshotNotFoundException.class, RestoreNotFoundException.class,
			MonitorNotFoundException.class, IncidentNotFoundException.class })
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(Model model) {
		model.addAttribute("status", 404);
		return "error/4xx";
	}

	@ExceptionHandler(MonitorConflictException.class)
	@ResponseStatus(HttpStatus.CONFLICT)
	String conflict(MonitorConflictException ex, Model model) {
		model.addAttribute("status", 409);
		model.addAttribute("message", ex.getMessage());
		return "error/4xx";
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badRequest(Model model) {
		model.addAttribute("status", 400);
		return "error/4xx";
	}

}
