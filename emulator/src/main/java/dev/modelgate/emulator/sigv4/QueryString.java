package dev.modelgate.emulator.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a raw query string the way SigV4 does. */
final class QueryString {

    /** The query parameter that carries a presigned request's signature; never part of what is signed. */
    static final String SIGNATURE_PARAMETER = "X-Amz-Signature";

    private static final String AMZ_PREFIX = "X-Amz-";

    private record Parameter(String name, String value) {
    }

    private QueryString() {
    }

    /**
     * The canonical query string: each name and value percent-decoded and re-encoded with SigV4's
     * rules, a name without '=' given an empty value, sorted by encoded name and then value, joined
     * with '&'.
     *
     * @param dropSignature leave out {@value #SIGNATURE_PARAMETER} (presigned requests)
     */
    static String canonical(String rawQuery, boolean dropSignature) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<Parameter> parameters = new ArrayList<>();
        forEachPair(rawQuery, (name, value) -> {
            String encodedName = reencode(name);
            if (!(dropSignature && encodedName.equals(SIGNATURE_PARAMETER))) {
                parameters.add(new Parameter(encodedName, reencode(value)));
            }
        });
        parameters.sort(Comparator.comparing(Parameter::name).thenComparing(Parameter::value));
        StringBuilder out = new StringBuilder(rawQuery.length() + 16);
        for (Parameter parameter : parameters) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(parameter.name()).append('=').append(parameter.value());
        }
        return out.toString();
    }

    /** The decoded {@code X-Amz-*} parameters of the query; of a repeated name the first value counts. */
    static Map<String, String> amzParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        forEachPair(rawQuery, (name, value) -> {
            String decodedName = decode(name);
            if (decodedName.startsWith(AMZ_PREFIX)) {
                parameters.putIfAbsent(decodedName, decode(value));
            }
        });
        return parameters;
    }

    private static void forEachPair(String rawQuery, PairConsumer consumer) {
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    consumer.accept(rawQuery.substring(start, end), "");
                } else {
                    consumer.accept(rawQuery.substring(start, eq), rawQuery.substring(eq + 1, end));
                }
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
    }

    private static String reencode(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 8);
        PercentEncoding.encode(PercentEncoding.decode(raw), false, out);
        return out.toString();
    }

    private static String decode(String raw) {
        return new String(PercentEncoding.decode(raw), StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface PairConsumer {
        void accept(String rawName, String rawValue);
    }
}
