package dev.modelgate.credentials;

import static dev.modelgate.credentials.Tenants.TENANT;
import static dev.modelgate.credentials.Tenants.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelgate.credentials.AssumeRoleException.Reason;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Many threads asking for one key at once share one {@code AssumeRole}. The emulator has no STS latency, so an SDK
 * interceptor holds the one {@code AssumeRole} on the wire until every other caller is parked waiting for it.
 */
class SingleFlightIT {

    private static final int CALLERS = 200;

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private final TestClock clock = new TestClock();
    private final AtomicInteger assumeRoleCalls = new AtomicInteger();
    private final List<Thread> callers = new ArrayList<>();
    private StsClients stsClients;
    private StsTenantCredentials credentials;

    @BeforeEach
    void credentials() {
        ExecutionInterceptor holdUntilEveryoneWaits = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof AssumeRoleRequest) {
                    assumeRoleCalls.incrementAndGet();
                }
            }

            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (callers.contains(Thread.currentThread())) {
                    awaitOtherCallersParked();
                }
            }
        };
        stsClients = StsClients.builder().platformCredentials(Tenants.platform()).endpointOverride(aws.endpoint())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(holdUntilEveryoneWaits).build())
                .build();
        credentials = StsTenantCredentials.builder().stsClients(stsClients).clock(clock).build();
    }

    @AfterEach
    void close() {
        stsClients.close();
    }

    @Test
    void session_manyConcurrentFirstCalls_makeOneAssumeRole_andAllGetItsSession() throws InterruptedException {
        Object[] results = callAtOnce();

        assertThat(assumeRoleCalls).hasValue(1);
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(1);
        assertThat(results).hasSize(CALLERS).allSatisfy(result -> assertThat(result).isSameAs(results[0]));
        assertThat(results[0]).isInstanceOf(TenantSession.class);
    }

    @Test
    void session_manyConcurrentCallsWithinTheMargin_makeOneRefreshingAssumeRole() throws InterruptedException {
        TenantSession stale = credentials.session(TENANT, WORKSPACE);
        Duration pastRefresh = Duration.between(clock.instant(), stale.expiration()).minusMinutes(4);
        clock.advance(pastRefresh);
        aws.emulator().clock().advance(pastRefresh);

        Object[] results = callAtOnce();

        assertThat(assumeRoleCalls).hasValue(2);
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(2);
        assertThat(results).allSatisfy(result -> assertThat(result).isSameAs(results[0]));
        assertThat(((TenantSession) results[0]).accessKeyId()).isNotEqualTo(stale.accessKeyId());
    }

    @Test
    void session_manyConcurrentCallsWhileStsIsDown_shareOneFailure_whichIsNotCached() throws InterruptedException {
        aws.emulator().faults().setStsDown(true);

        Object[] results = callAtOnce();

        assertThat(assumeRoleCalls).hasValue(1);
        assertThat(results).allSatisfy(result -> assertThat(result).isSameAs(results[0]));
        assertThat(results[0]).isInstanceOfSatisfying(AssumeRoleException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.STS_UNAVAILABLE));

        aws.emulator().faults().setStsDown(false);
        assertThat(credentials.session(TENANT, WORKSPACE)).isNotNull();
        assertThat(assumeRoleCalls).hasValue(2);
    }

    /** Starts {@link #CALLERS} virtual threads that ask for the tenant's session together; what each got or threw. */
    private Object[] callAtOnce() throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(CALLERS);
        for (int i = 0; i < CALLERS; i++) {
            int index = i;
            callers.add(Thread.ofVirtual().unstarted(() -> {
                try {
                    start.await();
                    results.set(index, credentials.session(TENANT, WORKSPACE));
                } catch (AssumeRoleException | InterruptedException e) {
                    results.set(index, e);
                }
            }));
        }
        callers.forEach(Thread::start);
        start.countDown();
        for (Thread caller : callers) {
            assertThat(caller.join(Duration.ofSeconds(30))).as("caller finished").isTrue();
        }
        Object[] all = new Object[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            all[i] = results.get(i);
        }
        return all;
    }

    /** Holds the calling thread until every other caller is parked (they have passed the start latch by then). */
    private void awaitOtherCallersParked() {
        Thread leader = Thread.currentThread();
        await().atMost(Duration.ofSeconds(20)).until(() -> callers.stream()
                .filter(caller -> caller != leader)
                .allMatch(caller -> caller.getState() == Thread.State.WAITING));
    }
}
