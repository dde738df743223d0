package dev.mamori.web.api;

import java.util.List;
import java.util.Map;

import dev.mamori.core.error.ConflictException;
import dev.mamori.core.error.InvalidInputException;
import dev.mamori.core.error.NotFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns exceptions of the API into problem details that say what was wrong, with the offending
 * field names for invalid bodies.
 */
@RestControllerAdvice(basePackages = "dev.mamori.web.api")
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, ex.getTitle(), ex.getMessage());
		ex.getProblemProperties().forEach(problem::setProperty);
		return problem;
	}

	@ExceptionHandler(InvalidInputException.class)
	ProblemDetail invalidInput(InvalidInputException ex) {
		return invalidFields(List.of(new FieldError(ex.getField(), ex.getMessage())));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return invalidFields(List.of(new FieldError(ex.getName(), "'" + ex.getValue() + "' is not a valid value")));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldError(error.getField(), error.getField() + " " + error.getDefaultMessage()))
			.toList();
		return ResponseEntity.badRequest().body(invalidFields(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (RequestBodyLimitFilter.tooLarge(ex)) {
			// A chunked body that grew past mamori.api.max-body-size while it was parsed.
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
						firstLine(ex.getMostSpecificCause().getMessage())));
		}
		JacksonException json = jacksonCause(ex);
		String field = (json != null) ? path(json) : "";
		if (json instanceof UnrecognizedPropertyException unknown) {
			return ResponseEntity.badRequest().body(invalidFields(List.of(new FieldError(field,
					field + ": unknown field '" + unknown.getPropertyName() + "'; known fields: "
							+ unknown.getKnownPropertyIds()))));
		}
		if (json instanceof DatabindException && !field.isEmpty()) {
			// A value of the wrong type or format ("Instant exceeds...", a string for a number).
			return ResponseEntity.badRequest().body(invalidFields(List.of(new FieldError(field,
					field + ": " + firstLine(json.getOriginalMessage())))));
		}
		return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request body",
				"The request body is not valid JSON for this endpoint: " + firstLine(ex.getMostSpecificCause().getMessage())));
	}

	private static JacksonException jacksonCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				return jackson;
			}
		}
		return null;
	}

	/**
	 * @return the JSON path of the failure as the API names fields ({@code maintenance[0].start})
	 */
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

	private static ProblemDetail invalidFields(List<FieldError> errors) {
		String detail = String.join("; ", errors.stream().map(FieldError::message).toList());
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
		problem.setProperty("errors", errors.stream().map((e) -> Map.of("field", e.field(), "message", e.message())).toList());
		return problem;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

	record FieldError(String field, String message) {
	}

}
