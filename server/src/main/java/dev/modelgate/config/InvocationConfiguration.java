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
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The invocation path: tenant sessions ({@link TenantSessionProperties}), Bedrock clients and the invoker
 * ({@link BedrockProperties}, {@link AwsProperties#endpointOverride()}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TenantSessionProperties.class, BedrockProperties.class, AwsProperties.class})
public class InvocationConfiguration {

    /**
     * Sessions of tenant roles, handed out only for roles approved for the calling workspace
     * ({@link ApprovedRoleCredentials}): nothing reaches STS for any other.
     */
    @Bean
    TenantCredentials tenantCredentials(StsClients stsClients, Clock clock, RoleApprovals approvals,
                                        TenantSessionProperties sessions, MeterRegistry meters, Tracing tracing) {
        return new ApprovedRoleCredentials(StsTenantCredentials.builder().stsClients(stsClients).clock(clock)
                .sessionDuration(sessions.duration()).refreshMargin(sessions.refreshMargin())
                .maximumSize(sessions.maxSize()).meters(meters).tracing(tracing).build(), approvals);
    }

    @Bean(destroyMethod = "close")
    BedrockClients bedrockClients(AwsProperties aws, BedrockProperties bedrock) {
        BedrockClients.Builder builder = BedrockClients.builder().maxResponseBytes(bedrock.maxResponseBytes());
        aws.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Builds the async client's shared parts once the application is up, off the startup path. */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>
    bedrockAsyncWarmUp(BedrockClients clients) {
        return event -> Thread.ofVirtual().name("modelgate-bedrock-warm-up")
                .start(() -> clients.warmUp(dev.modelgate.connection.Region.of("us-east-1")));
    }

    /** Every call's deadline also ends at the {@link dev.modelgate.invoke.Cutoff} once the instance stops. */
    @Bean
    ModelInvoker modelInvoker(TenantCredentials credentials, BedrockClients clients, Clock clock,
                              dev.modelgate.invoke.Cutoff cutoff, BedrockProperties bedrock, Tracing tracing) {
        return new ModelInvoker(credentials, clients, bedrock.retry().policy(), clock, cutoff, tracing);
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
