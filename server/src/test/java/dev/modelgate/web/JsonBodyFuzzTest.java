package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.FuzzInput;
import dev.modelgate.config.ApiJsonMapper;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.validation.InvalidInputException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing of request bodies as the server reads them: the server's configured {@link JsonMapper}
 * ({@link ApiJsonMapper}) reading the API's request records. An input is the record's simple name (or any line,
 * which picks one), a line break and the body. Seeds and reproducers:
 * {@code src/test/resources/dev/modelgate/web/JsonBodyFuzzTestInputs/readRequest/}.
 *
 * <p>Properties: a body that names a key twice in one object is never read (the API refuses it as
 * {@code duplicate-key}); reading throws only {@link JacksonException} (answered 400 {@code malformed-json},
 * {@code unknown-field} or {@code wrong-type} by {@link ProblemResponses}), and a record's constructor only
 * {@link InvalidInputException}; a body that is read writes back to JSON that reads to the same record (the same as
 * JSON, since the API reads an absent value and {@code null} alike; writing is stable where the body held a number
 * past the double range, which Jackson reads as infinite). Work is bounded by the input's size and Jackson's read constraints (nesting depth, number and string
 * lengths).
 */
class JsonBodyFuzzTest {

    private static final JsonMapper MAPPER = ApiJsonMapper.create();
    private static final List<Class<?>> REQUESTS = List.of(ModelDraft.class, InvokeController.InvokeRequest.class,
            ModelTestController.TestRequest.class, ModelTestController.DraftTestRequest.class,
            PreviewController.DraftPreview.class, PreviewController.ValuesPreview.class, RoleConnection.class,
            RegistrationView.Request.class, RegistrationView.Decision.class, ModelsController.InferenceToggle.class,
            OperatorController.SettingsChange.class, SessionController.SignIn.class,
            SessionController.PasswordChange.class, OperatorWorkspacesController.NewWorkspace.class,
            MembersController.NewMember.class, MembersController.NewPassword.class, KeysController.NewKey.class);

    @FuzzTest(maxDuration = "5m")
    void readRequest(byte[] data) {
        FuzzInput input = FuzzInput.firstLineAndRest(data);
        Class<?> type = REQUESTS.stream().filter(c -> c.getSimpleName().equals(input.part(0))).findFirst()
                .orElseGet(() -> FuzzInput.pick(input.part(0), REQUESTS));
        String body = input.part(1);
        Object request;
        try {
            request = MAPPER.readValue(body, type);
        } catch (JacksonException refused) {
            if (refused instanceof ValueInstantiationException failedConstructor) {
                assertThat(failedConstructor.getCause()).as("what a %s constructor threw", type.getSimpleName())
                        .isInstanceOf(InvalidInputException.class);
            }
            return;
        }
        if (request == null) {
            return;
        }
        assertThat(request).isInstanceOf(type);
        assertThat(duplicateKey(body)).as("a body the server read names no key twice").isFalse();
        String written = MAPPER.writeValueAsString(request);
        Object readBack = MAPPER.readValue(written, type);
        if (hasNonFiniteNumber(MAPPER.valueToTree(request))) {
            // A number past the double range (1e400) is read as an infinite double and written as the string
            // "Infinity"; the template refuses it as not finite. Writing is still stable.
            assertThat(MAPPER.writeValueAsString(readBack)).isEqualTo(written);
        } else {
            // Compared as JSON: the API reads an absent JSON value and an explicit null alike (a record holds null for
            // the one and a NullNode for the other).
            JsonNode original = MAPPER.valueToTree(request);
            assertThat((JsonNode) MAPPER.valueToTree(readBack)).as("%s written back as %s", type.getSimpleName(), written)
                    .isEqualTo(original);
        }
    }

    /** Whether the body, read as a tree by a plain parser that refuses nothing else, names a key twice in one object. */
    private static boolean duplicateKey(String body) {
        try {
            DUPLICATES.readTree(body);
            return false;
        } catch (tools.jackson.core.exc.StreamReadException e) {
            return String.valueOf(e.getOriginalMessage()).startsWith("Duplicate Object property");
        } catch (JacksonException e) {
            return false;
        }
    }

    private static final JsonMapper DUPLICATES = JsonMapper.builder(tools.jackson.core.json.JsonFactory.builder()
                    .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder().maxNestingDepth(10_000)
                            .maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build()).build())
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static boolean hasNonFiniteNumber(JsonNode node) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return true;
        }
        for (JsonNode child : node.values()) {
            if (hasNonFiniteNumber(child)) {
                return true;
            }
        }
        return false;
    }
}
