package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelgate.emulator.acceptance.sts.RawHttp;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal's record of how a streamed answer ended — {@code COMPLETED}, {@code FAULT} (an injected exception
 * frame) or {@code CLIENT_CLOSED} (the client went away mid-stream) — and how many frames were written, in Java and
 * in the control API's JSON.
 */
class StreamJournalIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String TITAN = "amazon.titan-text-express-v1";
    private static final String LONG_PROMPT = "Tell me everything about the many rivers, mountains, lakes, forests,"
            + " cities, villages, roads, bridges, castles and harbours of the old continent, one by one";

    private static BedrockRuntimeAsyncClient async;

    @BeforeAll
    static void client() {
        async = BedrockSdk.asyncRuntime(aws.endpoint());
    }

    @AfterAll
    static void close() {
        async.close();
    }

    private static String titanBody() {
        return "{\"inputText\":\"" + LONG_PROMPT + "\",\"textGenerationConfig\":{\"maxTokenCount\":200}}";
    }

    private static RecordedRequest last(String operation) {
        return aws.emulator().journal().ofOperation(operation).getLast();
    }

    @Test
    void completedStream_isRecordedWithEveryFrame() {
        var capture = StreamCapture.converse(async, ConverseStreamRequest.builder().modelId(TITAN)
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text(LONG_PROMPT))).build());

        assertThat(capture.failure()).isNull();
        RecordedRequest entry = last("ConverseStream");
        assertThat(entry.streamOutcome()).isEqualTo("COMPLETED");
        assertThat(entry.framesWritten()).isEqualTo(capture.events().size());
    }

    @Test
    void midStreamException_isRecordedAsFault() {
        aws.emulator().faults().enqueue(new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, TITAN,
                "InvokeModelWithResponseStream", 2, null));

        var capture = StreamCapture.invoke(async, TITAN, titanBody());

        assertThat(capture.events()).hasSize(2);
        RecordedRequest entry = last("InvokeModelWithResponseStream");
        assertThat(entry.streamOutcome()).isEqualTo("FAULT");
        assertThat(entry.framesWritten()).isEqualTo(3);
    }

    @Test
    void clientGoneMidStream_isRecordedAsClientClosed_andTheWriterStops() throws Exception {
        StreamCapture.invoke(async, TITAN, titanBody());
        int total = last("InvokeModelWithResponseStream").framesWritten();
        aws.emulator().faults().setLatency(TITAN, Latency.ofMillis(0, 0, 0, 200));
        RawHttp raw = new RawHttp(aws.endpoint());
        var request = raw.signedRequest(RawHttp.Signed.bedrock(AwsBasicCredentials.create("AKIATENANTADMIN00001",
                        "tenantAdminFakeSecretKey0000000000000001"), "POST",
                "/model/" + TITAN + "/invoke-with-response-stream")
                .withBody("application/json", titanBody().getBytes(StandardCharsets.UTF_8)));

        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                assertThat(body.read()).isNotNegative();
            }
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(last("InvokeModelWithResponseStream").streamOutcome()).isEqualTo("CLIENT_CLOSED"));
        RecordedRequest entry = last("InvokeModelWithResponseStream");
        assertThat(entry.framesWritten()).isPositive().isLessThan(total);

        JsonNode journal = JsonMapper.builder().build().readTree(raw.send(raw.request("/_emulator/requests").GET()
                .build()).body());
        JsonNode json = journal.get(journal.size() - 1);
        assertThat(json.path("streamOutcome").stringValue()).isEqualTo("CLIENT_CLOSED");
        assertThat(json.path("framesWritten").intValue()).isEqualTo(entry.framesWritten());
        assertThat(json.has("stream")).isFalse();
    }

    @Test
    void http2StreamResetWhileTheWriterWaits_stopsItAtOnce() throws Exception {
        aws.emulator().faults().setLatency(TITAN, Latency.ofMillis(0, 0, 0, 600_000));
        try (HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            // The first exchange upgrades the connection to h2c; the stream below is an HTTP/2 stream.
            http2.send(java.net.http.HttpRequest.newBuilder(aws.endpoint().resolve("/_emulator/clock")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpResponse<InputStream> response = http2.send(AuthoritySigner.post(aws.endpoint(),
                    "/model/" + TITAN + "/invoke-with-response-stream", titanBody(),
                    java.util.Map.of(":authority", AuthoritySigner.authority(aws.endpoint()))),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                assertThat(body.read()).isNotNegative();
            }
        }

        // The next frame is ten minutes away: only the reset stream can end the writer within the wait.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(last("InvokeModelWithResponseStream").streamOutcome()).isEqualTo("CLIENT_CLOSED"));
        assertThat(last("InvokeModelWithResponseStream").framesWritten()).isEqualTo(1);
    }
}
