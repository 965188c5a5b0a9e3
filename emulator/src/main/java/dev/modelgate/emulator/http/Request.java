package dev.modelgate.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the emulator received it.
 *
 * @param method    upper-case HTTP method
 * @param rawPath   the path exactly as on the wire (still percent-encoded), as SigV4 signs it
 * @param rawQuery  the query exactly as on the wire, without '?', empty when absent
 * @param headers   header names in lower case, values in arrival order
 * @param body      the whole body (bounded by the server's size limit)
 * @param requestId the id the emulator answers with in x-amzn-RequestId / RequestId
 */
public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                      byte[] body, String requestId) {

    public Request {
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, or null; {@code name} is matched case-insensitively. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The path percent-decoded, which is what routing looks at. */
    public String path() {
        return decode(rawPath.replace("+", "%2B"));
    }

    /** The query parameters, decoded; a repeated name keeps its first value. */
    public Map<String, String> queryParameters() {
        return parseForm(rawQuery);
    }

    /** Parses {@code application/x-www-form-urlencoded} text; a repeated name keeps its first value. */
    public static Map<String, String> parseForm(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return params;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " (" + body.length + " bytes)";
    }
}
