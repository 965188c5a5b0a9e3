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
import dev.modelgate.testrun.StageBounds;
import dev.modelgate.testrun.TestRunner;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Test run and what it needs beyond the invocation path: Bedrock's control plane as the tenant sees it, the
 * External ID probe, and the record of runs. Properties (optional): {@code modelgate.bedrock.catalog.timeout} — limit
 * on one control-plane call (default 10 s); {@code modelgate.bedrock.catalog.max-results} — entries one listing
 * returns at most (default 1000); {@code modelgate.aws.endpoint-override} — as for STS and Bedrock;
 * {@code modelgate.test-run.assume-role-bound} and {@code .map-bound} — the bounds of a Test's ASSUME_ROLE and MAP
 * stages (default 30 s and 5 s; INVOKE's is the model's total timeout), see {@link StageBounds}.
 */
@Configuration(proxyBeanMethods = false)
public class TestRunConfiguration {

    @Bean(destroyMethod = "close")
    BedrockCatalogs bedrockCatalogs(TenantCredentials credentials,
                                    @Value("${modelgate.aws.endpoint-override:}") String endpointOverride,
                                    @Value("${modelgate.bedrock.catalog.timeout:PT10S}") Duration timeout,
                                    @Value("${modelgate.bedrock.catalog.max-results:1000}") int maxResults) {
        BedrockCatalogs.Builder builder = BedrockCatalogs.builder().credentials(credentials).apiCallTimeout(timeout)
                .maxResults(maxResults);
        if (!endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride.strip()));
        }
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
                          TransactionTemplate transactions,
                          @Value("${modelgate.test-run.assume-role-bound:PT30S}") Duration assumeRoleBound,
                          @Value("${modelgate.test-run.map-bound:PT5S}") Duration mapBound) {
        return new TestRunner(credentials, probe, invoker, streams, catalogs, platform, models, runs, json, clock, usage,
                audit, transactions, new StageBounds(assumeRoleBound, mapBound));
    }
}
