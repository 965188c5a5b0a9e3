package dev.modelgate.mapping;

import dev.modelgate.validation.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A model response that the workspace's output mapping does not fit: a required path selected nothing, a token
 * count is not a non-negative integer, a path too costly to evaluate on it, ... Carries every field's outcome; the
 * message names the fields, paths and what was found, never the response body.
 */
public final class MappingException extends RuntimeException {

    /** A stable code for this kind of error. */
    public static final String CODE = "output-mapping-failed";
    /** The stable code when a field's path ran out of its evaluation budget ({@link MappingResult#TOO_COSTLY}). */
    public static final String TOO_COSTLY_CODE = JsonPathTooCostlyException.CODE;

    private final transient MappingReport report;

    MappingException(MappingReport report) {
        super(summary(report.failures()), null, false, false);
        this.report = report;
    }

    /**
     * {@value #TOO_COSTLY_CODE} when a field's path was too costly to evaluate on the response (then the mapping, not
     * the answer, must change), else {@value #CODE}.
     */
    public String code() {
        return tooCostly().isPresent() ? TOO_COSTLY_CODE : CODE;
    }

    /** The first field whose path was too costly to evaluate, if any. */
    public Optional<MappingResult.Failed<?>> tooCostly() {
        return failures().stream().filter(f -> f.rule().equals(MappingResult.TOO_COSTLY)).findFirst();
    }

    /** Every field's outcome, the failed and the mapped ones. */
    public MappingReport report() {
        return report;
    }

    /** The failed fields, in field order (never empty). */
    public List<MappingResult.Failed<?>> failures() {
        return report.failures();
    }

    /** The failures as violations (field, rule, message). */
    public List<Violation> violations() {
        return failures().stream().map(MappingResult.Failed::toViolation).toList();
    }

    private static String summary(List<MappingResult.Failed<?>> failures) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("a MappingException needs at least one failed field");
        }
        Optional<MappingResult.Failed<?>> tooCostly = failures.stream()
                .filter(f -> f.rule().equals(MappingResult.TOO_COSTLY)).findFirst();
        if (failures.size() == 1) {
            return failures.getFirst().message();
        }
        return failures.size() + " output mapping fields failed, " + (tooCostly.isPresent()
                ? "one too costly: " + tooCostly.get().message() : "first: " + failures.getFirst().message());
    }
}
