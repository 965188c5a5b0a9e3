package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;

import dev.modelgate.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Request bodies the strict parse refuses (see {@code config.JsonConfiguration}): a property name given twice in one
 * object ({@code duplicate-key}, 400) and a document past one of the read limits ({@code json-limit-exceeded}, 400,
 * or {@code payload-too-large}, 413, for its length). Each names the key or the limit, where it broke (field, line,
 * column) and the rule.
 */
final class StrictJsonProblems {

    /** How much of the path a limit's violation names: a document too deep would otherwise name 100 steps. */
    private static final int FIELD_STEPS = 8;
    private static final String DUPLICATE = "Duplicate Object property \"";
    private static final Pattern LIMIT = Pattern.compile(
            "^(Document nesting depth|Number value length|String value length|Name length|Document length|Token count)"
                    + " \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

    private StrictJsonProblems() {
    }

    /** The problem for {@code cause}, or null when it is not one of the strict parse's refusals. */
    static ResponseEntity<ProblemDetail> of(Throwable cause) {
        if (!(cause instanceof JacksonException json) || json.getOriginalMessage() == null) {
            return null;
        }
        String message = json.getOriginalMessage();
        if (message.startsWith(DUPLICATE)) {
            return duplicate(json, message.substring(DUPLICATE.length(), message.lastIndexOf('"')));
        }
        Matcher limit = LIMIT.matcher(message);
        if (cause instanceof StreamConstraintsException && limit.find()) {
            return limit(json, limit.group(1), Long.parseLong(limit.group(2)), Long.parseLong(limit.group(3)));
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> duplicate(JacksonException e, String key) {
        String field = field(e, Integer.MAX_VALUE);
        String message = "duplicate key \"" + key + "\"" + (field.equals(key) ? "" : " in " + parent(field))
                + ": a key may appear only once in an object";
        Violation violation = Violation.of(field.isEmpty() ? key : field, "duplicate-key", message);
        TokenStreamLocation end = e.getLocation();
        if (end == null || end.getLineNr() < 1) {
            return respond(ErrorCode.DUPLICATE_KEY, violation);
        }
        // Jackson stops right after the repeated name's closing quote; the position shown is its opening quote.
        int column = Math.max(1, end.getColumnNr() - key.getBytes(StandardCharsets.UTF_8).length - 2);
        return respond(ErrorCode.DUPLICATE_KEY,
                Violation.at(violation.field(), violation.rule(), message, end.getLineNr(), column));
    }

    private static ResponseEntity<ProblemDetail> limit(JacksonException e, String what, long actual, long max) {
        String field = field(e, FIELD_STEPS);
        String where = field.isEmpty() ? "the request body" : field;
        return switch (what) {
            case "Document nesting depth" -> respond(ErrorCode.JSON_LIMIT_EXCEEDED, e, Violation.of(field, "max-nesting-depth", where
                            + " nests objects and arrays more than " + max + " deep"));
            case "Number value length" -> respond(ErrorCode.JSON_LIMIT_EXCEEDED,
                    e, Violation.of(field, "max-number-length", where + " has a number of " + actual
                            + " characters; the limit is " + max));
            case "String value length" -> respond(ErrorCode.JSON_LIMIT_EXCEEDED,
                    e, Violation.of(field, "max-string-length", where + " has a string longer than " + max
                            + " characters"));
            case "Name length" -> respond(ErrorCode.JSON_LIMIT_EXCEEDED, e,
                    Violation.of(field, "max-name-length", where + " has a property name longer than " + max
                            + " characters"));
            case "Document length" -> respond(ErrorCode.PAYLOAD_TOO_LARGE,
                    e, Violation.of(field, "max-document-length", "the request body is longer than " + max
                            + " characters"));
            default -> respond(ErrorCode.JSON_LIMIT_EXCEEDED, e,
                    Violation.of(field, "max-token-count", "the request body has more than " + max + " JSON tokens"));
        };
    }

    private static ResponseEntity<ProblemDetail> respond(ErrorCode code, JacksonException e, Violation violation) {
        TokenStreamLocation location = e.getLocation();
        return respond(code, location == null || location.getLineNr() < 1 ? violation
                : Violation.at(violation.field(), violation.rule(), violation.message(), location.getLineNr(),
                        Math.max(location.getColumnNr(), 1)));
    }

    private static ResponseEntity<ProblemDetail> respond(ErrorCode code, Violation at) {
        String detail = at.message() + (at.line() > 0 ? " (line " + at.line() + ", column " + at.column() + ")" : "");
        ProblemDetail problem = ProblemResponses.problem(code, detail);
        problem.setProperty("violations", List.of(ProblemResponses.violation(at)));
        return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * Where the parser stood: {@code variables[0].name}, or empty at the top of the body; at most {@code steps} deep
     * (the ancestor where a too deep document went on).
     */
    private static String field(JacksonException e, int steps) {
        Deque<String> path = new ArrayDeque<>();
        if (!(e.processor() instanceof JsonParser parser) || parser.streamReadContext() == null) {
            // A limit's exception carries no parser; binding may have recorded where it was.
            for (JacksonException.Reference ref : e.getPath()) {
                if (ref.getPropertyName() != null) {
                    path.add(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.add("[" + ref.getIndex() + "]");
                }
            }
            return join(path, steps);
        }
        for (TokenStreamContext context = parser.streamReadContext(); context != null && !context.inRoot();
             context = context.getParent()) {
            if (context.inArray()) {
                path.push("[" + Math.max(context.getCurrentIndex(), 0) + "]");
            } else if (context.currentName() != null) {
                path.push(context.currentName());
            }
        }
        return join(path, steps);
    }

    private static String join(Deque<String> path, int steps) {
        StringBuilder out = new StringBuilder();
        for (String step : path.stream().limit(steps).toList()) {
            if (!out.isEmpty() && !step.startsWith("[")) {
                out.append('.');
            }
            out.append(step);
        }
        return out.toString();
    }

    private static String parent(String field) {
        int dot = field.lastIndexOf('.');
        return dot < 0 ? "the request body" : field.substring(0, dot);
    }
}
