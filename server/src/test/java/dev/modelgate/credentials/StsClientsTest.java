package dev.modelgate.credentials;

import static dev.modelgate.credentials.Tenants.US_EAST_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.connection.Region;
import dev.modelgate.connection.StsEndpoint;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StsClientsTest {

    @Test
    void client_sameEndpoint_isBuiltOnce_andEachEndpointGetsItsOwn() {
        try (StsClients clients = StsClients.builder().platformCredentials(Tenants.platform()).build()) {
            StsEndpoint frankfurt = StsEndpoint.regional(Region.of("eu-central-1"));

            assertThat(clients.client(US_EAST_1)).isSameAs(clients.client(US_EAST_1));
            assertThat(clients.client(frankfurt)).isNotSameAs(clients.client(US_EAST_1));
            assertThat(clients.endpointOverride()).isEmpty();
            assertThat(clients).hasToString("StsClients[endpointOverride=null, clients=2]");
        }
    }

    @Test
    void client_afterClose_isRefused() {
        StsClients clients = StsClients.builder().platformCredentials(Tenants.platform()).build();
        clients.client(US_EAST_1);
        clients.close();

        assertThatThrownBy(() -> clients.client(US_EAST_1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("StsClients is closed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1:4566", "//127.0.0.1:4566", "http://127.0.0.1:4566/sts",
            "http://127.0.0.1:4566?x=1", "http://user@127.0.0.1:4566", "http:///path"})
    void endpointOverride_notSchemeHostAndPort_isRefused(String uri) {
        assertThatThrownBy(() -> StsClients.builder().endpointOverride(URI.create(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("STS endpoint override must be http(s)://host[:port], got \"" + uri + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:4566", "http://localhost:4566/", "https://sts.example.internal"})
    void endpointOverride_schemeHostAndPort_isAccepted(String uri) {
        try (StsClients clients = StsClients.builder().platformCredentials(Tenants.platform())
                .endpointOverride(URI.create(uri)).build()) {
            assertThat(clients.endpointOverride()).contains(URI.create(uri));
        }
    }
}
