package dev.modelgate.emulator.acceptance.control;

import static dev.modelgate.emulator.acceptance.control.ControlCalls.json;
import static dev.modelgate.emulator.acceptance.control.ControlCalls.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.acceptance.sts.RawHttp;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The emulator's own API: the world, latency, queued faults and the clock, and how it refuses bad input. */
class ControlApiIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private final ControlCalls control = new ControlCalls(aws.endpoint());

    @Test
    void world_showsUsersWithKeysAndSecretsAndRolesWithTheirPolicies() {
        RawHttp.Response response = control.get("/_emulator/world");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        JsonNode platform = json(response).get("accounts").get(0);
        assertThat(platform.get("id").stringValue()).isEqualTo("111111111111");
        JsonNode user = platform.get("users").get(0);
        assertThat(user.get("arn").stringValue()).isEqualTo("arn:aws:iam::111111111111:user/modelgate-platform");
        assertThat(user.get("accessKeys").get(0).get("id").stringValue()).isEqualTo("AKIAMODELGATEPLATFRM");
        assertThat(user.get("accessKeys").get(0).get("secret").stringValue())
                .isEqualTo("mgPlatformFakeSecretKey00000000000000001");
        JsonNode role = json(response).get("accounts").get(1).get("roles").get(0);
        assertThat(role.get("arn").stringValue()).isEqualTo("arn:aws:iam::222222222222:role/ModelgateBedrockAccess");
        assertThat(role.get("roleId").stringValue()).isEqualTo(
                aws.emulator().world().role("arn:aws:iam::222222222222:role/ModelgateBedrockAccess").orElseThrow().roleId());
        assertThat(role.get("maxSessionDuration").intValue()).isEqualTo(3600);
        assertThat(role.at("/trustPolicy/Statement/0/Condition/StringEquals/sts:ExternalId").stringValue())
                .isEqualTo("mg-demo-workspace-external-id");
        assertThat(role.at("/policies/0/Statement/0/Action").toString()).contains("bedrock:InvokeModel");
    }

    @Test
    void latency_setShownAndCleared_inTheFieldsItIsSetWith() {
        RawHttp.Response set = control.put("/_emulator/latency",
                "{\"model\":\"amazon.nova-micro-v1:0\",\"fixedMs\":50,\"jitterMs\":10}");
        RawHttp.Response everyModel = control.put("/_emulator/latency", "{\"firstChunkMs\":100,\"chunkGapMs\":20}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body()).isEqualTo("{\"fixedMs\":50,\"jitterMs\":10,\"firstChunkMs\":0,\"chunkGapMs\":0}");
        assertThat(everyModel.status()).isEqualTo(200);
        assertThat(control.get("/_emulator/latency").body()).isEqualTo("{"
                + "\"*\":{\"fixedMs\":0,\"jitterMs\":0,\"firstChunkMs\":100,\"chunkGapMs\":20},"
                + "\"amazon.nova-micro-v1:0\":{\"fixedMs\":50,\"jitterMs\":10,\"firstChunkMs\":0,\"chunkGapMs\":0}}");
        assertThat(aws.emulator().faults().latencyFor("amazon.nova-micro-v1:0").fixed().toMillis()).isEqualTo(50);

        assertThat(control.delete("/_emulator/latency").status()).isEqualTo(204);
        assertThat(control.get("/_emulator/latency").body()).isEqualTo("{}");
    }

    @Test
    void latency_negative_isRefusedNamingTheFieldAndRule() {
        assertRefused(control.put("/_emulator/latency", "{\"fixedMs\":-1}"), 400,
                "fixedMs must be between 0 and 600000 ms, got -1");
        assertThat(aws.emulator().faults().latencies()).isEmpty();
    }

    @Test
    void latency_overTenMinutes_isRefused() {
        assertRefused(control.put("/_emulator/latency", "{\"chunkGapMs\":600001}"), 400,
                "chunkGapMs must be between 0 and 600000 ms, got 600001");
    }

    @Test
    void latency_unknownField_isRefusedListingTheAllowedOnes() {
        assertRefused(control.put("/_emulator/latency", "{\"fixed\":50}"), 400,
                "unknown field \"fixed\"; allowed: [chunkGapMs, firstChunkMs, fixedMs, jitterMs, model]");
    }

    @Test
    void latency_notAnInteger_isRefused() {
        assertRefused(control.put("/_emulator/latency", "{\"fixedMs\":\"fast\"}"), 400,
                "fixedMs must be an integer, got \"fast\"");
        assertRefused(control.put("/_emulator/latency", "{\"fixedMs\":1.5}"), 400, "fixedMs must be an integer, got 1.5");
    }

    @Test
    void bodyThatIsNotAJsonObject_isRefused() {
        assertRefused(control.put("/_emulator/latency", ""), 400, "a JSON object body is required");
        assertRefused(control.put("/_emulator/latency", "[50]"), 400, "the body must be a JSON object");
        assertThat(json(control.put("/_emulator/latency", "{\"fixedMs\":")).get("message").stringValue())
                .startsWith("the body is not valid JSON: ");
    }

    @Test
    void faults_queuedShownAndCleared() {
        RawHttp.Response queued = control.post("/_emulator/faults",
                "{\"kind\":\"throttling\",\"count\":2,\"model\":\"amazon.nova-micro-v1:0\",\"operation\":\"InvokeModel\"}");

        assertThat(queued.status()).isEqualTo(200);
        assertThat(queued.body()).isEqualTo("{\"kind\":\"THROTTLING\",\"count\":2,\"model\":\"amazon.nova-micro-v1:0\","
                + "\"operation\":\"InvokeModel\",\"afterChunks\":0,\"exceptionType\":null}");
        assertThat(json(control.get("/_emulator/faults"))).hasSize(1);
        assertThat(aws.emulator().faults().queued()).singleElement()
                .satisfies(fault -> assertThat(fault.count()).isEqualTo(2));

        assertThat(control.delete("/_emulator/faults").status()).isEqualTo(204);
        assertThat(control.get("/_emulator/faults").body()).isEqualTo("[]");
    }

    @Test
    void faults_unknownKind_isRefusedListingTheKinds() {
        assertRefused(control.post("/_emulator/faults", "{\"kind\":\"SLOW\"}"), 400,
                "kind must be one of [THROTTLING, SERVICE_UNAVAILABLE, MODEL_TIMEOUT, INTERNAL_SERVER, MODEL_NOT_READY, "
                        + "MODEL_ERROR, TRUNCATED_BODY, NON_JSON_BODY, MID_STREAM_EXCEPTION], got \"SLOW\"");
        assertRefused(control.post("/_emulator/faults", "{\"count\":1}"), 400,
                "kind is required, one of [THROTTLING, SERVICE_UNAVAILABLE, MODEL_TIMEOUT, INTERNAL_SERVER, "
                        + "MODEL_NOT_READY, MODEL_ERROR, TRUNCATED_BODY, NON_JSON_BODY, MID_STREAM_EXCEPTION]");
    }

    @Test
    void faults_countZero_isRefused() {
        assertRefused(control.post("/_emulator/faults", "{\"kind\":\"THROTTLING\",\"count\":0}"), 400,
                "count must be between 1 and 10000, got 0");
        assertRefused(control.post("/_emulator/faults", "{\"kind\":\"THROTTLING\",\"count\":\"2\"}"), 400,
                "count must be an integer, got \"2\"");
        assertThat(aws.emulator().faults().queued()).isEmpty();
    }

    @Test
    void faults_operationThatIsNotARuntimeOperation_isRefused() {
        assertRefused(control.post("/_emulator/faults", "{\"kind\":\"THROTTLING\",\"operation\":\"AssumeRole\"}"), 400,
                "operation must be one of [Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream], "
                        + "got \"AssumeRole\"");
    }

    @Test
    void faults_unknownStreamExceptionType_isRefused() {
        assertRefused(control.post("/_emulator/faults",
                        "{\"kind\":\"MID_STREAM_EXCEPTION\",\"afterChunks\":2,\"exceptionType\":\"boom\"}"), 400,
                "exceptionType must be one of [internalServerException, modelStreamErrorException, "
                        + "modelTimeoutException, serviceUnavailableException, throttlingException, validationException], "
                        + "got \"boom\"");
    }

    @Test
    void clock_advancedAndOffset_areShownApart() {
        Instant before = Instant.now();

        RawHttp.Response advanced = control.put("/_emulator/clock", "{\"advanceSeconds\":3600}");
        RawHttp.Response offset = control.put("/_emulator/clock", "{\"offsetSeconds\":-600}");

        assertThat(advanced.status()).isEqualTo(200);
        assertThat(json(advanced).get("advancedSeconds").longValue()).isEqualTo(3600);
        JsonNode clock = json(control.get("/_emulator/clock"));
        assertThat(clock.get("offsetSeconds").longValue()).isEqualTo(-600);
        assertThat(clock.get("advancedSeconds").longValue()).isEqualTo(3600);
        assertThat(offset.status()).isEqualTo(200);
        assertThat(json(offset).get("offsetSeconds").longValue()).isEqualTo(-600);
        assertThat(Instant.parse(clock.get("now").stringValue()))
                .isBetween(before.plusSeconds(3000), Instant.now().plusSeconds(3000).plus(1, ChronoUnit.SECONDS));
    }

    @Test
    void clock_bothOrNeitherField_isRefused() {
        String rule = "give exactly one of offsetSeconds (how far the emulator's clock is out of step with its "
                + "callers') or advanceSeconds (time that passes for everyone)";

        assertRefused(control.put("/_emulator/clock", "{\"offsetSeconds\":1,\"advanceSeconds\":1}"), 400, rule);
        assertRefused(control.put("/_emulator/clock", "{}"), 400, rule);
        assertRefused(control.put("/_emulator/clock", "{\"advanceSeconds\":\"soon\"}"), 400,
                "advanceSeconds must be an integer, got \"soon\"");
        assertThat(aws.emulator().clock().offset()).isZero();
        assertThat(aws.emulator().clock().advanced()).isZero();
    }

    @Test
    void unknownControlEndpoint_isA404NamingIt() {
        assertRefused(control.get("/_emulator/nothing-here"), 404,
                "no control endpoint GET /_emulator/nothing-here; see emulator/README.md for the control API");
        assertRefused(control.post("/_emulator/world", "{}"), 404,
                "no control endpoint POST /_emulator/world; see emulator/README.md for the control API");
    }

    private static void assertRefused(RawHttp.Response response, int status, String message) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(message(message));
    }
}
