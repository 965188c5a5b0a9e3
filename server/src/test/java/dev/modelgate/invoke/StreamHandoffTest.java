package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

/** The hand-off's demand: what it asks a publisher for is what its consumer took, plus its capacity; no more. */
class StreamHandoffTest {

    /** A subscription that records the demand signalled and whether it was cancelled. */
    static final class RecordingSubscription implements Subscription {
        final AtomicLong demand = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void request(long n) {
            demand.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    @Test
    void asksForItsCapacity_thenOneMorePerItemTaken() throws InterruptedException {
        StreamHandoff<String> handoff = new StreamHandoff<>();
        RecordingSubscription subscription = new RecordingSubscription();

        handoff.onSubscribe(subscription);
        assertThat(subscription.demand).hasValue(StreamHandoff.CAPACITY);
        handoff.onNext("a");
        handoff.onNext("b");
        assertThat(subscription.demand).as("nothing taken: no more asked for").hasValue(StreamHandoff.CAPACITY);

        assertThat(handoff.next(Duration.ZERO)).isEqualTo(new StreamHandoff.Item<>("a"));
        assertThat(subscription.demand).hasValue(StreamHandoff.CAPACITY + 1);
        assertThat(handoff.next(Duration.ZERO)).isEqualTo(new StreamHandoff.Item<>("b"));
        assertThat(handoff.next(Duration.ZERO)).as("nothing queued").isNull();
        assertThat(handoff.requested()).isEqualTo(StreamHandoff.CAPACITY + 2);
    }

    @Test
    void publisherSendingPastDemand_isCancelledAndFails_ratherThanBuffered() throws InterruptedException {
        StreamHandoff<String> handoff = new StreamHandoff<>();
        RecordingSubscription subscription = new RecordingSubscription();
        handoff.onSubscribe(subscription);

        for (int i = 0; i <= StreamHandoff.CAPACITY; i++) {
            handoff.onNext("item " + i);
        }

        assertThat(subscription.cancelled).isTrue();
        for (int i = 0; i < StreamHandoff.CAPACITY; i++) {
            assertThat(handoff.next(Duration.ZERO)).isInstanceOf(StreamHandoff.Item.class);
        }
        assertThat(handoff.next(Duration.ZERO)).isInstanceOfSatisfying(StreamHandoff.Failed.class,
                f -> assertThat(f.error()).hasMessageContaining("more items than the 2 requested"));
    }

    @Test
    void terminalSignalsComeAfterTheItems_andOnlyTheFirstCounts() throws InterruptedException {
        StreamHandoff<String> handoff = new StreamHandoff<>();
        handoff.onSubscribe(new RecordingSubscription());
        handoff.onNext("a");
        handoff.onComplete();
        handoff.fail(new IllegalStateException("late"));

        assertThat(handoff.next(Duration.ZERO)).isEqualTo(new StreamHandoff.Item<>("a"));
        assertThat(handoff.next(Duration.ZERO)).isInstanceOf(StreamHandoff.Completed.class);
        assertThat(handoff.next(Duration.ZERO)).isNull();
    }

    @Test
    void cancelBeforeTheSubscription_cancelsItWhenItComes() {
        StreamHandoff<String> handoff = new StreamHandoff<>();
        handoff.cancel();
        RecordingSubscription subscription = new RecordingSubscription();

        handoff.onSubscribe(subscription);

        assertThat(subscription.cancelled).isTrue();
        assertThat(subscription.demand).hasValue(0);
    }

    @Test
    void streamsExceptionEvent_afterTheSdksCancellationOfTheConnection_isTheFailureReported()
            throws InterruptedException {
        StreamHandoff<String> handoff = new StreamHandoff<>();
        handoff.onSubscribe(new RecordingSubscription());
        handoff.onNext("a");
        Exception cancelled = new java.util.concurrent.CompletionException(
                new software.amazon.awssdk.http.SdkCancellationException("Subscriber cancelled"));
        Exception streamError = new IllegalStateException("modelStreamErrorException");

        handoff.onError(cancelled);
        handoff.fail(streamError);

        assertThat(handoff.next(Duration.ZERO)).isEqualTo(new StreamHandoff.Item<>("a"));
        assertThat(handoff.next(Duration.ZERO)).isEqualTo(new StreamHandoff.Failed<>(streamError));
        assertThat(handoff.next(Duration.ZERO)).isNull();
    }

    @Test
    void aPreciseFailure_isNotReplacedByALaterCancellation_norATakenOneAtAll() throws InterruptedException {
        StreamHandoff<String> precise = new StreamHandoff<>();
        Exception streamError = new IllegalStateException("modelStreamErrorException");
        precise.fail(streamError);
        precise.onError(new software.amazon.awssdk.http.SdkCancellationException("Subscriber cancelled"));
        assertThat(precise.next(Duration.ZERO)).isEqualTo(new StreamHandoff.Failed<>(streamError));
        assertThat(precise.next(Duration.ZERO)).isNull();

        StreamHandoff<String> taken = new StreamHandoff<>();
        Exception cancelled = new software.amazon.awssdk.http.SdkCancellationException("Subscriber cancelled");
        taken.onError(cancelled);
        assertThat(taken.next(Duration.ZERO)).isEqualTo(new StreamHandoff.Failed<>(cancelled));
        taken.fail(streamError);
        assertThat(taken.next(Duration.ZERO)).as("the consumer already ended").isNull();
    }
}
