package dev.modelgate.emulator.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SigV4 canonical request of one HTTP request, line by line.
 *
 * @param method        the HTTP method
 * @param uri           the canonical URI: the raw path (dot segments and duplicate slashes removed
 *                      when normalizing) URI-encoded once more, so {@code %3A} becomes {@code %253A}
 * @param query         the canonical query string (see {@link QueryString#canonical})
 * @param headers       the canonical headers block, one {@code name:value\n} line per signed header
 * @param signedHeaders the signed header names, lower case and sorted
 * @param payloadHash   the hex SHA-256 of the payload, or the {@code x-amz-content-sha256} value
 */
record CanonicalRequest(String method, String uri, String query, String headers, List<String> signedHeaders,
                        String payloadHash) {

    CanonicalRequest {
        signedHeaders = List.copyOf(signedHeaders);
    }

    /**
     * Builds the canonical request.
     *
     * @param signedHeaderNames the header names the signer listed, lower case
     * @param presigned         whether the signature travels in the query (its parameter is then left out)
     */
    static CanonicalRequest of(SignedRequestView request, List<String> signedHeaderNames, String payloadHash,
                               boolean normalizePath, boolean presigned) {
        List<String> sorted = signedHeaderNames.stream().sorted().distinct().toList();
        return new CanonicalRequest(request.method(), uri(request.rawPath(), normalizePath),
                QueryString.canonical(request.rawQuery(), presigned), headers(request.headers(), sorted), sorted,
                payloadHash);
    }

    /** The text whose SHA-256 goes into the string to sign. */
    String text() {
        return method + '\n' + uri + '\n' + query + '\n' + headers + '\n' + String.join(";", signedHeaders) + '\n'
                + payloadHash;
    }

    static String uri(String rawPath, boolean normalize) {
        String path = rawPath.isEmpty() ? "/" : rawPath;
        if (normalize) {
            path = removeDotSegments(path);
        }
        StringBuilder out = new StringBuilder(path.length() + 16);
        PercentEncoding.encode(path.getBytes(StandardCharsets.UTF_8), true, out);
        return out.toString();
    }

    /**
     * RFC 3986 dot-segment removal that also collapses empty segments, as AWS's non-S3 services
     * do (botocore {@code remove_dot_segments}); a trailing slash survives unless nothing is left.
     */
    private static String removeDotSegments(String path) {
        if (path.indexOf("//") < 0 && path.indexOf("/.") < 0) {
            return path;
        }
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            String segment = path.substring(start, slash < 0 ? path.length() : slash);
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        String first = path.startsWith("/") ? "/" : "";
        String last = path.endsWith("/") && !segments.isEmpty() ? "/" : "";
        return first + String.join("/", segments) + last;
    }

    private static String headers(Map<String, List<String>> headers, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder(256);
        for (String name : signedHeaders) {
            out.append(name).append(':');
            List<String> values = headers.getOrDefault(name, List.of());
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendTrimmed(values.get(i), out);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Appends {@code value} without leading and trailing whitespace, each inner run of it (folded lines too) as one space. */
    private static void appendTrimmed(String value, StringBuilder out) {
        boolean started = false;
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B') {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                started = true;
            }
        }
    }
}
