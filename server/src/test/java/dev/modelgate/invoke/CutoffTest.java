package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CutoffTest {

    @Test
    void cut_interruptsTheThreadOfAnAttemptInProgress_andTheInterruptionEndsWithTheAttempt() throws Exception {
        Cutoff cutoff = Cutoff.create();
        cutoff.at(Instant.now());
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        CompletableFuture<Boolean> waitInterrupted = new CompletableFuture<>();
        Thread attempt = Thread.ofVirtual().start(() -> {
            try (Cutoff.Attempt running = cutoff.enter()) {
                entered.countDown();
                new CountDownLatch(1).await(1, TimeUnit.MINUTES); // an attempt waiting for Bedrock
                waitInterrupted.complete(false);
            } catch (InterruptedException e) {
                waitInterrupted.complete(true);
            }
            interruptedAfter.complete(Thread.currentThread().isInterrupted());
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cutoff.attemptsRunning()).isEqualTo(1);

        cutoff.cut();

        assertThat(waitInterrupted.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).isFalse();
        attempt.join();
        assertThat(cutoff.attemptsRunning()).isZero();
    }

    @Test
    void anAttemptThatEnded_isNotInterruptedByALaterCut() {
        Cutoff cutoff = Cutoff.create();
        cutoff.at(Instant.now());
        try (Cutoff.Attempt running = cutoff.enter()) {
            assertThat(cutoff.attemptsRunning()).isEqualTo(1);
        }

        cutoff.cut();

        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void at_keepsTheEarliestInstant_andClearForgetsIt() {
        Cutoff cutoff = Cutoff.create();

        cutoff.at(Instant.EPOCH.plusSeconds(30));
        cutoff.at(Instant.EPOCH.plusSeconds(10));
        cutoff.at(Instant.EPOCH.plusSeconds(20));

        assertThat(cutoff.instant()).isEqualTo(Instant.EPOCH.plusSeconds(10));
        cutoff.clear();
        assertThat(cutoff.instant()).isNull();
    }

    @Test
    void none_isNeverSet_andItsAttemptsAreNeverInterrupted() {
        assertThatThrownBy(() -> Cutoff.none().at(Instant.EPOCH)).isInstanceOf(UnsupportedOperationException.class);
        try (Cutoff.Attempt running = Cutoff.none().enter()) {
            assertThat(Cutoff.none().attemptsRunning()).isZero();
        }
    }

    @Test
    void cut_beforeAnInstantIsSet_isRefused() {
        assertThatThrownBy(() -> Cutoff.create().cut()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a cutoff is cut only once its instant is set");
    }
}
