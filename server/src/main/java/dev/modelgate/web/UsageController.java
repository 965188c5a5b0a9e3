package dev.modelgate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.modelgate.usage.DayUsage;
import dev.modelgate.usage.LatencyPercentiles;
import dev.modelgate.usage.ModelUsage;
import dev.modelgate.usage.PricingMode;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageQuery;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageReport;
import dev.modelgate.usage.UsageRepository;
import dev.modelgate.usage.UsageTotals;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/usage}: how much the caller's workspace used its models: calls, tokens and latency, in total,
 * per model and per UTC day.
 *
 * <p>Query parameters, all optional:
 * <ul>
 *   <li>{@code model}: a saved model's id; only its calls count (and no Test of an unsaved draft). An id that names
 *       no model of the workspace, deleted, never existing or another workspace's, answers an empty report, not
 *       404: usage outlives its model, and a deleted model's history stays readable by its id.</li>
 *   <li>{@code from} (inclusive) and {@code to} (exclusive): ISO-8601 instants ({@code 2026-11-24T10:00:00Z}, an
 *       offset instead of {@code Z} allowed) or dates ({@code 2026-11-24}, meaning 00:00 UTC). Default: {@code to}
 *       now (then every call recorded by the time the report runs counts, and the day in progress is read from its
 *       daily rollup), {@code from} {@value #DEFAULT_DAYS} days before {@code to}. {@code from} must be before {@code to}, at
 *       most {@code 366} days.</li>
 *   <li>{@code kind}: {@code INVOKE}, {@code CHAT_COMPLETIONS} or {@code TEST}; default all.</li>
 * </ul>
 * A value breaking these rules answers 422 {@code invalid-input} problem+json naming the parameter as
 * {@code field} and the {@code rule}: {@code model-id}, {@code iso-instant}, {@code out-of-range} (years 1 to 9999),
 * {@code before-to}, {@code max-range} or {@code one-of}.
 *
 * <p>The answer:
 * <pre>{@code
 * {
 *   "from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z", "model": null, "kind": null,
 *   "totals": {"calls": 3, "succeeded": 2, "failed": 1, "inputTokens": 30, "outputTokens": 12, "callsWithUnknownTokens": 1,
 *              "cacheReadInputTokens": 0, "cacheWriteInputTokens": 0},
 *   "models": [
 *     {"modelId": "5b0c…", "modelName": "haiku", "calls": 3, "succeeded": 2, "failed": 1, "inputTokens": 30,
 *      "outputTokens": 12, "callsWithUnknownTokens": 1, "latencyMs": {"p50": 405.0, "p90": 489.0, "p99": 498.9}}
 *   ],
 *   "days": [
 *     {"day": "2026-11-24", "calls": 3, "succeeded": 2, "failed": 1, "inputTokens": 30, "outputTokens": 12,
 *      "callsWithUnknownTokens": 1, "models": [ …the same shape as "models", for that day… ]}
 *   ]
 * }
 * }</pre>
 * Totals, models, days and callers also carry {@code cost}, what the calls cost in USD as a decimal string with nine
 * decimals ({@code "0.001250000"}, exact: summed in nano-USD), over the calls that have a cost, and
 * {@code unpricedCalls}, how many have none (no price known, Provisioned Throughput, recorded before costs were kept).
 * Token sums count the calls whose counts are known; {@code callsWithUnknownTokens} says how many lack one.
 * {@code latencyMs} covers successful calls only (milliseconds, interpolated percentiles, 0.1 ms; each call counted
 * in a bucket whose midpoint is within 1.6 % of its latency, as the daily rollups keep latencies), and is null when
 * none succeeded. A saved model is one entry under the name of its latest call; unsaved drafts' Tests have
 * {@code "modelId": null}, one entry per name. Models are ordered by name; days oldest first, days without calls
 * absent.
 */
@RestController
@RequestMapping(path = "/api/v1/usage", produces = "application/json")
public class UsageController {

    static final int DEFAULT_DAYS = 30;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END_OF_9999 = Instant.parse("+10000-01-01T00:00:00Z");

    private final UsageRepository usage;
    private final WorkspaceContext workspaces;
    private final Clock clock;

    public UsageController(UsageRepository usage, WorkspaceContext workspaces, Clock clock) {
        this.usage = usage;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    @GetMapping
    UsageView usage(@RequestParam(required = false) String model, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, @RequestParam(required = false) String kind) {
        List<Violation> violations = new ArrayList<>();
        UsageQuery query = query(model, from, to, kind, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        // Without a to, the report runs up to now: the day in progress is read from its rollup, whole.
        return UsageView.of(to == null ? usage.reportUpToNow(query) : usage.report(query));
    }

    /**
     * {@code GET /api/v1/usage/calls}: the workspace's calls, newest first, each as its usage record (time, model,
     * caller, outcome, tokens, latency, request id; never a prompt or an answer). Takes {@code model}, {@code from},
     * {@code to} and {@code kind} as {@code GET /api/v1/usage} does, {@code revision} (with {@code model}: only the
     * calls that revision served or its Tests; 1 or more), {@code limit} (1 to {@value #MAX_CALLS}, default
     * {@value #DEFAULT_CALLS}) and {@code offset} (0 to {@value #MAX_OFFSET}, default 0); {@code more} says whether
     * calls follow the page. Rules broken: {@code integer}, {@code out-of-range}, {@code requires-model}, as well as
     * those of the report.
     */
    @GetMapping("/calls")
    CallsView calls(@RequestParam(required = false) String model, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, @RequestParam(required = false) String kind,
                    @RequestParam(required = false) String revision,
                    @RequestParam(required = false) String limit, @RequestParam(required = false) String offset) {
        List<Violation> violations = new ArrayList<>();
        UsageQuery query = query(model, from, to, kind, violations);
        Long number = revision(revision, violations);
        if (revision != null && model == null) {
            violations.add(Violation.of("revision", "requires-model", "revision filters the calls of one model: "
                    + "give model (its id) as well"));
        }
        int pageSize = bounded("limit", limit, DEFAULT_CALLS, 1, MAX_CALLS, violations);
        int skip = bounded("offset", offset, 0, 0, MAX_OFFSET, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (number != null) {
            query = new UsageQuery(query.workspaceId(), query.modelId(), query.kind(), query.from(), query.to(),
                    number);
        }
        List<UsageRecord> page = usage.calls(query, pageSize + 1, skip);
        return new CallsView(query.from(), query.to(), query.modelId(), query.revision(), query.kind(), pageSize,
                skip, page.size() > pageSize, page.stream().limit(pageSize).map(Call::of).toList());
    }

    /**
     * {@code GET /api/v1/usage/export.csv}: the report's calls as CSV ({@code text/csv}, UTF-8, RFC 4180: fields
     * holding a comma, a quote or a line break are quoted, quotes doubled; a field starting with {@code =}, {@code +},
     * {@code -} or {@code @} gets a leading {@code '} so that a spreadsheet does not run it as a formula), downloaded
     * as {@code usage-<from>-<to>.csv}. Takes {@code model}, {@code from}, {@code to} and {@code kind} as
     * {@code GET /api/v1/usage} does. One row per UTC day, model (by the name it had), kind and caller, ordered so:
     * {@value #CSV_HEADER}; {@code cost} in USD (nine decimals), over the priced calls ({@code unpricedCalls} lack
     * one). At most {@value UsageRepository#MAX_EXPORT_ROWS} rows: 422 {@code too-many-rows} beyond.
     */
    @GetMapping(path = "/export.csv", produces = "text/csv")
    org.springframework.http.ResponseEntity<String> export(@RequestParam(required = false) String model,
                                                           @RequestParam(required = false) String from,
                                                           @RequestParam(required = false) String to,
                                                           @RequestParam(required = false) String kind) {
        List<Violation> violations = new ArrayList<>();
        UsageQuery query = query(model, from, to, kind, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        List<dev.modelgate.usage.UsageRow> rows = usage.export(query, to == null, UsageRepository.MAX_EXPORT_ROWS);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
        for (dev.modelgate.usage.UsageRow row : rows) {
            UsageTotals t = row.totals();
            UsageCaller caller = row.caller();
            csv.append(String.join(",", row.day().toString(), csvField(row.modelId()), csvField(row.modelName()),
                    row.kind().name(), caller == null ? "" : caller.kind().name(),
                    csvField(caller == null ? null : caller.id()), csvField(caller == null ? null : caller.name()),
                    Long.toString(t.calls()), Long.toString(t.succeeded()), Long.toString(t.failed()),
                    Long.toString(t.inputTokens()), Long.toString(t.outputTokens()),
                    Long.toString(t.cacheReadInputTokens()), Long.toString(t.cacheWriteInputTokens()),
                    Long.toString(t.callsWithUnknownTokens()), usd(t.costNanos()), Long.toString(t.unpricedCalls())))
                    .append("\r\n");
        }
        String name = "usage-" + query.from().toString().replace(":", "") + "-" + query.to().toString().replace(":", "")
                + ".csv";
        return org.springframework.http.ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .body(csv.toString());
    }

    static final String CSV_HEADER = "day,modelId,modelName,kind,callerKind,callerId,callerName,calls,succeeded,failed,"
            + "inputTokens,outputTokens,cacheReadInputTokens,cacheWriteInputTokens,callsWithUnknownTokens,cost,"
            + "unpricedCalls";

    /** One CSV field: empty for null, quoted when it must be, a formula's leading character defused. */
    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    static final int DEFAULT_CALLS = 50;
    static final int MAX_CALLS = 100;
    static final int MAX_OFFSET = 10_000;

    /** The query the parameters name, or null with the rules they break added to {@code violations}. */
    private UsageQuery query(String model, String from, String to, String kind, List<Violation> violations) {
        int before = violations.size();
        if (model != null && (model.isBlank() || model.length() > UsageRecord.MAX_ID)) {
            violations.add(Violation.of("model", "model-id", "model must be a model id (1 to " + UsageRecord.MAX_ID
                    + " characters), got " + Quoted.of(model)));
        }
        Instant end = to == null ? clock.instant() : instant("to", to, violations);
        Instant start = from == null ? (end == null ? null : end.minus(Duration.ofDays(DEFAULT_DAYS)))
                : instant("from", from, violations);
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                violations.add(Violation.of("from", "before-to", "from must be before to, got from=" + start
                        + " and to=" + end));
            } else if (Duration.between(start, end).compareTo(UsageQuery.MAX_RANGE) > 0) {
                violations.add(Violation.of("from", "max-range", "from and to must be at most "
                        + UsageQuery.MAX_RANGE.toDays() + " days apart, got from=" + start + " and to=" + end));
            }
        }
        UsageKind usageKind = kind == null ? null : kind(kind, violations);
        return violations.size() > before ? null
                : new UsageQuery(workspaces.current().id(), model, usageKind, start, end);
    }

    /** A revision number (1 or more), null when absent; null with a violation when it is not one. */
    private static Long revision(String value, List<Violation> violations) {
        if (value == null) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            violations.add(Violation.of("revision", "integer", "revision must be an integer, got " + Quoted.of(value)));
            return null;
        }
        if (number < 1) {
            violations.add(Violation.of("revision", "out-of-range", "revision must be a revision number (at least 1), "
                    + "got " + number));
            return null;
        }
        return number;
    }

    /** {@code value} as an integer in {@code [min, max]}, {@code absent} when null; with a violation otherwise. */
    private static int bounded(String field, String value, int absent, int min, int max, List<Violation> violations) {
        if (value == null) {
            return absent;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            violations.add(Violation.of(field, "integer", field + " must be an integer, got " + Quoted.of(value)));
            return absent;
        }
        if (number < min || number > max) {
            violations.add(Violation.of(field, "out-of-range", field + " must be " + min + " to " + max + ", got "
                    + number));
            return absent;
        }
        return number;
    }

    /** An instant, or a date meaning its 00:00 UTC, in years 1 to 9999; null (and a violation) otherwise. */
    static Instant instant(String field, String value, List<Violation> violations) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                instant = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                violations.add(Violation.of(field, "iso-instant", field + " must be an ISO-8601 instant like "
                        + "2026-11-24T10:00:00Z or a date like 2026-11-24 (UTC), got " + Quoted.of(value)));
                return null;
            }
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(END_OF_9999)) {
            violations.add(Violation.of(field, "out-of-range", field + " must be in the years 1 to 9999, got "
                    + Quoted.of(value)));
            return null;
        }
        return instant;
    }

    private static UsageKind kind(String value, List<Violation> violations) {
        for (UsageKind kind : UsageKind.values()) {
            if (kind.name().equals(value)) {
                return kind;
            }
        }
        violations.add(Violation.of("kind", "one-of", "kind must be INVOKE, CHAT_COMPLETIONS or TEST, got "
                + Quoted.of(value)));
        return null;
    }

    /** The answer of {@code GET /api/v1/usage}; {@code model} and {@code kind} are the filters, null when absent. */
    record UsageView(Instant from, Instant to, String model, UsageKind kind, Totals totals, List<Model> models,
                     List<Day> days, List<CallerTotals> callers) {

        static UsageView of(UsageReport report) {
            UsageQuery query = report.query();
            return new UsageView(query.from(), query.to(), query.modelId(), query.kind(), Totals.of(report.totals()),
                    report.models().stream().map(Model::of).toList(), report.days().stream().map(Day::of).toList(),
                    report.callers().stream().map(CallerTotals::of).toList());
        }
    }

    /** A caller's totals; {@code kind}, {@code id} and {@code name} null for the calls that name no caller. */
    record CallerTotals(UsageCaller.Kind kind, String id, String name, long calls, long succeeded, long failed,
                        long inputTokens, long outputTokens, long callsWithUnknownTokens, String cost,
                        long unpricedCalls) {

        static CallerTotals of(UsageReport.CallerUsage c) {
            UsageTotals t = c.totals();
            UsageCaller caller = c.caller();
            return new CallerTotals(caller == null ? null : caller.kind(), caller == null ? null : caller.id(),
                    caller == null ? null : caller.name(), t.calls(), t.succeeded(), t.failed(), t.inputTokens(),
                    t.outputTokens(), t.callsWithUnknownTokens(), usd(t.costNanos()), t.unpricedCalls());
        }
    }

    /** Nano-USD as a decimal string of USD with all nine decimals ({@code "0.000312500"}): exact, unlike a float. */
    static String usd(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 9).toPlainString();
    }

    /** The answer of {@code GET /api/v1/usage/calls}. */
    record CallsView(Instant from, Instant to, String model, Long revision, UsageKind kind, int limit, int offset,
                     boolean more, List<Call> calls) {
    }

    /**
     * One call: no prompt, answer or message, which are never stored. {@code requestedModel} and {@code routeReason}
     * (left out when not routed): the model the call asked for and why this one was tried ({@code PRIMARY},
     * {@code BALANCED}, or the failure before it, such as {@code THROTTLED}).
     */
    record Call(String id, Instant at, String modelId, String modelName, Long revision, UsageKind kind,
                UsageCaller caller, String outcome, Long inputTokens, Long outputTokens, long latencyMs,
                String requestId, Long cacheReadInputTokens, Long cacheWriteInputTokens, String cost,
                PricingMode pricing, String price,
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String requestedModel,
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String routeReason) {

        static Call of(UsageRecord r) {
            return new Call(r.id(), r.occurredAt(), r.modelId(), r.modelName(), r.revision(), r.kind(), r.caller(),
                    r.outcome(), r.inputTokens(), r.outputTokens(), r.latencyMillis(), r.requestId(),
                    r.cacheReadTokens(), r.cacheWriteTokens(), r.costNanos() == null ? null : usd(r.costNanos()),
                    r.pricing() == null ? PricingMode.UNPRICED : r.pricing(), r.priceRef(), r.requestedModel(),
                    r.routeReason());
        }
    }

    /** @param cacheReadInputTokens input tokens read from prompt caches (Converse models say; others count 0) */
    record Totals(long calls, long succeeded, long failed, long inputTokens, long outputTokens,
                  long callsWithUnknownTokens, long cacheReadInputTokens, long cacheWriteInputTokens, String cost,
                  long unpricedCalls) {

        static Totals of(UsageTotals t) {
            return new Totals(t.calls(), t.succeeded(), t.failed(), t.inputTokens(), t.outputTokens(),
                    t.callsWithUnknownTokens(), t.cacheReadInputTokens(), t.cacheWriteInputTokens(),
                    usd(t.costNanos()), t.unpricedCalls());
        }
    }

    /** @param latencyMs of the successful calls; null when none succeeded */
    record Model(String modelId, String modelName, long calls, long succeeded, long failed, long inputTokens,
                 long outputTokens, long callsWithUnknownTokens, LatencyPercentiles latencyMs, String cost,
                 long unpricedCalls) {

        static Model of(ModelUsage m) {
            UsageTotals t = m.totals();
            return new Model(m.modelId(), m.modelName(), t.calls(), t.succeeded(), t.failed(), t.inputTokens(),
                    t.outputTokens(), t.callsWithUnknownTokens(), m.latency(), usd(t.costNanos()), t.unpricedCalls());
        }
    }

    /** @param day a UTC day, {@code 2026-11-24} */
    record Day(LocalDate day, long calls, long succeeded, long failed, long inputTokens, long outputTokens,
               long callsWithUnknownTokens, String cost, long unpricedCalls, List<Model> models) {

        static Day of(DayUsage d) {
            UsageTotals t = d.totals();
            return new Day(d.day(), t.calls(), t.succeeded(), t.failed(), t.inputTokens(), t.outputTokens(),
                    t.callsWithUnknownTokens(), usd(t.costNanos()), t.unpricedCalls(),
                    d.models().stream().map(Model::of).toList());
        }
    }
}
