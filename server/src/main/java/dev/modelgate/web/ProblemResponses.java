package dev.modelgate.web;

import dev.modelgate.model.DuplicateModelNameException;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.core.JacksonException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps every failure of the API to RFC 9457 problem+json: {@code type}, {@code title}, {@code status},
 * {@code detail}, and for invalid input the {@code violations} (field, rule, message, line, column). Never a stack
 * trace, never a secret, never the whole request.
 */
@RestControllerAdvice
public class ProblemResponses {

    static final String TYPE_BASE = "https://modelgate.dev/problems/";

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", "Invalid input",
                e.violations().size() == 1 ? e.violations().getFirst().message()
                        : e.violations().size() + " fields are invalid; see violations");
        problem.setProperty("violations", e.violations().stream().map(ProblemResponses::violation).toList());
        return respond(problem);
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> api(ApiProblem e) {
        return respond(problem(e.status(), e.slug(), e.title(), e.getMessage()));
    }

    @ExceptionHandler(DuplicateModelNameException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateModelNameException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "duplicate-name", "Duplicate name", e.getMessage());
        problem.setProperty("violations", List.of(violation(Violation.of("name", "unique-name", e.getMessage()))));
        return respond(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unknown-field", "Unknown field",
                    "unknown field \"" + field + "\"; allowed here: " + unknown.getKnownPropertyIds());
            problem.setProperty("violations", List.of(violation(Violation.of(field, "unknown-field",
                    "unknown field \"" + field + "\""))));
            return respond(problem);
        }
        if (cause instanceof JacksonException json) {
            String where = json.getLocation() == null ? "" : " at line " + json.getLocation().getLineNr()
                    + ", column " + json.getLocation().getColumnNr();
            return respond(problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "the request body is not valid JSON for this endpoint" + where + ": " + json.getOriginalMessage()));
        }
        return respond(problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                "the request body is missing or is not valid JSON"));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return respond(problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", e.getMessage()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                "send the body as application/json"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return respond(problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                e.getMethod() + " is not supported here; allowed: " + e.getSupportedHttpMethods()));
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ProblemDetail> parameter(Exception e) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName()
                : ((MissingServletRequestParameterException) e).getParameterName();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                "parameter \"" + name + "\" is missing or malformed");
        problem.setProperty("violations", List.of(violation(Violation.of(name, "invalid-parameter",
                "parameter \"" + name + "\" is missing or malformed"))));
        return respond(problem);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "no such resource: /" + e.getResourcePath()));
    }

    static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    static Map<String, Object> violation(Violation v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("field", v.field());
        out.put("rule", v.rule());
        out.put("message", v.message());
        if (v.line() > 0) {
            out.put("line", v.line());
            out.put("column", v.column());
        }
        return out;
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? String.valueOf(e.getPropertyName()) : out.toString();
    }
}
