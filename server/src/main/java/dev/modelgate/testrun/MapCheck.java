package dev.modelgate.testrun;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.invoke.BedrockCall;
import dev.modelgate.mapping.MappingReport;
import dev.modelgate.mapping.MappingResult;
import dev.modelgate.mapping.OutputMapping;
import dev.modelgate.testrun.MapStage.Field;
import dev.modelgate.testrun.MapStage.FieldOutcome;
import dev.modelgate.testrun.MapStage.TokenCount;
import dev.modelgate.testrun.StageResult.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Stage 3 of a Test run: the output mapping on Bedrock's answer, every field's outcome, and the mapped token counts
 * against Bedrock's headers. A field that fails fails the stage; token counts that disagree with the headers only
 * warn (some models count cached tokens apart).
 */
final class MapCheck {

    private static final Map<String, ErrorCode> CODES = Map.of(
            MappingResult.NO_MATCH, ErrorCode.MAPPING_MATCHED_NOTHING,
            MappingResult.MULTIPLE_MATCHES, ErrorCode.MAPPING_MULTIPLE_MATCHES,
            MappingResult.NOT_A_NON_NEGATIVE_INTEGER, ErrorCode.MAPPING_NOT_A_TOKEN_COUNT,
            MappingResult.NOT_TEXT, ErrorCode.MAPPING_NOT_TEXT,
            MappingResult.TOO_COSTLY, ErrorCode.MAPPING_TOO_COSTLY);

    private MapCheck() {
    }

    static MapStage run(OutputMapping mapping, BedrockCall call, JsonNode document) {
        long started = System.nanoTime();
        MappingReport report = mapping.evaluate(document);
        List<Field> fields = report.results().stream().map(MapCheck::field).toList();
        TokenCount input = TokenCount.of(mapped(report.inputTokens()), header(call.inputTokens()));
        TokenCount output = TokenCount.of(mapped(report.outputTokens()), header(call.outputTokens()));
        List<String> warnings = new ArrayList<>();
        disagreement("input", "outputMapping.inputTokens", "X-Amzn-Bedrock-Input-Token-Count", input, warnings);
        disagreement("output", "outputMapping.outputTokens", "X-Amzn-Bedrock-Output-Token-Count", output, warnings);
        Diagnosis diagnosis = report.successful() ? null : diagnosis(report.failures());
        return new MapStage(diagnosis == null ? Outcome.PASSED : Outcome.FAILED, AssumeRoleCheck.millisSince(started),
                fields, new MapStage.Tokens(input, output), warnings, diagnosis);
    }

    static Field field(MappingResult<?> result) {
        return switch (result) {
            case MappingResult.Mapped<?> mapped -> new Field(mapped.field(), mapped.expression(), FieldOutcome.MAPPED,
                    json(mapped.value()), null, null, List.of());
            case MappingResult.Failed<?> failed -> new Field(failed.field(), failed.expression(), FieldOutcome.FAILED,
                    null, failed.rule(), failed.message(), failed.available());
            case MappingResult.Unmapped<?> unmapped -> new Field(unmapped.field(), null, FieldOutcome.UNMAPPED, null,
                    null, null, List.of());
        };
    }

    private static Diagnosis diagnosis(List<MappingResult.Failed<?>> failures) {
        return diagnosis(failures, "the raw answer is shown in the INVOKE stage");
    }

    /** The diagnosis of failed mapping fields; {@code shown} says where the test shows what was mapped. */
    static Diagnosis diagnosis(List<MappingResult.Failed<?>> failures, String shown) {
        // A path too costly for the answer is diagnosed first: the mapping itself must change, whatever else failed.
        MappingResult.Failed<?> first = failures.stream().filter(f -> f.rule().equals(MappingResult.TOO_COSTLY))
                .findFirst().orElse(failures.getFirst());
        List<String> fixes = new ArrayList<>();
        Set<String> available = new LinkedHashSet<>();
        // The paths the answer has are the same for every field: listed once, as the suggestions, not in each fix.
        for (MappingResult.Failed<?> failure : failures) {
            fixes.add("Fix " + failure.field() + " (" + failure.expression() + "): " + failure.message());
            available.addAll(failure.available());
        }
        if (!available.isEmpty()) {
            fixes.add("Choose from the paths the answer has (the suggestions).");
        }
        fixes.add("Then run the Test again; " + shown + ".");
        String title = switch (first.rule()) {
            case MappingResult.NO_MATCH -> "A mapping path matched nothing";
            case MappingResult.MULTIPLE_MATCHES -> "A token count path matched several values";
            case MappingResult.NOT_A_NON_NEGATIVE_INTEGER -> "A token count path did not find a token count";
            case MappingResult.TOO_COSTLY -> "A mapping path is too costly to evaluate on the answer";
            default -> "The text path did not find text";
        };
        // Each fix says what its own path found, with the paths the answer has; the detail only names the fields, so
        // that a console showing the detail above the fixes does not say the same paths twice.
        String detail = failures.size() == 1 ? first.field() + " (" + first.expression() + ") " + outcome(first) + "."
                : failures.size() + " fields of the output mapping failed: " + failures.stream()
                        .map(MappingResult.Failed::field).collect(Collectors.joining(", ")) + "."
                        + (first == failures.getFirst() ? "" : " " + first.field() + " is too costly to evaluate.");
        ErrorCode code = CODES.getOrDefault(first.rule(), ErrorCode.OUTPUT_MAPPING_FAILED);
        return Diagnosis.of(code, title, detail, fixes, null)
                .withSuggestions(List.copyOf(available));
    }

    /** What a failed path did, in a few words: "selected nothing". */
    private static String outcome(MappingResult.Failed<?> failure) {
        return switch (failure.rule()) {
            case MappingResult.NO_MATCH -> "selected nothing";
            case MappingResult.MULTIPLE_MATCHES -> "selected several values where one token count belongs";
            case MappingResult.NOT_A_NON_NEGATIVE_INTEGER -> "selected something that is not a token count";
            case MappingResult.TOO_COSTLY -> "is too costly to evaluate";
            default -> "did not select text";
        };
    }

    private static void disagreement(String which, String field, String header, TokenCount count,
                                     List<String> warnings) {
        if (Boolean.FALSE.equals(count.agree())) {
            warnings.add(field + " read " + count.mapped() + " " + which + " tokens, but Bedrock's " + header
                    + " says " + count.header() + "; check that the path reads the " + which + " token count.");
        }
    }

    private static JsonNode json(Object value) {
        return switch (value) {
            case JsonNode node -> node;
            case String text -> JsonNodeFactory.instance.stringNode(text);
            case Long number -> JsonNodeFactory.instance.numberNode(number);
            default -> JsonNodeFactory.instance.stringNode(String.valueOf(value));
        };
    }

    private static Long mapped(MappingResult<Long> result) {
        return result instanceof MappingResult.Mapped<Long> m ? m.value() : null;
    }

    private static Long header(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
