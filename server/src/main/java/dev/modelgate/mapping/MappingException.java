package dev.modelgate.mapping;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.validation.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A model response that the workspace's output mapping does not fit: a required path selected nothing, a token
 * count is not a non-negative integer, a path too costly to evaluate on it, ... Carries every field's outcome; the
 * message names the fields, paths and what was found, never the response body.
 */
public final class MappingException extends ModelgateException {


    private final transient MappingReport report;

    MappingException(MappingReport report) {
        super(report.failures().stream().anyMatch(f -> f.rule().equals(MappingResult.TOO_COSTLY))
                ? ErrorCode.MAPPING_TOO_COSTLY : ErrorCode.OUTPUT_MAPPING_FAILED, summary(report.failures()));
        this.report = report;
    }

    /** The first field whose path was too costly to evaluate, if any (then the code is {@code mapping-too-costly}). */
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
