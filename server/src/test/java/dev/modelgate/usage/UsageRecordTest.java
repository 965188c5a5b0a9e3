package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageRecordTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private static final String WORKSPACE = "00000000-0000-0000-0000-000000000001";

    private static UsageRecord record(String outcome, Long in, Long out, TokenSource source) {
        return UsageRecord.create(WORKSPACE, "m-1", "haiku", UsageKind.INVOKE, outcome, in, out, source, 12, "req-1", T);
    }

    @Test
    void create_generatesADistinctIdEachTime() {
        UsageRecord a = record("OK", 1L, 2L, TokenSource.HEADERS);
        UsageRecord b = record("OK", 1L, 2L, TokenSource.HEADERS);

        assertThat(a.id()).hasSize(36).isNotEqualTo(b.id());
        assertThat(a.succeeded()).isTrue();
        assertThat(record("THROTTLED", null, null, TokenSource.NONE).succeeded()).isFalse();
    }

    @Test
    void revision_isKeptWhenAtLeastOne_andRefusedWithoutAModelOrBelowOne() {
        assertThat(record("OK", 1L, 2L, TokenSource.HEADERS).withRevision(3L).revision()).isEqualTo(3L);
        assertThatThrownBy(() -> record("OK", 1L, 2L, TokenSource.HEADERS).withRevision(0L))
                .hasMessage("revision must be at least 1, got 0");
        UsageRecord draft = UsageRecord.create(WORKSPACE, null, "(unnamed draft)", UsageKind.TEST, "OK", null, null,
                TokenSource.NONE, 12, null, T);
        assertThatThrownBy(() -> draft.withRevision(1L)).hasMessage("a record without a model has no revision, got 1");
    }

    @Test
    void route_isKeptWithItsRequestedModel_andHalfARouteOrAMessageAsReasonIsRefused() {
        UsageRecord routed = record("OK", 1L, 2L, TokenSource.HEADERS).withRoute("haiku", "THROTTLED");
        assertThat(routed.requestedModel()).isEqualTo("haiku");
        assertThat(routed.routeReason()).isEqualTo("THROTTLED");
        assertThat(routed.withCaller(null).withRevision(2L).routeReason()).isEqualTo("THROTTLED");
        assertThatThrownBy(() -> record("OK", 1L, 2L, TokenSource.HEADERS).withRoute("haiku", null))
                .hasMessage("requestedModel and routeReason must be given together, got haiku and null");
        assertThatThrownBy(() -> record("OK", 1L, 2L, TokenSource.HEADERS).withRoute("haiku", "fell back, throttled"))
                .hasMessage("routeReason must be a code of 1 to 20 characters, got \"fell back, throttled\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK", "THROTTLED", "ACCESS_DENIED", "mapping-failed", "x.y"})
    void outcome_codes_areAccepted(String outcome) {
        assertThat(record(outcome, null, null, TokenSource.NONE).outcome()).isEqualTo(outcome);
    }

    @Test
    void outcome_aMessageRatherThanACode_isRefused() {
        assertThatThrownBy(() -> record("Access denied for role x", null, null, TokenSource.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outcome must be OK or a failure code of 1 to 40 letters, digits, '_', '-' or '.' starting "
                        + "with a letter, got \"Access denied for role x\"");
        assertThatThrownBy(() -> record("E".repeat(41), null, null, TokenSource.NONE))
                .hasMessageEndingWith("got \"" + "E".repeat(41) + "\"");
        assertThatThrownBy(() -> record("", null, null, TokenSource.NONE)).hasMessageEndingWith("got \"\"");
    }

    @Test
    void a_longValue_isDescribedByItsLength_notRepeated() {
        assertThatThrownBy(() -> record("x ".repeat(500), null, null, TokenSource.NONE))
                .hasMessageEndingWith("got a value of 1000 characters");
    }

    @Test
    void tokenSource_mustBeNone_exactlyWhenBothCountsAreUnknown() {
        assertThat(record("OK", 5L, null, TokenSource.MAPPING).inputTokens()).isEqualTo(5L);
        assertThatThrownBy(() -> record("OK", null, null, TokenSource.HEADERS))
                .hasMessage("tokenSource must be NONE exactly when both token counts are null, got HEADERS with "
                        + "inputTokens=null and outputTokens=null");
        assertThatThrownBy(() -> record("OK", 1L, 2L, TokenSource.NONE))
                .hasMessage("tokenSource must be NONE exactly when both token counts are null, got NONE with "
                        + "inputTokens=1 and outputTokens=2");
    }

    @Test
    void negativeCounts_andLatency_areRefused() {
        assertThatThrownBy(() -> record("OK", -1L, 2L, TokenSource.HEADERS))
                .hasMessage("inputTokens must be null (unknown) or not negative, got -1");
        assertThatThrownBy(() -> record("OK", 1L, -2L, TokenSource.HEADERS))
                .hasMessage("outputTokens must be null (unknown) or not negative, got -2");
        assertThatThrownBy(() -> UsageRecord.create(WORKSPACE, null, "draft", UsageKind.TEST, "OK", null, null,
                TokenSource.NONE, -1, null, T))
                .hasMessage("latencyMillis must not be negative, got -1");
    }

    @Test
    void names_andIds_mustFitTheirColumns() {
        assertThatThrownBy(() -> UsageRecord.create(WORKSPACE, null, "n".repeat(101), UsageKind.TEST, "OK", null, null,
                TokenSource.NONE, 1, null, T))
                .hasMessage("modelName must be 1 to 100 characters and not blank, got \"" + "n".repeat(101) + "\"");
        assertThatThrownBy(() -> UsageRecord.create(WORKSPACE, " ", "haiku", UsageKind.TEST, "OK", null, null,
                TokenSource.NONE, 1, null, T))
                .hasMessage("modelId must be 1 to 36 characters and not blank, got \" \"");
        assertThatThrownBy(() -> UsageRecord.create(WORKSPACE, "m", "haiku", UsageKind.TEST, "OK", null, null,
                TokenSource.NONE, 1, "r".repeat(101), T))
                .hasMessageStartingWith("requestId must be 1 to 100 characters and not blank");
        assertThatThrownBy(() -> UsageRecord.create(null, "m", "haiku", UsageKind.TEST, "OK", null, null,
                TokenSource.NONE, 1, null, T))
                .isInstanceOf(NullPointerException.class).hasMessage("workspaceId");
        assertThatThrownBy(() -> UsageRecord.create(WORKSPACE, "m", "haiku", UsageKind.TEST, "OK", null, null,
                TokenSource.NONE, 1, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("occurredAt");
    }
}
