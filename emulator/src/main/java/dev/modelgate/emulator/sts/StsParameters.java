package dev.modelgate.emulator.sts;

import dev.modelgate.emulator.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of an AWS Query request: those of the query string and, when the body is
 * {@code application/x-www-form-urlencoded} (with or without a charset), those of the body. A name
 * repeated keeps its first value, as STS does; the body wins over the query string.
 */
final class StsParameters {

    private final Map<String, String> values;

    private StsParameters(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @throws StsException {@code MalformedQueryString} (404, as AWS's query services document it) when a name or
     *                      value is not percent-encoded correctly, e.g. {@code %zz}
     */
    static StsParameters from(Request request) {
        try {
            Map<String, String> values = new LinkedHashMap<>(request.queryParameters());
            if (isForm(request.header("Content-Type"))) {
                values.putAll(Request.parseForm(new String(request.body(), StandardCharsets.UTF_8)));
            }
            return new StsParameters(values);
        } catch (IllegalArgumentException e) {
            throw StsException.sender(404, "MalformedQueryString", "The query string contains a syntax error.");
        }
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals("application/x-www-form-urlencoded");
    }

    /** The value of a parameter, or null when absent (an empty value stays empty). */
    String get(String name) {
        return values.get(name);
    }

    /**
     * The members of a list of structures, {@code <list>.member.<N>.<field>}, by N (1-based) in order.
     * An item lacking a field simply has no entry for it.
     */
    TreeMap<Integer, Map<String, String>> structures(String list) {
        Pattern member = Pattern.compile(Pattern.quote(list) + "\\.member\\.(\\d{1,9})\\.(\\w+)");
        TreeMap<Integer, Map<String, String>> items = new TreeMap<>();
        values.forEach((name, value) -> {
            Matcher matcher = member.matcher(name);
            if (matcher.matches()) {
                items.computeIfAbsent(Integer.parseInt(matcher.group(1)), n -> new LinkedHashMap<>())
                        .put(matcher.group(2), value);
            }
        });
        return items;
    }

    /** The members of a list of strings, {@code <list>.member.<N>}, by N (1-based) in order. */
    TreeMap<Integer, String> strings(String list) {
        Pattern member = Pattern.compile(Pattern.quote(list) + "\\.member\\.(\\d{1,9})");
        TreeMap<Integer, String> items = new TreeMap<>();
        values.forEach((name, value) -> {
            Matcher matcher = member.matcher(name);
            if (matcher.matches()) {
                items.put(Integer.parseInt(matcher.group(1)), value);
            }
        });
        return items;
    }
}
