package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.StsTenantCredentials;
import dev.modelgate.credentials.Tenants;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.mapping.StreamMapping;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.preset.Presets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

/**
 * {@link StreamingInvoker} against the emulator through the real async (Netty) client: backpressure as the SDK's
 * publisher honours it, and a cancelled stream's connection closed.
 */
class StreamingInvokerIT {

    private static final String WORKSPACE = "7f8e4a52-9c1b-4d3e-8a6f-0b2c1d3e4f5a";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private StsClients stsClients;
    private BedrockClients bedrock;
    private StreamingInvoker invoker;
    private ModelConfiguration claude;

    @BeforeEach
    void setUp() {
        stsClients = Tenants.stsClients(aws.endpoint());
        bedrock = BedrockClients.builder().endpointOverride(aws.endpoint()).build();
        invoker = new StreamingInvoker(new ModelInvoker(StsTenantCredentials.builder().stsClients(stsClients).build(),
                bedrock, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5))));
        claude = ModelConfiguration.compile(Presets.builtIn().forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .draft("claude", "arn:aws:iam::222222222222:role/ModelgateBedrockAccess", null, "us-east-1", HAIKU));
    }

    @AfterEach
    void tearDown() {
        bedrock.close();
        stsClients.close();
    }

    @Test
    void consumerPullingOneEventAtATime_isNeverMoreThanTheHandoffBehind_andGetsTheWholeAnswer() throws Exception {
        String prompt = "word ".repeat(600).strip();
        ModelStream stream = open(prompt, 4096);
        StreamMapping.Reading reading = claude.outputMapping().stream().orElseThrow().start();
        StringBuilder text = new StringBuilder();

        long pulled = 0;
        ModelStream.Event event;
        while (!((event = stream.next(Duration.ofSeconds(30))) instanceof ModelStream.End)) {
            assertThat(event).isInstanceOf(ModelStream.Chunk.class); // a publisher sending past demand fails it
            pulled++;
            // Demand is what was pulled, the first event held back, and the hand-off's capacity: no more is read.
            assertThat(stream.requested()).isLessThanOrEqualTo(pulled + StreamHandoff.CAPACITY);
            assertThat(stream.received()).isLessThanOrEqualTo(stream.requested());
            String delta = reading.chunk(JSON.readTree(((ModelStream.Chunk) event).bytes()));
            if (delta != null) {
                text.append(delta);
            }
        }

        assertThat(pulled).isGreaterThan(100);
        assertThat(reading.report().successful()).isTrue();
        assertThat(text.toString()).isEqualTo("Modelgate emulator reply to: " + prompt);
    }

    @Test
    void cancel_closesBedrocksConnection_ratherThanReadingTheRestOrPoolingIt() throws Exception {
        drain(open("Say hello.", 64)); // the session and a pooled connection to reuse
        aws.emulator().faults().setLatency(FaultInjector.ANY_MODEL, Latency.ofMillis(0, 0, 0, 500));
        ModelStream stream = open("Say hello to everyone reading this stream.", 64);
        assertThat(stream.next(Duration.ofSeconds(10))).isInstanceOf(ModelStream.Chunk.class);
        Set<String> open = connectionsTo(aws.emulator().port());
        assertThat(open).isNotEmpty();

        stream.cancel();

        // The stream's connection is closed at once: one of the connections open during the stream is gone.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(open).containsAll(connectionsTo(aws.emulator().port()))
                        .hasSizeGreaterThan(connectionsTo(aws.emulator().port()).size()));
        assertThat(stream.next(Duration.ZERO)).isInstanceOf(ModelStream.End.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(aws.emulator().journal()
                .ofOperation("InvokeModelWithResponseStream").getLast().streamOutcome()).isEqualTo("CLIENT_CLOSED"));
    }

    private ModelStream open(String prompt, int maxTokens) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("prompt", StringNode.valueOf(prompt));
        values.put("max_tokens", IntNode.valueOf(maxTokens));
        Deadline deadline = Deadline.start(Clock.systemUTC(), Duration.ofMinutes(1));
        return invoker.open(WORKSPACE, new SessionKey(RoleArn.parse("arn:aws:iam::222222222222:role/ModelgateBedrockAccess"),
                        ExternalId.of("mg-demo-workspace-external-id"), StsEndpoint.regional(Region.of("us-east-1"))),
                claude, claude.requestTemplate().render(values), deadline);
    }

    private static void drain(ModelStream stream) throws InterruptedException {
        while (!(stream.next(Duration.ofSeconds(10)) instanceof ModelStream.End)) {
            // read it all
        }
    }

    /**
     * This host's established TCP connections to {@code port} on the client side ({@code local->remote}, from
     * /proc/net/tcp and tcp6), to see a connection closed without asking the client.
     */
    private static Set<String> connectionsTo(int port) {
        Set<String> connections = new HashSet<>();
        String remote = String.format(Locale.ROOT, ":%04X", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(path)) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ...; 01 is ESTABLISHED
                    if (f.length > 3 && f[2].endsWith(remote) && f[3].equals("01")) {
                        connections.add(f[1] + "->" + f[2]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return connections;
    }
}
