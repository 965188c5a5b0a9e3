package dev.modelgate.config;

import dev.modelgate.credentials.ApprovedRoleCredentials;
import dev.modelgate.credentials.RoleApprovals;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.StsTenantCredentials;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.invoke.BedrockClients;
import dev.modelgate.invoke.ModelInvoker;
import dev.modelgate.invoke.StreamingInvocations;
import dev.modelgate.invoke.StreamingInvoker;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.tracing.Tracing;
import dev.modelgate.usage.UsageRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import dev.modelgate.invoke.RetryPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The invocation path: tenant sessions, Bedrock clients and the invoker. Properties (all optional):
 * <ul>
 *   <li>{@code modelgate.sessions.duration} — how long an assumed-role session lasts (STS's DurationSeconds;
 *       15 minutes to 12 hours, default 1 hour; the role's MaxSessionDuration must allow it)</li>
 *   <li>{@code modelgate.sessions.refresh-margin} — renew a session this long before it expires (default 5 minutes)</li>
 *   <li>{@code modelgate.sessions.max-size} — the most sessions kept (default 10,000; least recently used go first)</li>
 *   <li>{@code modelgate.bedrock.max-response-bytes} — cap on one answer's body (default 10 MiB)</li>
 *   <li>{@code modelgate.bedrock.retry.max-attempts}, {@code .base-delay}, {@code .max-delay} — retries of throttling,
 *       5xx and ModelNotReady (default 3 attempts, 100 ms, 2 s; full jitter)</li>
 *   <li>{@code modelgate.aws.endpoint-override} — send every Bedrock call there (the emulator), as for STS</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class InvocationConfiguration {

    /**
     * Sessions of tenant roles, handed out only for roles approved for the calling workspace
     * ({@link ApprovedRoleCredentials}): nothing reaches STS for any other.
     */
    @Bean
    TenantCredentials tenantCredentials(StsClients stsClients, Clock clock, RoleApprovals approvals,
                                        @Value("${modelgate.sessions.duration:PT1H}") Duration duration,
                                        @Value("${modelgate.sessions.refresh-margin:PT5M}") Duration refreshMargin,
                                        @Value("${modelgate.sessions.max-size:10000}") long maxSize,
                                        io.micrometer.core.instrument.MeterRegistry meters, Tracing tracing) {
        return new ApprovedRoleCredentials(StsTenantCredentials.builder().stsClients(stsClients).clock(clock)
                .sessionDuration(duration).refreshMargin(refreshMargin).maximumSize(maxSize).meters(meters)
                .tracing(tracing).build(), approvals);
    }

    @Bean(destroyMethod = "close")
    BedrockClients bedrockClients(@Value("${modelgate.aws.endpoint-override:}") String endpointOverride,
                                  @Value("${modelgate.bedrock.max-response-bytes:10485760}") long maxResponseBytes) {
        BedrockClients.Builder builder = BedrockClients.builder().maxResponseBytes(maxResponseBytes);
        if (!endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride.strip()));
        }
        return builder.build();
    }

    /** Builds the async client's shared parts once the application is up, off the startup path. */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>
    bedrockAsyncWarmUp(BedrockClients clients) {
        return event -> Thread.ofVirtual().name("modelgate-bedrock-warm-up")
                .start(() -> clients.warmUp(dev.modelgate.connection.Region.of("us-east-1")));
    }

    @Bean
    ModelInvoker modelInvoker(TenantCredentials credentials, BedrockClients clients, Clock clock,
                              @Value("${modelgate.bedrock.retry.max-attempts:3}") int maxAttempts,
                              @Value("${modelgate.bedrock.retry.base-delay:PT0.1S}") Duration baseDelay,
                              @Value("${modelgate.bedrock.retry.max-delay:PT2S}") Duration maxDelay,
                              Tracing tracing) {
        return new ModelInvoker(credentials, clients, new RetryPolicy(maxAttempts, baseDelay, maxDelay), clock,
                tracing);
    }

    @Bean
    dev.modelgate.invoke.ConverseInvoker converseInvoker(ModelInvoker invoker) {
        return new dev.modelgate.invoke.ConverseInvoker(invoker);
    }

    /** Streams ({@code InvokeModelWithResponseStream}), retried before their first event as invocations are. */
    @Bean
    StreamingInvoker streamingInvoker(ModelInvoker invoker) {
        return new StreamingInvoker(invoker);
    }

    @Bean
    StreamingInvocations streamingInvocations(ExternalModels models, ModelInvoker invoker, StreamingInvoker streams,
                                              UsageRecorder usage, Clock clock, MeterRegistry meters) {
        return new StreamingInvocations(models, invoker, streams, usage, clock, meters);
    }
}
