package dev.modelgate.emulator.control;

import dev.modelgate.emulator.EmulatorClock;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.http.Request;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.journal.RequestJournal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The emulator's own API under {@code /_emulator/}: latency, faults, STS outages, the clock, recorded requests,
 * the loaded world, reset. Unauthenticated and served on the loopback interface only. Bodies are JSON; errors are
 * {@code {"message": "..."}} naming the field and the rule.
 */
public final class ControlApi {

    /** Everything the control API acts on. */
    public record Target(FaultInjector faults, RequestJournal journal, EmulatorClock clock,
                         Supplier<JsonNode> world, Runnable resetSessions) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Target target;

    public ControlApi(Target target) {
        this.target = target;
    }

    /** Answers a request whose decoded path starts with {@code /_emulator/}. */
    public Reply handle(Request request) {
        String route = request.method() + " " + request.path();
        try {
            return switch (route) {
                case "GET /_emulator/world" -> ok(target.world().get());
                case "GET /_emulator/requests" -> requests(request);
                case "DELETE /_emulator/requests" -> {
                    target.journal().clear();
                    yield noContent();
                }
                case "GET /_emulator/latency" -> latencies();
                case "PUT /_emulator/latency" -> setLatency(body(request));
                case "GET /_emulator/faults" -> ok(JSON.valueToTree(target.faults().queued()));
                case "POST /_emulator/faults" -> addFault(body(request));
                case "DELETE /_emulator/faults" -> {
                    target.faults().clearQueue();
                    yield noContent();
                }
                case "DELETE /_emulator/latency" -> {
                    target.faults().clearLatency();
                    yield noContent();
                }
                case "GET /_emulator/sts" -> ok(JSON.createObjectNode().put("available", !target.faults().stsDown()));
                case "PUT /_emulator/sts" -> setSts(body(request));
                case "GET /_emulator/clock" -> clock();
                case "PUT /_emulator/clock" -> setClock(body(request));
                case "POST /_emulator/reset" -> {
                    reset();
                    yield noContent();
                }
                default -> error(404, "no control endpoint " + route + "; see emulator/README.md for the control API");
            };
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private void reset() {
        target.faults().reset();
        target.journal().clear();
        target.clock().reset();
        target.resetSessions().run();
    }

    private Reply requests(Request request) {
        String limitText = request.queryParameters().get("limit");
        int limit = limitText == null ? RequestJournal.CAPACITY : parseInt("limit", limitText, 1, RequestJournal.CAPACITY);
        List<RecordedRequest> all = target.journal().all();
        List<RecordedRequest> tail = all.subList(Math.max(0, all.size() - limit), all.size());
        return ok(JSON.valueToTree(tail));
    }

    private Reply setLatency(JsonNode body) {
        checkFields(body, Set.of("model", "fixedMs", "jitterMs", "firstChunkMs", "chunkGapMs"));
        String model = text(body, "model");
        Latency latency = Latency.ofMillis(millis(body, "fixedMs"), millis(body, "jitterMs"),
                millis(body, "firstChunkMs"), millis(body, "chunkGapMs"));
        target.faults().setLatency(model == null ? FaultInjector.ANY_MODEL : model, latency);
        return ok(latencyJson(latency));
    }

    /** Every latency setting by model ({@code "*"} for every model), in the fields PUT takes. */
    private Reply latencies() {
        ObjectNode all = JSON.createObjectNode();
        new TreeMap<>(target.faults().latencies()).forEach((model, latency) -> all.set(model, latencyJson(latency)));
        return ok(all);
    }

    private static ObjectNode latencyJson(Latency latency) {
        return JSON.createObjectNode()
                .put("fixedMs", latency.fixed().toMillis())
                .put("jitterMs", latency.jitter().toMillis())
                .put("firstChunkMs", latency.firstChunk().toMillis())
                .put("chunkGapMs", latency.betweenChunks().toMillis());
    }

    private Reply addFault(JsonNode body) {
        checkFields(body, Set.of("kind", "count", "model", "operation", "afterChunks", "exceptionType"));
        String kindText = text(body, "kind");
        if (kindText == null) {
            throw new BadRequest("kind is required, one of " + List.of(FaultKind.values()));
        }
        FaultKind kind;
        try {
            kind = FaultKind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("kind must be one of " + List.of(FaultKind.values()) + ", got \"" + kindText + "\"");
        }
        int count = body.has("count") ? intValue(body, "count") : 1;
        int afterChunks = body.has("afterChunks") ? intValue(body, "afterChunks") : 0;
        Fault fault = new Fault(kind, count, text(body, "model"), text(body, "operation"), afterChunks, text(body, "exceptionType"));
        target.faults().enqueue(fault);
        return ok(JSON.valueToTree(fault));
    }

    private Reply setSts(JsonNode body) {
        checkFields(body, Set.of("available"));
        JsonNode available = body.get("available");
        if (available == null || !available.isBoolean()) {
            throw new BadRequest("available must be true or false");
        }
        target.faults().setStsDown(!available.booleanValue());
        return ok(JSON.createObjectNode().put("available", available.booleanValue()));
    }

    private Reply clock() {
        return ok(JSON.createObjectNode()
                .put("now", target.clock().instant().toString())
                .put("offsetSeconds", target.clock().offset().toSeconds())
                .put("advancedSeconds", target.clock().advanced().toSeconds()));
    }

    private Reply setClock(JsonNode body) {
        checkFields(body, Set.of("offsetSeconds", "advanceSeconds"));
        if (body.has("offsetSeconds") == body.has("advanceSeconds")) {
            throw new BadRequest("give exactly one of offsetSeconds (how far the emulator's clock is out of step with "
                    + "its callers') or advanceSeconds (time that passes for everyone)");
        }
        if (body.has("offsetSeconds")) {
            target.clock().setOffset(Duration.ofSeconds(longValue(body, "offsetSeconds")));
        } else {
            target.clock().advance(Duration.ofSeconds(longValue(body, "advanceSeconds")));
        }
        return clock();
    }

    private static JsonNode body(Request request) {
        if (request.body().length == 0) {
            throw new BadRequest("a JSON object body is required");
        }
        try {
            JsonNode node = JSON.readTree(request.body());
            if (!node.isObject()) {
                throw new BadRequest("the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void checkFields(JsonNode body, Set<String> allowed) {
        for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequest("unknown field \"" + name + "\"; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new BadRequest(field + " must be a string");
        }
        return node.stringValue();
    }

    private static long millis(JsonNode body, String field) {
        return body.has(field) ? longValue(body, field) : 0;
    }

    private static int intValue(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new BadRequest(field + " must be an integer, got " + node);
        }
        return node.intValue();
    }

    private static long longValue(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new BadRequest(field + " must be an integer, got " + node);
        }
        return node.longValue();
    }

    private static int parseInt(String field, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new BadRequest(field + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequest(field + " must be an integer, got \"" + text + "\"");
        }
    }

    private static Reply ok(JsonNode node) {
        return Reply.json(200, JSON.writeValueAsString(node));
    }

    private static Reply noContent() {
        return new Reply.Full(204, java.util.Map.of(), new byte[0]);
    }

    private static Reply error(int status, String message) {
        ObjectNode node = JSON.createObjectNode().put("message", message);
        return Reply.json(status, JSON.writeValueAsString(node));
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
