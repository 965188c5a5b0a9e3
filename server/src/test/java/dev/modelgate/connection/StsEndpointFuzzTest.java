package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.FuzzInput;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.validation.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Coverage-guided fuzzing of {@link StsEndpoint#parse} and of what {@link StsClients} does with the result. An input
 * is the model's Region name (or any line, which picks one), a line break and the endpoint as the tenant typed it.
 * Seeds and reproducers: {@code src/test/resources/dev/modelgate/connection/StsEndpointFuzzTestInputs/}.
 *
 * <p>Properties: the only exception is {@link InvalidInputException} (field {@code stsEndpoint}, a kebab-case rule)
 * and {@code validate} agrees with {@code parse}; an accepted endpoint is one of STS's own hosts in the model's
 * partition, its URL parses back to itself, and {@link StsClients} builds a client for it (the client is only built:
 * nothing is sent).
 */
class StsEndpointFuzzTest {

    private static final List<Region> REGIONS = Region.all();
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDFUZZEXAMPLE", "fuzz-example-secret"));
    private static StsClients clients;

    @AfterAll
    static void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] data) {
        FuzzInput input = FuzzInput.firstLineAndRest(data);
        Region modelRegion = FuzzInput.pick(input.part(0), REGIONS);
        String raw = input.part(1);
        boolean valid = StsEndpoint.validate(raw, modelRegion).isEmpty();
        StsEndpoint endpoint;
        try {
            endpoint = StsEndpoint.parse(raw, modelRegion);
        } catch (InvalidInputException refused) {
            assertThat(valid).as("validate agrees with parse for %s", raw).isFalse();
            assertThat(refused.violations()).allSatisfy(v -> {
                assertThat(v.field()).isEqualTo("stsEndpoint");
                assertThat(v.rule()).matches("[a-z]+(-[a-z]+)*");
                assertThat(v.message()).isNotBlank();
            });
            return;
        }
        assertThat(valid).as("validate agrees with parse for %s", raw).isTrue();
        assertThat(endpoint.signingRegion().partition()).isEqualTo(modelRegion.partition());
        assertThat(StsEndpoint.hosts(endpoint.signingRegion())).contains(endpoint.host());
        assertThat(endpoint.host()).matches("[a-z0-9.-]+");
        if (!raw.isEmpty()) {
            assertThat(raw.toLowerCase()).isIn(endpoint.url(), endpoint.url() + "/");
        }
        assertThat(StsEndpoint.parse(endpoint.url(), modelRegion)).isEqualTo(endpoint);
        URI uri = endpoint.uri();
        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo(endpoint.host());
        assertThat(uri.getPort()).isEqualTo(-1);
        assertThat(uri.getRawPath()).isEmpty();
        assertThat(clients().client(endpoint)).isNotNull();
    }

    /**
     * The operator's STS endpoint override ({@link StsClients.Builder#endpointOverride}): refused only with an
     * {@link IllegalArgumentException} naming the rule; once accepted, the SDK builds a client that sends to it.
     */
    @FuzzTest(maxDuration = "2m")
    void endpointOverride(byte[] data) {
        String raw = FuzzInput.of(data, 1).part(0);
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException notAUri) {
            return;
        }
        StsClients.Builder builder = StsClients.builder().platformCredentials(CREDENTIALS);
        try {
            builder.endpointOverride(uri);
        } catch (IllegalArgumentException refused) {
            assertThat(refused).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("STS endpoint override must be http(s)://host[:port]");
            return;
        }
        try (StsClients overridden = builder.build()) {
            assertThat(overridden.endpointOverride()).contains(uri);
            assertThat(overridden.client(StsEndpoint.regional(Region.of("us-east-1")))).isNotNull();
        }
    }

    private static synchronized StsClients clients() {
        if (clients == null) {
            clients = StsClients.builder().platformCredentials(CREDENTIALS).build();
        }
        return clients;
    }
}
