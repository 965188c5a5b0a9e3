package dev.modelgate.config;

import dev.modelgate.audit.AuditLog;
import dev.modelgate.catalog.BedrockCatalogs;
import dev.modelgate.credentials.ExternalIdProbe;
import dev.modelgate.credentials.RoleApprovals;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.invoke.ModelInvoker;
import dev.modelgate.invoke.StreamingInvoker;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.platform.PlatformIdentity;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.testrun.TestRunRepository;
import dev.modelgate.testrun.TestRunner;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Test run and what it needs beyond the invocation path: Bedrock's control plane as the tenant sees it
 * ({@link BedrockProperties.Catalog}), the External ID probe, and the record of runs; the stages' bounds are
 * {@link TestRunProperties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BedrockProperties.class, AwsProperties.class, TestRunProperties.class})
public class TestRunConfiguration {

    @Bean(destroyMethod = "close")
    BedrockCatalogs bedrockCatalogs(TenantCredentials credentials, AwsProperties aws, BedrockProperties bedrock) {
        BedrockCatalogs.Builder builder = BedrockCatalogs.builder().credentials(credentials)
                .apiCallTimeout(bedrock.catalog().timeout()).maxResults(bedrock.catalog().maxResults());
        aws.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Bean
    ExternalIdProbe externalIdProbe(StsClients stsClients, RoleApprovals approvals) {
        return new ExternalIdProbe(stsClients, approvals);
    }

    @Bean
    TestRunRepository testRunRepository(JdbcClient jdbc) {
        return new TestRunRepository(jdbc);
    }

    @Bean
    TestRunner testRunner(TenantCredentials credentials, ExternalIdProbe probe, ModelInvoker invoker,
                          StreamingInvoker streams, BedrockCatalogs catalogs, PlatformIdentity platform, ExternalModels models,
                          TestRunRepository runs, JsonMapper json, Clock clock, UsageRecorder usage, AuditLog audit,
                          TransactionTemplate transactions, TestRunProperties testRun,
                          dev.modelgate.model.ModelRoutings routings) {
        return new TestRunner(credentials, probe, invoker, streams, catalogs, platform, models, runs, json, clock, usage,
                audit, transactions, testRun.stageBounds(), routings);
    }
}
