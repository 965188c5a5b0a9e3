package dev.modelgate.config;

import dev.modelgate.tracing.OpenTelemetryTracing;
import dev.modelgate.tracing.Tracing;
import dev.modelgate.web.TracingFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Tracing with OpenTelemetry, off unless configured. It is on when {@code OTEL_TRACES_EXPORTER} names an exporter
 * (other than {@code none}) or {@code OTEL_EXPORTER_OTLP_ENDPOINT} / {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set,
 * and {@code OTEL_SDK_DISABLED} is not {@code true}; each may also be given as the matching {@code otel.*} Spring
 * property or system property ({@code otel.traces.exporter}, …). Then the SDK is built by OpenTelemetry's own
 * autoconfigure module from every standard {@code OTEL_*} variable (sampler, propagators, resource, exporter
 * endpoint, headers, timeouts, batching), with Modelgate's defaults beneath them: service name
 * {@code spring.application.name} ({@code modelgate}) unless {@code OTEL_RESOURCE_ATTRIBUTES} names one, and protocol {@code http/protobuf} (the exporter sends over the
 * JDK's HttpClient; {@code grpc} is refused at start). Only traces are exported: Modelgate's metrics are Micrometer's
 * ({@code /actuator/prometheus}) and its logs go to the console, so {@code OTEL_METRICS_EXPORTER} and
 * {@code OTEL_LOGS_EXPORTER} are {@code none} whatever they say.
 *
 * <p>Off, nothing of the SDK is built: {@link Tracing#OFF} is the tracing, no filter is registered, and no
 * {@code traceparent} is answered.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    /** Where Modelgate's spans go: OpenTelemetry when it is configured, else nowhere. */
    @Bean
    Tracing tracing(ObjectProvider<OpenTelemetry> openTelemetry) {
        OpenTelemetry configured = openTelemetry.getIfAvailable();
        return configured == null ? Tracing.OFF : new OpenTelemetryTracing(configured);
    }

    /** The SDK and the request filter, only when tracing is configured. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(TracingConfigured.class)
    static class OpenTelemetrySdkConfiguration {

        /** Closed with the application, which exports the spans still queued. */
        @Bean(destroyMethod = "close")
        OpenTelemetrySdk openTelemetry(Environment environment) {
            String protocol = environment.getProperty("otel.exporter.otlp.traces.protocol",
                    environment.getProperty("otel.exporter.otlp.protocol", "http/protobuf"));
            if (!protocol.strip().equalsIgnoreCase("http/protobuf")) {
                throw new IllegalStateException("OTEL_EXPORTER_OTLP_PROTOCOL (or _TRACES_PROTOCOL) must be "
                        + "http/protobuf: Modelgate exports OTLP over HTTP (a collector's port 4318, path /v1/traces), "
                        + "got \"" + protocol + "\"");
            }
            return AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> properties(environment))
                    .addPropertiesCustomizer(config -> Map.of("otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none"))
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
        }

        /** Before Spring Security's filters, so that every API answer, a refusal too, carries the trace. */
        @Bean
        FilterRegistrationBean<TracingFilter> tracingFilter(OpenTelemetrySdk openTelemetry) {
            FilterRegistrationBean<TracingFilter> registration = new FilterRegistrationBean<>(
                    new TracingFilter(openTelemetry));
            registration.addUrlPatterns("/api/*", "/v1/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }

        /**
         * Modelgate's defaults, then every {@code otel.*} property Spring knows (application.yaml, command line,
         * tests); OpenTelemetry reads {@code OTEL_*} variables and {@code otel.*} system properties itself, above
         * these.
         */
        private static Map<String, String> properties(Environment environment) {
            Map<String, String> properties = new HashMap<>();
            // otel.service.name wins over OTEL_RESOURCE_ATTRIBUTES' service.name: a default only where neither is set.
            if (!environment.getProperty("otel.resource.attributes", "").contains("service.name=")) {
                properties.put("otel.service.name", environment.getProperty("spring.application.name", "modelgate"));
            }
            properties.put("otel.exporter.otlp.protocol", "http/protobuf");
            if (environment instanceof ConfigurableEnvironment configurable) {
                configurable.getPropertySources().stream()
                        .filter(EnumerablePropertySource.class::isInstance)
                        .flatMap(source -> java.util.Arrays.stream(
                                ((EnumerablePropertySource<?>) source).getPropertyNames()))
                        .filter(name -> name.startsWith("otel."))
                        .distinct()
                        .forEach(name -> {
                            String value = environment.getProperty(name);
                            if (value != null) {
                                properties.put(name, value);
                            }
                        });
            }
            return properties;
        }
    }

    /** Whether tracing is configured (see {@link TracingConfiguration}). */
    static boolean configured(PropertyResolver properties) {
        if (properties.getProperty("otel.sdk.disabled", Boolean.class, false)) {
            return false;
        }
        String exporter = properties.getProperty("otel.traces.exporter", "").strip().toLowerCase(Locale.ROOT);
        if (!exporter.isEmpty()) {
            return !exporter.equals("none");
        }
        return !properties.getProperty("otel.exporter.otlp.endpoint", "").isBlank()
                || !properties.getProperty("otel.exporter.otlp.traces.endpoint", "").isBlank();
    }

    static final class TracingConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return configured(context.getEnvironment());
        }
    }
}
