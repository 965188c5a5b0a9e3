package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/**
 * What turns tracing on: an exporter or an OTLP endpoint, unless the SDK is disabled or the exporter is none; and the
 * OTLP protocol it refuses.
 */
class TracingConfigurationTest {

    @Test
    void openTelemetry_overGrpc_isRefusedNamingTheProtocolItTakes() {
        MockEnvironment environment = new MockEnvironment().withProperty("otel.traces.exporter", "otlp")
                .withProperty("otel.exporter.otlp.protocol", "grpc");

        assertThatThrownBy(() -> new TracingConfiguration.OpenTelemetrySdkConfiguration().openTelemetry(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OTEL_EXPORTER_OTLP_PROTOCOL (or _TRACES_PROTOCOL) must be http/protobuf: Modelgate "
                        + "exports OTLP over HTTP (a collector's port 4318, path /v1/traces), got \"grpc\"");
    }

    @Test
    void openTelemetry_withAnOtlpEndpoint_isBuiltWithModelgatesServiceName() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:1");

        try (var sdk = new TracingConfiguration.OpenTelemetrySdkConfiguration().openTelemetry(environment)) {
            assertThat(sdk.getSdkTracerProvider().toString()).contains("service.name=\"modelgate\"");
        }
    }

    @Test
    void configured_byTheStandardEnvironmentVariables() {
        assertThat(TracingConfiguration.configured(environment(Map.of("OTEL_TRACES_EXPORTER", "otlp")))).isTrue();
        assertThat(TracingConfiguration.configured(environment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://collector:4318")))).isTrue();
        assertThat(TracingConfiguration.configured(environment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://collector:4318", "OTEL_SDK_DISABLED", "true")))).isFalse();
    }

    /** An environment whose variables are {@code variables}, read as Spring reads the process's. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        return environment;
    }

    @Test
    void configured_withNothingSet_isOff() {
        assertThat(TracingConfiguration.configured(new MockEnvironment())).isFalse();
    }

    @Test
    void configured_withAnExporter_isOn() {
        assertThat(TracingConfiguration.configured(new MockEnvironment()
                .withProperty("otel.traces.exporter", "otlp"))).isTrue();
    }

    @Test
    void configured_withAnOtlpEndpointOnly_isOn() {
        assertThat(TracingConfiguration.configured(new MockEnvironment()
                .withProperty("otel.exporter.otlp.endpoint", "http://collector:4318"))).isTrue();
        assertThat(TracingConfiguration.configured(new MockEnvironment()
                .withProperty("otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces"))).isTrue();
    }

    @Test
    void configured_withTheExporterNone_isOff_whateverTheEndpoint() {
        assertThat(TracingConfiguration.configured(new MockEnvironment()
                .withProperty("otel.traces.exporter", "none")
                .withProperty("otel.exporter.otlp.endpoint", "http://collector:4318"))).isFalse();
    }

    @Test
    void configured_withTheSdkDisabled_isOff() {
        assertThat(TracingConfiguration.configured(new MockEnvironment()
                .withProperty("otel.sdk.disabled", "true")
                .withProperty("otel.traces.exporter", "otlp"))).isFalse();
    }

    @Test
    void configured_withTheSdkNotDisabled_isOn() {
        assertThat(TracingConfiguration.configured(new MockEnvironment()
                .withProperty("otel.sdk.disabled", "false")
                .withProperty("otel.exporter.otlp.endpoint", "http://collector:4318"))).isTrue();
    }
}
