package dev.modelgate.emulator.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class RequestJournalTest {

    private final RequestJournal journal = new RequestJournal();

    private RecordedRequest entry(String operation) {
        return new RecordedRequest(journal.nextSequence(), Instant.EPOCH, "id", "sts", operation, "POST", "/", "",
                Map.of(), "", 0, null, null, 200, null);
    }

    @Test
    void keepsTheLastCapacityRequests_oldestFirst() {
        for (int i = 0; i < RequestJournal.CAPACITY + 5; i++) {
            journal.record(entry("Op" + i));
        }

        List<RecordedRequest> all = journal.all();
        assertThat(all).hasSize(RequestJournal.CAPACITY);
        assertThat(all.getFirst().operation()).isEqualTo("Op5");
        assertThat(journal.last().sequence()).isEqualTo(RequestJournal.CAPACITY + 5);
    }

    @Test
    void ofOperation_filters_andClearRestartsTheSequence() {
        journal.record(entry("AssumeRole"));
        journal.record(entry("InvokeModel"));
        journal.record(entry("AssumeRole"));

        assertThat(journal.ofOperation("AssumeRole")).extracting(RecordedRequest::sequence).containsExactly(1L, 3L);

        journal.clear();

        assertThat(journal.all()).isEmpty();
        assertThat(journal.nextSequence()).isEqualTo(1);
    }

    @Test
    void record_ofARequestThatArrivedBeforeAClear_isDropped_andLaterOnesAreNumberedFromOne() {
        // A request held by injected latency outlives its test: the next test's reset must not find it afterwards.
        long arrivedBeforeTheReset = journal.epoch();
        journal.clear();
        long arrivedAfterTheReset = journal.epoch();

        boolean late = journal.record(arrivedBeforeTheReset, sequence -> entry(sequence, "InvokeModel"));
        boolean current = journal.record(arrivedAfterTheReset, sequence -> entry(sequence, "AssumeRole"));

        assertThat(late).isFalse();
        assertThat(current).isTrue();
        assertThat(journal.all()).extracting(RecordedRequest::operation, RecordedRequest::sequence)
                .containsExactly(Tuple.tuple("AssumeRole", 1L));
    }

    private static RecordedRequest entry(long sequence, String operation) {
        return new RecordedRequest(sequence, Instant.EPOCH, "id", "sts", operation, "POST", "/", "", Map.of(), "", 0,
                null, null, 200, null);
    }

    @Test
    void redact_replacesTheSessionTokenWithAFingerprint_andKeepsOtherHeaders() {
        Map<String, List<String>> headers = RequestJournal.redact(Map.of(
                "x-amz-security-token", List.of("IQoJb3JpZ2luX2VjSECRET"), "content-type", List.of("application/json")));

        assertThat(headers.get("x-amz-security-token")).singleElement().asString()
                .startsWith("sha256:").hasSize("sha256:".length() + 12).doesNotContain("SECRET");
        assertThat(headers.get("content-type")).containsExactly("application/json");
        assertThat(RequestJournal.fingerprint("IQoJb3JpZ2luX2VjSECRET")).isEqualTo(headers.get("x-amz-security-token").getFirst());
    }

    @Test
    void bodyText_isCutAtTheLimit() {
        byte[] big = "x".repeat(RequestJournal.MAX_BODY_CHARS + 10).getBytes(StandardCharsets.UTF_8);

        assertThat(RequestJournal.bodyText(big)).hasSize(RequestJournal.MAX_BODY_CHARS);
        assertThat(RequestJournal.bodyText("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{}");
    }
}
