package dev.modelgate.web;

import dev.modelgate.budget.BudgetExceededException;
import dev.modelgate.budget.BudgetStatus;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.model.DuplicateModelNameException;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps every failure of the API to RFC 9457 problem+json: {@code type}, {@code title}, {@code status} (all three from
 * the failure's {@link ErrorCode}), {@code detail}, and for invalid input the {@code violations} (field, rule,
 * message, line, column). Never a stack trace, never a secret, never the whole request.
 */
// After InvocationProblems: Spring asks advices in order, and the first with any matching handler wins.
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice
public class ProblemResponses {

    static final String TYPE_BASE = ErrorCode.TYPE_BASE;

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ProblemDetail problem = problem(ErrorCode.INVALID_INPUT, summary(e.violations()));
        problem.setProperty("violations", e.violations().stream().map(ProblemResponses::violation).toList());
        return respond(problem);
    }

    /** Every other failure that carries a code: its status and title from the table, its message as the detail. */
    @ExceptionHandler(ModelgateException.class)
    ResponseEntity<ProblemDetail> coded(ModelgateException e) {
        return respond(problem(e.code(), e.getMessage()));
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
        ProblemDetail problem = problem(e.code(), e.getMessage());
        return ResponseEntity.status(problem.getStatus()).header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * A spent budget: {@code budget} (id, scope, keyId or modelId, unit, period, limit, spent; the amounts as numbers
     * in the unit's terms, {@link dev.modelgate.budget.BudgetUnit#json}), {@code resetsAt}, and
     * {@code Retry-After} the whole seconds until then.
     */
    @ExceptionHandler(BudgetExceededException.class)
    ResponseEntity<ProblemDetail> budgetExceeded(BudgetExceededException e) {
        ProblemDetail problem = problem(e.code(), e.getMessage());
        BudgetStatus status = e.status();
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("id", status.budget().id());
        budget.put("scope", status.budget().scope().name());
        if (status.budget().keyId() != null) {
            budget.put("keyId", status.budget().keyId());
        }
        if (status.budget().modelId() != null) {
            budget.put("modelId", status.budget().modelId());
        }
        budget.put("unit", status.budget().unit().name());
        budget.put("period", status.budget().period().name());
        budget.put("limit", status.budget().unit().json(status.budget().limit()));
        budget.put("spent", status.budget().unit().json(status.spent()));
        problem.setProperty("budget", budget);
        problem.setProperty("resetsAt", status.resetsAt().toString());
        return ResponseEntity.status(problem.getStatus())
                .header("Retry-After", Long.toString(TooManyRequestsException.seconds(e.retryAfter())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(dev.modelgate.model.RevisionNotPassedException.class)
    ResponseEntity<ProblemDetail> notPassed(dev.modelgate.model.RevisionNotPassedException e) {
        ProblemDetail problem = problem(e.code(), e.getMessage());
        problem.setProperty("revision", e.revision());
        problem.setProperty("testRunId", e.testRunId());
        return respond(problem);
    }

    @ExceptionHandler(DuplicateModelNameException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateModelNameException e) {
        ProblemDetail problem = problem(e.code(), e.getMessage());
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
        ResponseEntity<ProblemDetail> strict = StrictJsonProblems.of(cause);
        if (strict != null) {
            return strict;
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            ProblemDetail problem = problem(ErrorCode.UNKNOWN_FIELD, "unknown field \"" + field + "\"; allowed here: "
                    + unknown.getKnownPropertyIds());
            problem.setProperty("violations", List.of(violation(Violation.of(field, "unknown-field",
                    "unknown field \"" + field + "\""))));
            return respond(problem);
        }
        // Jackson reports content after the body's value as a mismatch too; it is malformed JSON.
        boolean trailing = cause instanceof JacksonException json
                && String.valueOf(json.getOriginalMessage()).startsWith("Trailing token");
        if (cause instanceof MismatchedInputException mismatch && !trailing) {
            ResponseEntity<ProblemDetail> wrongType = wrongType(mismatch);
            if (wrongType != null) {
                return wrongType;
            }
        }
        if (cause instanceof JacksonException json) {
            String where = json.getLocation() == null ? "" : " at line " + json.getLocation().getLineNr()
                    + ", column " + json.getLocation().getColumnNr();
            // Binding errors' own messages name Java types; only the parser's describe the JSON.
            String why = trailing ? ": content follows the JSON value"
                    : json instanceof DatabindException ? "" : ": " + json.getOriginalMessage();
            return respond(problem(ErrorCode.MALFORMED_JSON,
                    "the request body is not valid JSON for this endpoint" + where + why));
        }
        return respond(problem(ErrorCode.MALFORMED_JSON, "the request body is missing or is not valid JSON"));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return respond(problem(e.code(), e.getMessage()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        List<HttpMethod> allowed = e.getSupportedHttpMethods() == null ? List.of()
                : e.getSupportedHttpMethods().stream().sorted(Comparator.comparing(HttpMethod::name)).toList();
        ProblemDetail problem = problem(ErrorCode.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here; "
                + "allowed: " + allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
        // RFC 9110, section 15.5.6: a 405 lists the allowed methods in Allow.
        return ResponseEntity.status(problem.getStatus()).allow(allowed.toArray(HttpMethod[]::new))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * 406: the client accepts none of the media types the endpoint answers ({@code Accept: text/html} on the API). The
     * problem itself is always problem+json: an error is never a page.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        String supported = e.getSupportedMediaTypes().isEmpty() ? MediaType.APPLICATION_JSON_VALUE
                : e.getSupportedMediaTypes().stream().map(MediaType::toString).distinct()
                        .collect(Collectors.joining(", "));
        ProblemDetail problem = problem(ErrorCode.NOT_ACCEPTABLE,
                "this endpoint answers " + supported + " (and errors as application/problem+json); send an Accept "
                        + "header that allows it, or none");
        // The Accept header of the answer lists what the endpoint can send (RFC 9110, section 12.5.1).
        return ResponseEntity.status(problem.getStatus()).headers(e.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ProblemDetail> parameter(Exception e) {
        String name;
        String message;
        if (e instanceof MethodArgumentTypeMismatchException m) {
            name = m.getName();
            Class<?> type = m.getRequiredType();
            boolean integer = type == int.class || type == Integer.class || type == long.class || type == Long.class;
            message = "parameter \"" + name + "\" must be " + (integer ? "an integer" : "a valid value") + ", got "
                    + Quoted.of(String.valueOf(m.getValue()));
        } else {
            name = ((MissingServletRequestParameterException) e).getParameterName();
            message = "parameter \"" + name + "\" is required";
        }
        ProblemDetail problem = problem(ErrorCode.INVALID_PARAMETER, message);
        problem.setProperty("violations", List.of(violation(Violation.of(name, "invalid-parameter", message))));
        return respond(problem);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return respond(problem(ErrorCode.NOT_FOUND, "no such resource: /" + e.getResourcePath()));
    }

    /**
     * The problem of {@code code}: its type, title and status from {@link ErrorCode}, the only place statuses are
     * chosen.
     */
    static ProblemDetail problem(ErrorCode code, String detail) {
        if (code.status() == 0) {
            throw new IllegalArgumentException(code.code() + " is a diagnosis of the Test, never an answer of the API");
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), detail);
        problem.setType(URI.create(code.type()));
        problem.setTitle(code.title());
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
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

    /** "3 fields are invalid", counting each field once however many rules it breaks. */
    private static String summary(List<Violation> violations) {
        if (violations.size() == 1) {
            return violations.getFirst().message();
        }
        long fields = violations.stream().map(Violation::field).distinct().count();
        return fields == 1 ? violations.getFirst().field() + " breaks " + violations.size() + " rules; see violations"
                : fields + " fields are invalid; see violations";
    }

    /**
     * 400 naming the field whose JSON type is wrong ({@code "variables": "x"}), or null when the mismatch is not
     * one of a value's type.
     */
    private static ResponseEntity<ProblemDetail> wrongType(MismatchedInputException e) {
        String expected = e.getTargetType() == null ? null : expected(e.getTargetType());
        String actual = actual(e.getCurrentToken());
        if (expected == null || actual == null || expected.equals(actual)) {
            return null;
        }
        String field = path(e);
        String message = (field.isEmpty() ? "the request body" : field) + " must be " + expected + ", got " + actual;
        ProblemDetail problem = problem(ErrorCode.WRONG_TYPE, message);
        if (!field.isEmpty()) {
            problem.setProperty("violations", List.of(violation(Violation.of(field, "wrong-type", message))));
        }
        return respond(problem);
    }

    /** The JSON a Java type is read from, in words; null for types that take any JSON. */
    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return null;
    }

    private static String actual(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> null;
        };
    }

    private static String path(DatabindException e) {
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
        return out.isEmpty() && e instanceof UnrecognizedPropertyException unknown
                ? String.valueOf(unknown.getPropertyName()) : out.toString();
    }
}
