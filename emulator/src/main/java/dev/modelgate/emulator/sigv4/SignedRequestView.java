package dev.modelgate.emulator.sigv4;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of an HTTP request that SigV4 signs, exactly as they arrived.
 *
 * @param method   the HTTP method, e.g. {@code POST}
 * @param rawPath  the path as on the wire, still percent-encoded, e.g.
 *                 {@code /model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke}
 * @param rawQuery the query as on the wire, without the leading '?'; null is read as empty
 * @param headers  header names in lower case mapped to their values in arrival order (a repeated
 *                 header has several values); copied
 * @param body     the whole request body; null is read as empty. Not copied: callers must not
 *                 change the array afterwards
 */
public record SignedRequestView(String method, String rawPath, String rawQuery,
                                Map<String, List<String>> headers, byte[] body) {

    private static final byte[] EMPTY = new byte[0];

    /** @throws IllegalArgumentException when the method is blank or a header name is not lower case */
    public SignedRequestView {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(headers, "headers");
        if (method.isBlank()) {
            throw new IllegalArgumentException("method must not be blank");
        }
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? EMPTY : body;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header names must be lower case, got \"" + name + "\"");
            }
            copy.put(name, List.copyOf(values));
        });
        headers = Map.copyOf(copy);
    }

    /** The first value of the header {@code lowerCaseName}, or null when absent. */
    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Shows method, path, query and body size only: headers may carry a session token. */
    @Override
    public String toString() {
        return method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " (" + body.length + " bytes)";
    }
}
