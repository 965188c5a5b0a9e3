package dev.modelgate.emulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    private final FaultInjector faults = new FaultInjector();

    @Test
    void take_consumesAFaultExactlyCountTimes() {
        faults.enqueue(Fault.next(2, FaultKind.THROTTLING));

        assertThat(faults.take("m", "InvokeModel").kind()).isEqualTo(FaultKind.THROTTLING);
        assertThat(faults.queued()).singleElement().extracting(Fault::count).isEqualTo(1);
        assertThat(faults.take("m", "Converse").kind()).isEqualTo(FaultKind.THROTTLING);
        assertThat(faults.take("m", "InvokeModel")).isNull();
        assertThat(faults.queued()).isEmpty();
    }

    @Test
    void take_honoursModelAndOperationFilters_inQueueOrder() {
        faults.enqueue(new Fault(FaultKind.MODEL_TIMEOUT, 1, "a.model", "Converse", 0, null));
        faults.enqueue(new Fault(FaultKind.INTERNAL_SERVER, 1, null, null, 0, null));

        assertThat(faults.take("b.model", "Converse").kind()).isEqualTo(FaultKind.INTERNAL_SERVER);
        assertThat(faults.take("a.model", "InvokeModel")).isNull();
        assertThat(faults.take("a.model", "Converse").kind()).isEqualTo(FaultKind.MODEL_TIMEOUT);
    }

    @Test
    void midStreamFault_skipsNonStreamingCalls() {
        faults.enqueue(new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, null, null, 2, "throttlingException"));

        assertThat(faults.take("m", "InvokeModel")).isNull();
        assertThat(faults.take("m", "ConverseStream").afterChunks()).isEqualTo(2);
    }

    @Test
    void latency_ownBeatsDefault_andResetClearsEverything() {
        Latency slow = Latency.ofMillis(50, 0, 0, 0);
        Latency slower = Latency.ofMillis(80, 0, 0, 0);
        faults.setLatency(FaultInjector.ANY_MODEL, slow);
        faults.setLatency("a.model", slower);
        faults.setStsDown(true);
        faults.enqueue(Fault.next(1, FaultKind.THROTTLING));

        assertThat(faults.latencyFor("a.model")).isEqualTo(slower);
        assertThat(faults.latencyFor("b.model")).isEqualTo(slow);

        faults.reset();

        assertThat(faults.latencyFor("a.model")).isEqualTo(Latency.NONE);
        assertThat(faults.stsDown()).isFalse();
        assertThat(faults.queued()).isEmpty();
    }

    @Test
    void fault_rejectsOutOfRangeValues_namingTheField() {
        assertThatThrownBy(() -> Fault.next(0, FaultKind.THROTTLING))
                .hasMessage("count must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> new Fault(FaultKind.THROTTLING, 1, null, "Invoke", 0, null))
                .hasMessageStartingWith("operation must be one of [Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream], got \"Invoke\"");
        assertThatThrownBy(() -> new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, null, null, 0, "boomException"))
                .hasMessageStartingWith("exceptionType must be one of [");
    }

    @Test
    void latency_rejectsNegativeAndHugeValues() {
        assertThatThrownBy(() -> Latency.ofMillis(-1, 0, 0, 0)).hasMessage("fixedMs must be between 0 and 600000 ms, got -1");
        assertThatThrownBy(() -> new Latency(Duration.ZERO, Duration.ofMinutes(11), null, null))
                .hasMessage("jitterMs must be between 0 and 600000 ms, got 660000");
        assertThat(new Latency(null, null, null, null)).isEqualTo(Latency.NONE);
    }
}
