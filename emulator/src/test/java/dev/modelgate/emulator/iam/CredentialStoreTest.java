package dev.modelgate.emulator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CredentialStoreTest {

    private static final Instant START = Instant.parse("2026-11-24T18:09:18.250Z");

    private final World world = WorldLoader.defaultWorld();
    private final MutableClock clock = new MutableClock(START);
    private final CredentialStore store = new CredentialStore(world, clock);
    private final Principal.RoleSession session = new Principal.RoleSession(
            world.role("arn:aws:iam::222222222222:role/ModelgateBedrockAccess").orElseThrow(), "gw-tenant-42", List.of(), null);

    @Test
    void resolve_longTermKey_givesItsUserAndSecretWithoutToken() {
        ResolvedCredential credential = store.resolve("AKIAMODELGATEPLATFRM").orElseThrow();

        assertThat(credential.secret()).isEqualTo(world.accessKey("AKIAMODELGATEPLATFRM").orElseThrow().key().secret());
        assertThat(credential.principal().arn()).isEqualTo("arn:aws:iam::111111111111:user/modelgate-platform");
        assertThat(credential.temporary()).isFalse();
        assertThat(credential.sessionToken()).isNull();
        assertThat(credential.expiration()).isNull();
        assertThat(credential.expiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void resolve_unknownKey_isEmpty() {
        assertThat(store.resolve("AKIAUNKNOWN000000000")).isEmpty();
        assertThat(store.resolve("ASIAUNKNOWN000000000")).isEmpty();
    }

    @Test
    void issueSession_givesAwsShapedCredentialsExpiringInWholeSeconds() {
        IssuedSession issued = store.issueSession(session, Duration.ofSeconds(900));

        assertThat(issued.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(issued.secretAccessKey()).hasSize(40).matches("[A-Za-z0-9+/]{40}");
        assertThat(issued.sessionToken()).startsWith("IQoJb3JpZ2luX2Vj").hasSizeGreaterThan(300)
                .matches("[A-Za-z0-9+/=]+");
        assertThat(issued.expiration()).isEqualTo(Instant.parse("2026-11-24T18:24:18Z"));
        assertThat(issued.session()).isEqualTo(session);
    }

    @Test
    void issueSession_eachSessionIsDistinct() {
        IssuedSession first = store.issueSession(session, Duration.ofHours(1));
        IssuedSession second = store.issueSession(session, Duration.ofHours(1));

        assertThat(first.accessKeyId()).isNotEqualTo(second.accessKeyId());
        assertThat(first.secretAccessKey()).isNotEqualTo(second.secretAccessKey());
        assertThat(first.sessionToken()).isNotEqualTo(second.sessionToken());
    }

    @Test
    void resolve_issuedSession_givesSecretTokenExpiryAndSessionPrincipal() {
        IssuedSession issued = store.issueSession(session, Duration.ofHours(1));

        ResolvedCredential credential = store.resolve(issued.accessKeyId()).orElseThrow();

        assertThat(credential.secret()).isEqualTo(issued.secretAccessKey());
        assertThat(credential.sessionToken()).isEqualTo(issued.sessionToken());
        assertThat(credential.expiration()).isEqualTo(issued.expiration());
        assertThat(credential.principal()).isEqualTo(session);
        assertThat(credential.principal().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/gw-tenant-42");
        assertThat(credential.temporary()).isTrue();
    }

    @Test
    void expiredSession_staysResolvableForAnHourThenIsPurged() {
        IssuedSession issued = store.issueSession(session, Duration.ofSeconds(900));

        clock.advance(Duration.ofSeconds(900));
        ResolvedCredential expired = store.resolve(issued.accessKeyId()).orElseThrow();
        assertThat(expired.expiredAt(clock.instant())).isTrue();

        clock.advance(Duration.ofMinutes(59));
        assertThat(store.resolve(issued.accessKeyId())).isPresent();

        clock.advance(Duration.ofMinutes(1));
        assertThat(store.resolve(issued.accessKeyId())).isEmpty();
        assertThat(store.sessionCount()).isZero();
    }

    @Test
    void expiredAt_isTrueFromTheExpirationInstantOn() {
        IssuedSession issued = store.issueSession(session, Duration.ofSeconds(900));
        ResolvedCredential credential = store.resolve(issued.accessKeyId()).orElseThrow();

        assertThat(credential.expiredAt(issued.expiration().minusMillis(1))).isFalse();
        assertThat(credential.expiredAt(issued.expiration())).isTrue();
    }

    @Test
    void periodicSweep_purgesLongExpiredSessionsNobodyLooksUp() {
        for (int i = 0; i < 1000; i++) {
            store.issueSession(session, Duration.ofSeconds(900));
        }
        clock.advance(Duration.ofHours(2));
        for (int i = 0; i < 100; i++) {
            store.issueSession(session, Duration.ofSeconds(900));
        }

        assertThat(store.sessionCount()).isEqualTo(100);
    }

    @Test
    void bound_forgetsTheOldestSessionFirst() {
        CredentialStore small = new CredentialStore(world, clock, new SecureRandom(), 2);
        IssuedSession first = small.issueSession(session, Duration.ofHours(1));
        IssuedSession second = small.issueSession(session, Duration.ofHours(1));
        IssuedSession third = small.issueSession(session, Duration.ofHours(1));

        assertThat(small.resolve(first.accessKeyId())).isEmpty();
        assertThat(small.resolve(second.accessKeyId())).isPresent();
        assertThat(small.resolve(third.accessKeyId())).isPresent();
        assertThat(small.sessionCount()).isEqualTo(2);
    }

    @Test
    void issueSession_nonPositiveDuration_isRejected() {
        assertThatThrownBy(() -> store.issueSession(session, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session duration must be positive, got PT0S");
    }

    @Test
    void toString_neverShowsSecretsOrTokens() {
        IssuedSession issued = store.issueSession(session, Duration.ofHours(1));
        ResolvedCredential resolved = store.resolve(issued.accessKeyId()).orElseThrow();
        ResolvedCredential longTerm = store.resolve("AKIAMODELGATEPLATFRM").orElseThrow();

        assertThat(issued.toString()).contains(issued.accessKeyId())
                .doesNotContain(issued.secretAccessKey()).doesNotContain(issued.sessionToken());
        assertThat(resolved.toString()).doesNotContain(issued.secretAccessKey()).doesNotContain(issued.sessionToken());
        assertThat(longTerm.toString()).doesNotContain(longTerm.secret());
    }

    @Test
    void concurrentIssuing_losesNoSession() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                futures.add(executor.submit(() -> {
                    IssuedSession issued = store.issueSession(session, Duration.ofHours(1));
                    ids.add(issued.accessKeyId());
                    assertThat(store.resolve(issued.accessKeyId())).isPresent();
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        assertThat(ids).hasSize(2000);
        assertThat(store.sessionCount()).isEqualTo(2000);
    }
}
