package dev.modelgate.config;

import dev.modelgate.cluster.Invalidations;

import dev.modelgate.access.AccountRepository;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKeyRepository;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.RateLimits;
import dev.modelgate.access.Role;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.workspace.WorkspaceOverviews;
import dev.modelgate.workspace.WorkspaceRepository;
import dev.modelgate.workspace.Workspaces;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts, API keys, workspaces and rate limits, configured by {@link SignInProperties}, {@link ApiKeyProperties},
 * {@link RateLimitProperties} and {@link BootstrapOperatorProperties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SignInProperties.class, ApiKeyProperties.class, RateLimitProperties.class,
        BootstrapOperatorProperties.class})
public class AccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

    /** Argon2id (Spring Security's current parameters), stored as {@code {argon2}…} so that it can be upgraded. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder("argon2",
                Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }

    @Bean
    Accounts accounts(JdbcClient jdbc, PasswordEncoder passwords, AuditLog audit, TransactionTemplate transactions,
                      Clock clock, SignInProperties signIn) {
        return new Accounts(new AccountRepository(jdbc), passwords, audit, transactions, clock, signIn.policy());
    }

    /**
     * Instances on one PostgreSQL tell each other what went stale ({@link Invalidations}); on H2, which one instance
     * owns, nothing is sent.
     */
    @Bean(destroyMethod = "close")
    Invalidations invalidations(javax.sql.DataSource dataSource, DataSourceProperties properties) {
        String url = properties.getUrl();
        return url != null && url.startsWith("jdbc:postgresql:") ? Invalidations.postgres(dataSource)
                : Invalidations.local();
    }

    /** Keys looked up are kept {@code modelgate.keys.lookup-ttl}, behind the invalidations. */
    @Bean
    ApiKeys apiKeys(JdbcClient jdbc, AuditLog audit, TransactionTemplate transactions, Clock clock,
                    Invalidations invalidations, ApiKeyProperties keys) {
        return new ApiKeys(new ApiKeyRepository(jdbc), audit, transactions, clock, invalidations, keys.lookupTtl());
    }

    @Bean
    Workspaces workspaces(WorkspaceRepository repository, Accounts accounts, AuditLog audit,
                          TransactionTemplate transactions, Clock clock) {
        return new Workspaces(repository, accounts, audit, transactions, clock);
    }

    /** What operators see of each workspace: counts, and one workspace's models, keys, members, registrations. */
    @Bean
    WorkspaceOverviews workspaceOverviews(JdbcClient jdbc, Clock clock) {
        return new WorkspaceOverviews(jdbc, clock);
    }

    @Bean
    RateLimits rateLimits(RateLimitProperties limits, RateLimits.Buckets buckets,
                          io.micrometer.core.instrument.MeterRegistry meters) {
        return new RateLimits(limits.perCaller().limit(), limits.perWorkspace().limit(),
                limits.perWorkspace().tokenLimit(), limits.signIn().limit(), buckets, meters);
    }

    @Bean
    ApplicationRunner bootstrapOperator(Accounts accounts, BootstrapOperatorProperties operator) {
        return arguments -> {
            if (operator.requested() && !accounts.anyOperator()) {
                try {
                    accounts.create(operator.username(), operator.password(), Role.OPERATOR, null,
                            "modelgate (bootstrap)");
                    log.info("Created the platform operator account \"{}\" (modelgate.bootstrap.operator)",
                            operator.username());
                } catch (InvalidInputException e) {
                    // Instances starting together on an empty database all see no operator; one insert wins.
                    boolean createdByAnother = e.violations().stream().allMatch(v -> v.rule().equals("unique-username"))
                            && accounts.findByUsername(operator.username()).map(a -> a.role() == Role.OPERATOR)
                            .orElse(false);
                    if (!createdByAnother) {
                        throw e;
                    }
                    log.info("The platform operator account \"{}\" was created by another instance meanwhile",
                            operator.username());
                }
            }
        };
    }
}
