package dev.modelgate.config;

import dev.modelgate.cluster.Invalidations;

import dev.modelgate.access.AccountRepository;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKeyRepository;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.RateLimits;
import dev.modelgate.access.Role;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.workspace.WorkspaceOverviews;
import dev.modelgate.workspace.WorkspaceRepository;
import dev.modelgate.workspace.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts, API keys, workspaces and rate limits.
 *
 * <ul>
 *   <li>{@code modelgate.sign-in.max-failures} (default 5) consecutive wrong passwords lock an account for
 *       {@code modelgate.sign-in.lock-for} (default 15 minutes).</li>
 *   <li>{@code modelgate.limits.per-caller.*} (default 50 requests per second, burst 100) for each API key and
 *       signed-in account, {@code modelgate.limits.per-workspace.*} (default 200, burst 400) for each workspace,
 *       {@code modelgate.limits.sign-in.*} (default 1 per second, burst 10) for sign-in attempts per address.</li>
 *   <li>{@code modelgate.bootstrap.operator.username} and {@code .password}: with no operator account yet, the first
 *       start creates this one (how a new installation gets its first operator; set them from a secret store).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
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
                      Clock clock,
                      @Value("${modelgate.sign-in.max-failures:5}") int maxFailures,
                      @Value("${modelgate.sign-in.lock-for:15m}") Duration lockFor) {
        return new Accounts(new AccountRepository(jdbc), passwords, audit, transactions, clock,
                new Accounts.SignInPolicy(maxFailures, lockFor));
    }

    /**
     * Instances on one PostgreSQL tell each other what went stale ({@link Invalidations}); on H2, which one instance
     * owns, nothing is sent.
     */
    @Bean(destroyMethod = "close")
    Invalidations invalidations(javax.sql.DataSource dataSource,
                                @Value("${spring.datasource.url:}") String url) {
        return url.startsWith("jdbc:postgresql:") ? Invalidations.postgres(dataSource) : Invalidations.local();
    }

    /** Keys looked up are kept {@code modelgate.keys.lookup-ttl} (default 10 s), behind the invalidations. */
    @Bean
    ApiKeys apiKeys(JdbcClient jdbc, AuditLog audit, TransactionTemplate transactions, Clock clock,
                    Invalidations invalidations,
                    @Value("${modelgate.keys.lookup-ttl:PT10S}") Duration lookupTtl) {
        return new ApiKeys(new ApiKeyRepository(jdbc), audit, transactions, clock, invalidations, lookupTtl);
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
    RateLimits rateLimits(@Value("${modelgate.limits.per-caller.requests-per-second:50}") long callerRate,
                          @Value("${modelgate.limits.per-caller.burst:100}") long callerBurst,
                          @Value("${modelgate.limits.per-workspace.requests-per-second:200}") long workspaceRate,
                          @Value("${modelgate.limits.per-workspace.burst:400}") long workspaceBurst,
                          @Value("${modelgate.limits.sign-in.requests-per-second:1}") long signInRate,
                          @Value("${modelgate.limits.sign-in.burst:10}") long signInBurst,
                          RateLimits.Buckets buckets, io.micrometer.core.instrument.MeterRegistry meters) {
        return new RateLimits(new RateLimits.Limit(callerRate, callerBurst),
                new RateLimits.Limit(workspaceRate, workspaceBurst), new RateLimits.Limit(signInRate, signInBurst),
                buckets, meters);
    }

    @Bean
    ApplicationRunner bootstrapOperator(Accounts accounts,
                                        @Value("${modelgate.bootstrap.operator.username:}") String username,
                                        @Value("${modelgate.bootstrap.operator.password:}") String password) {
        return arguments -> {
            if (!username.isBlank() && !accounts.anyOperator()) {
                accounts.create(username, password, Role.OPERATOR, null, "modelgate (bootstrap)");
                log.info("Created the platform operator account \"{}\" (modelgate.bootstrap.operator)", username);
            }
        };
    }
}
