package dev.modelgate.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts each record's tokens in {@value #TOKENS} (tagged {@code workspace} (its ID), {@code model} (its name),
 * {@code kind}, {@code outcome} and {@code type}: {@code input}, {@code output}, {@code cache_read},
 * {@code cache_write}), then hands the record on. Every path that records usage (invoke, stream, Converse, OpenAI
 * chat, the Test run) comes through here, so the counters agree with the usage records. Series: one per workspace,
 * model, kind, outcome and type that occurred; the counters of one such combination are looked up once.
 */
public final class MeteredUsageRecorder implements UsageRecorder {

    /** The token counter's name (Prometheus: {@code modelgate_tokens_total}). */
    public static final String TOKENS = "modelgate.tokens";

    private final UsageRecorder delegate;
    private final MeterRegistry meters;
    private final ConcurrentMap<Series, Counters> counters = new ConcurrentHashMap<>();

    public MeteredUsageRecorder(UsageRecorder delegate, MeterRegistry meters) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public void record(UsageRecord record) {
        if (record.inputTokens() != null || record.outputTokens() != null || record.cacheReadTokens() != null
                || record.cacheWriteTokens() != null) {
            Counters c = counters.computeIfAbsent(new Series(record.workspaceId(), record.modelName(),
                    record.kind().name(), record.outcome()), this::counters);
            add(c.input, record.inputTokens());
            add(c.output, record.outputTokens());
            add(c.cacheRead, record.cacheReadTokens());
            add(c.cacheWrite, record.cacheWriteTokens());
        }
        delegate.record(record);
    }

    private static void add(Counter counter, Long tokens) {
        if (tokens != null && tokens > 0) {
            counter.increment(tokens);
        }
    }

    private Counters counters(Series s) {
        return new Counters(counter(s, "input"), counter(s, "output"), counter(s, "cache_read"),
                counter(s, "cache_write"));
    }

    private Counter counter(Series s, String type) {
        return Counter.builder(TOKENS).description("Tokens of the recorded calls, as their usage records count them")
                .baseUnit("tokens")
                .tag("workspace", s.workspaceId).tag("model", s.modelName).tag("kind", s.kind)
                .tag("outcome", s.outcome).tag("type", type).register(meters);
    }

    private record Series(String workspaceId, String modelName, String kind, String outcome) {
    }

    private record Counters(Counter input, Counter output, Counter cacheRead, Counter cacheWrite) {
    }
}
