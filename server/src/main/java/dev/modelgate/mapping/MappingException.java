package dev.modelgate.mapping;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.validation.Violation;
import java.util.List;

/**
 * A model response that the workspace's output mapping does not fit: a required path selected nothing, a token
 * count is not a non-negative integer, ... Carries every field's outcome; the message names the fields, paths and
 * what was found, never the response body.
 */
public final class MappingException extends ModelgateException {

    /** The stable code of this kind of error, {@link ErrorCode#OUTPUT_MAPPING_FAILED}'s. */
    public static final String CODE = ErrorCode.OUTPUT_MAPPING_FAILED.code();

    private final transient MappingReport report;

    MappingException(MappingReport report) {
        super(ErrorCode.OUTPUT_MAPPING_FAILED, summary(report.failures()));
        this.report = report;
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
        return failures.size() == 1 ? failures.getFirst().message()
                : failures.size() + " output mapping fields failed, first: " + failures.getFirst().message();
    }
}
