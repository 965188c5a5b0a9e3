package dev.modelgate.testrun;

import dev.modelgate.error.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * What went wrong in a stage of a Test run and what to do about it.
 *
 * <p>JSON: {@code {"code", "title", "detail", "fixes": [...], "suggestions": [...], "locations": [...],
 * "evidence": [...], "aws": null|{...}}}; the lists are always present, possibly empty.
 *
 * @param code        an {@link ErrorCode}'s code, the same the API answers for the same failure
 *                    ({@code trust-policy-or-role}, {@code throttled}, …); clients switch on it
 * @param title       a short heading
 * @param detail      a sentence or two saying what is wrong and what to fix
 * @param fixes       ordered, concrete steps; a step may hold ready-to-paste JSON or an AWS CLI command
 * @param suggestions values to use instead, for the console to offer: model IDs, inference-profile IDs, JSONPaths
 * @param locations   for a malformed request: where in the request template each problem Bedrock named lies
 * @param evidence    facts from Modelgate's own records that narrow the cause (an earlier successful Test)
 * @param aws         what AWS answered, when it answered; null otherwise
 */
public record Diagnosis(String code, String title, String detail, List<String> fixes, List<String> suggestions,
                        List<BodyLocation> locations, List<String> evidence, AwsError aws) {

    public Diagnosis {
        Objects.requireNonNull(code, "code");
        if (ErrorCode.of(code).isEmpty()) {
            throw new IllegalArgumentException("a diagnosis code is one of ErrorCode's, got \"" + code + "\"");
        }
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        fixes = List.copyOf(fixes);
        suggestions = List.copyOf(suggestions);
        locations = List.copyOf(locations);
        evidence = List.copyOf(evidence);
    }

    /** A diagnosis with fixes only. */
    static Diagnosis of(ErrorCode code, String title, String detail, List<String> fixes, AwsError aws) {
        return new Diagnosis(code.code(), title, detail, fixes, List.of(), List.of(), List.of(), aws);
    }

    Diagnosis withSuggestions(List<String> values) {
        return new Diagnosis(code, title, detail, fixes, values, locations, evidence, aws);
    }

    Diagnosis withLocations(List<BodyLocation> values) {
        return new Diagnosis(code, title, detail, fixes, suggestions, values, evidence, aws);
    }

    Diagnosis withEvidence(List<String> values) {
        return new Diagnosis(code, title, detail, fixes, suggestions, locations, values, aws);
    }

    /**
     * AWS's answer.
     *
     * @param errorCode AWS's error code ({@code AccessDenied}, {@code ValidationException}), or null
     * @param message   AWS's message, verbatim
     * @param status    the HTTP status, or null when no answer came
     * @param requestId AWS's request ID, for AWS support and the tenant's CloudTrail, or null
     */
    public record AwsError(String errorCode, String message, Integer status, String requestId) {
    }

    /**
     * Where one problem Bedrock named in the request body lies in the request template.
     *
     * @param pointer   Bedrock's JSON pointer into the body, without the leading {@code #} ({@code /max_tokens})
     * @param problem   Bedrock's words for it ({@code expected type: Integer, found: String})
     * @param line      1-based line in the template, or 0 when the template does not show that part
     * @param column    1-based column there, or 0
     * @param variables the variables whose values stand there, likely at fault; empty when the template's own text is
     */
    public record BodyLocation(String pointer, String problem, int line, int column, List<String> variables) {
        public BodyLocation {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(problem, "problem");
            variables = List.copyOf(variables);
        }
    }
}
