package dev.modelgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StsTenantCredentialsBuilderTest {

    private final StsClients stsClients = StsClients.builder().platformCredentials(Tenants.platform())
            .endpointOverride(URI.create("http://127.0.0.1:1")).build();

    @AfterEach
    void close() {
        stsClients.close();
    }

    @Test
    void build_defaults_areOneHourFiveMinutesAndTenThousand() {
        StsTenantCredentials credentials = StsTenantCredentials.builder().stsClients(stsClients).build();

        assertThat(credentials).hasToString(
                "StsTenantCredentials[sessionDuration=PT1H, refreshMargin=PT5M, maximumSize=10000, cached=0]");
    }

    @Test
    void sessionDuration_outsideStsRange_isRefused() {
        var builder = StsTenantCredentials.builder();

        assertThatThrownBy(() -> builder.sessionDuration(Duration.ofSeconds(899)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session duration must be whole seconds from 900 to 43200 (STS's DurationSeconds), got PT14M59S");
        assertThatThrownBy(() -> builder.sessionDuration(Duration.ofSeconds(43_201)))
                .hasMessageEndingWith("got PT12H1S");
        assertThatThrownBy(() -> builder.sessionDuration(Duration.ofMillis(3_600_500)))
                .hasMessageEndingWith("got PT1H0.5S");
        assertThat(builder.sessionDuration(Duration.ofHours(12))).isSameAs(builder);
    }

    @Test
    void refreshMargin_negative_isRefused() {
        assertThatThrownBy(() -> StsTenantCredentials.builder().refreshMargin(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refresh margin must not be negative, got PT-1S");
    }

    @Test
    void build_refreshMarginNotBelowSessionDuration_isRefused() {
        var builder = StsTenantCredentials.builder().stsClients(stsClients)
                .sessionDuration(Duration.ofMinutes(15)).refreshMargin(Duration.ofMinutes(15));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refresh margin must be less than the session duration (PT15M), got PT15M");
    }

    @Test
    void maximumSize_belowOne_isRefused() {
        assertThatThrownBy(() -> StsTenantCredentials.builder().maximumSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximum size must be at least 1, got 0");
    }

    @Test
    void build_withoutStsClients_isRefused() {
        assertThatThrownBy(() -> StsTenantCredentials.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("stsClients");
    }

    @Test
    void session_blankWorkspace_isRefusedBeforeAnyCall() {
        StsTenantCredentials credentials = StsTenantCredentials.builder().stsClients(stsClients).build();

        assertThatThrownBy(() -> credentials.session(Tenants.TENANT, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workspace id must not be blank, got \" \"");
    }
}
