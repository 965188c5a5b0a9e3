package dev.modelgate.config;

import dev.modelgate.audit.AuditLog;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.RoleVerifier;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.platform.OperatorSettings;
import dev.modelgate.platform.PlatformSettingsRepository;
import dev.modelgate.registration.RegistrationApprovals;
import dev.modelgate.registration.RegistrationVerification;
import dev.modelgate.registration.RoleRegistrationRepository;
import dev.modelgate.registration.RoleRegistrations;
import dev.modelgate.workspace.ExternalIdRotation;
import dev.modelgate.workspace.WorkspaceContext;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Role registrations — the gate in front of every {@code AssumeRole} — the platform settings, and External ID
 * rotation. Automatic verification asks STS in {@link AwsProperties#region()}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AwsProperties.class)
public class RegistrationConfiguration {

    @Bean
    RoleRegistrationRepository roleRegistrationRepository(JdbcClient jdbc) {
        return new RoleRegistrationRepository(jdbc);
    }

    @Bean
    RegistrationApprovals registrationApprovals(RoleRegistrationRepository repository,
                                                dev.modelgate.cluster.Invalidations invalidations) {
        return new RegistrationApprovals(repository, invalidations);
    }

    @Bean
    PlatformSettingsRepository platformSettingsRepository(JdbcClient jdbc) {
        return new PlatformSettingsRepository(jdbc);
    }

    @Bean
    OperatorSettings operatorSettings(PlatformSettingsRepository repository, AuditLog audit,
                                      TransactionTemplate transactions, Clock clock) {
        return new OperatorSettings(repository, audit, transactions, clock);
    }

    @Bean
    RegistrationVerification registrationVerification(StsClients stsClients, WorkspaceRepository workspaces,
                                                      AwsProperties aws) {
        return new RegistrationVerification(new RoleVerifier(stsClients), workspaces,
                StsEndpoint.regional(aws.stsRegion()));
    }

    @Bean
    RoleRegistrations roleRegistrations(RoleRegistrationRepository repository, RegistrationApprovals approvals,
                                        TenantCredentials credentials, RegistrationVerification verification,
                                        PlatformSettingsRepository settings, WorkspaceRepository workspaces,
                                        AuditLog audit, JsonMapper json, TransactionTemplate transactions,
                                        Clock clock) {
        return new RoleRegistrations(repository, approvals, credentials, verification, settings, workspaces, audit,
                json, transactions, clock);
    }

    @Bean
    ExternalIdRotation externalIdRotation(WorkspaceRepository workspaces, TenantCredentials credentials,
                                          AuditLog audit, JsonMapper json, TransactionTemplate transactions,
                                          Clock clock, WorkspaceContext context) {
        return new ExternalIdRotation(workspaces, credentials, audit, json, transactions, clock, context::invalidate);
    }
}
