package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.Tenants;
import dev.modelgate.credentials.StsTenantCredentials;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.invoke.InvokeException.Kind;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.preset.Presets;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.StringNode;

/** One client per Region, the answer cap, and a Bedrock that cannot be reached. */
class BedrockClientsIT {

    private static final String WORKSPACE = "7f8e4a52-9c1b-4d3e-8a6f-0b2c1d3e4f5a";
    private static final SessionKey TENANT = new SessionKey(
            RoleArn.parse("arn:aws:iam::222222222222:role/ModelgateBedrockAccess"),
            ExternalId.of("mg-demo-workspace-external-id"), StsEndpoint.regional(Region.of("us-east-1")));
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private StsClients stsClients;
    private StsTenantCredentials credentials;

    @BeforeEach
    void setUp() {
        stsClients = Tenants.stsClients(aws.endpoint());
        credentials = StsTenantCredentials.builder().stsClients(stsClients).build();
    }

    @AfterEach
    void tearDown() {
        stsClients.close();
    }

    @Test
    void client_isBuiltOncePerRegion_andRefusedAfterClose() {
        BedrockClients clients = BedrockClients.builder().endpointOverride(aws.endpoint()).build();

        assertThat(clients.client(Region.of("us-east-1"))).isSameAs(clients.client(Region.of("us-east-1")))
                .isNotSameAs(clients.client(Region.of("eu-west-1")));
        assertThat(clients.client(Region.of("us-east-1"), Duration.ofMillis(250)))
                .isSameAs(clients.client(Region.of("us-east-1"), Duration.ofMillis(300)))
                .isNotSameAs(clients.client(Region.of("us-east-1"), Duration.ofMillis(200)))
                .isNotSameAs(clients.client(Region.of("us-east-1")));
        clients.close();

        assertThatThrownBy(() -> clients.client(Region.of("us-east-1"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("BedrockClients is closed");
    }

    @Test
    void asyncClient_isBuiltOncePerRegionAndTimeout_warmUpBuildsItAhead_andRefusedAfterClose() {
        BedrockClients clients = BedrockClients.builder().endpointOverride(aws.endpoint()).build();

        clients.warmUp(Region.of("us-east-1"));

        assertThat(clients.toString()).contains("asyncClients=1");
        assertThat(clients.asyncClient(Region.of("us-east-1"), BedrockClients.DEFAULT_CONNECT_TIMEOUT))
                .isSameAs(clients.asyncClient(Region.of("us-east-1"), BedrockClients.DEFAULT_CONNECT_TIMEOUT))
                .isNotSameAs(clients.asyncClient(Region.of("eu-west-1"), BedrockClients.DEFAULT_CONNECT_TIMEOUT));
        assertThat(clients.toString()).contains("asyncClients=2");
        clients.close();

        assertThatThrownBy(() -> clients.asyncClient(Region.of("us-east-1"), BedrockClients.DEFAULT_CONNECT_TIMEOUT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invoke_answerLargerThanTheCap_isResponseTooLarge() {
        try (BedrockClients capped = BedrockClients.builder().endpointOverride(aws.endpoint())
                .maxResponseBytes(64).build()) {
            ModelInvoker invoker = new ModelInvoker(credentials, capped, FAST_RETRIES);

            assertThatThrownBy(() -> invoker.invoke(WORKSPACE, TENANT, claude(), Map.of("prompt",
                    StringNode.valueOf("Say hello to Modelgate."))))
                    .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                        assertThat(e.kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE);
                        assertThat(e.getMessage()).contains("cap of 64 bytes");
                    });
        }
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).hasSize(1);
    }

    @Test
    void invoke_nothingListening_isUnavailable_afterTheRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (BedrockClients unreachable = BedrockClients.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort)).build()) {
            ModelInvoker invoker = new ModelInvoker(credentials, unreachable, FAST_RETRIES);

            assertThatThrownBy(() -> invoker.invoke(WORKSPACE, TENANT, claude(), Map.of("prompt",
                    StringNode.valueOf("hi"))))
                    .asInstanceOf(type(InvokeException.class)).satisfies(e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.statusCode()).isZero();
                        assertThat(e.attempts()).isEqualTo(3);
                        assertThat(e.getMessage()).startsWith("UNAVAILABLE: could not reach Bedrock");
                    });
        }
    }

    @Test
    void invoke_roleThatDoesNotTrustModelgate_throwsTheAssumeRoleFailure_andNeverCallsBedrock() {
        SessionKey untrusted = new SessionKey(RoleArn.parse("arn:aws:iam::222222222222:role/TrustsSomeoneElse"),
                TENANT.externalId(), TENANT.stsEndpoint());
        try (BedrockClients clients = BedrockClients.builder().endpointOverride(aws.endpoint()).build()) {
            ModelInvoker invoker = new ModelInvoker(credentials, clients, FAST_RETRIES);

            assertThatThrownBy(() -> invoker.invoke(WORKSPACE, untrusted, claude(), Map.of("prompt",
                    StringNode.valueOf("hi"))))
                    .asInstanceOf(type(AssumeRoleException.class))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(AssumeRoleException.Reason.ACCESS_DENIED));
        }
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(1);
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
    }

    @Test
    void builder_overrideWithAPath_isRefused() {
        assertThatThrownBy(() -> BedrockClients.builder().endpointOverride(URI.create("http://localhost:1/x")))
                .hasMessage("Bedrock endpoint override must be http(s)://host[:port], got \"http://localhost:1/x\"");
    }

    private static ModelConfiguration claude() {
        return ModelConfiguration.compile(Presets.builtIn().forFamily("ANTHROPIC_CLAUDE").orElseThrow().draft(
                "claude", TENANT.roleArn().toString(), null, "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0"));
    }
}
