package dev.modelgate.emulator.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The last {@link #CAPACITY} requests the emulator answered, oldest first. Thread-safe.
 */
public final class RequestJournal {

    /** How many requests are kept; older ones are dropped. */
    public static final int CAPACITY = 2_000;
    /** How much of each body is kept as text. */
    public static final int MAX_BODY_CHARS = 65_536;

    private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();
    private long sequence;
    private long epoch;
    private volatile boolean enabled = true;

    /** Turns recording off (load tests) or on. */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The next sequence number; call once per request that will be recorded. */
    public synchronized long nextSequence() {
        return ++sequence;
    }

    /** How many times the journal was cleared: taken when a request arrives, for {@link #record(long, LongFunction)}. */
    public synchronized long epoch() {
        return epoch;
    }

    /**
     * Records the entry {@code entry} builds from the next sequence number, unless the journal was cleared since
     * {@code epoch}: a request that arrived before a reset (one held by injected latency, say) belongs to what the
     * reset forgot, and must not show up among the requests that came after it.
     *
     * @return whether the request was recorded
     */
    public synchronized boolean record(long epoch, LongFunction<RecordedRequest> entry) {
        if (epoch != this.epoch) {
            return false;
        }
        record(entry.apply(nextSequence()));
        return true;
    }

    public synchronized void record(RecordedRequest request) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(request);
    }

    /** All kept requests, oldest first. */
    public synchronized List<RecordedRequest> all() {
        return new ArrayList<>(entries);
    }

    /** The kept requests that match, oldest first. */
    public synchronized List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
        return entries.stream().filter(filter).toList();
    }

    /** Requests of one operation (e.g. {@code AssumeRole}), oldest first. */
    public List<RecordedRequest> ofOperation(String operation) {
        return matching(r -> operation.equals(r.operation()));
    }

    /** The most recent request, or null. */
    public synchronized RecordedRequest last() {
        return entries.peekLast();
    }

    public synchronized void clear() {
        entries.clear();
        sequence = 0;
        epoch++;
    }

    /** Copies headers for the journal, reducing the session token to a fingerprint. */
    public static Map<String, List<String>> redact(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        List<String> token = copy.get("x-amz-security-token");
        if (token != null) {
            copy.put("x-amz-security-token", token.stream().map(RequestJournal::fingerprint).toList());
        }
        return copy;
    }

    /** A short, stable fingerprint of a secret value: {@code sha256:<first 12 hex digits>}. */
    public static String fingerprint(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The body as journal text. */
    public static String bodyText(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, MAX_BODY_CHARS * 4), StandardCharsets.UTF_8);
        return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) : text;
    }
}
