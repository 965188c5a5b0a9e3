package dev.modelgate.emulator.sigv4;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SigV4 signer for tests, written apart from the verifier's code: like an AWS SDK it starts from
 * decoded path segments and query parameters, encodes them for the wire, and signs every header it
 * was given plus {@code host} and the date. Mutable; one request per instance.
 */
final class TestSigner {

    static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant NOW = Instant.parse("2025-01-30T20:46:31Z");

    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String method;
    private final List<String> segments;
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final Map<String, List<String>> headers = new TreeMap<>();
    private byte[] body = new byte[0];
    private Instant time = NOW;
    private String region = "us-east-1";
    private String service = "bedrock";
    private String token;
    private boolean contentSha256;
    private boolean dateHeader;
    private String canonicalRequest;

    private TestSigner(String method, List<String> segments) {
        this.method = method;
        this.segments = segments;
        header("host", "bedrock-runtime.us-east-1.amazonaws.com");
    }

    /** A request to the path made of {@code decodedSegments} (each percent-encoded on the wire). */
    static TestSigner request(String method, String... decodedSegments) {
        return new TestSigner(method, List.of(decodedSegments));
    }

    TestSigner query(String name, String value) {
        query.add(Map.entry(name, value));
        return this;
    }

    TestSigner header(String lowerCaseName, String value) {
        headers.computeIfAbsent(lowerCaseName, n -> new ArrayList<>()).add(value);
        return this;
    }

    TestSigner body(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Sends {@code x-amz-content-sha256} with the body's hash, as the Java SDK does. */
    TestSigner contentSha256() {
        contentSha256 = true;
        return this;
    }

    TestSigner at(Instant signingTime) {
        time = signingTime;
        return this;
    }

    TestSigner scope(String scopeRegion, String scopeService) {
        region = scopeRegion;
        service = scopeService;
        return this;
    }

    /** Adds a session token: a signed header, or a query parameter when presigned. */
    TestSigner token(String sessionToken) {
        token = sessionToken;
        return this;
    }

    /** Dates the request with an RFC 1123 {@code Date} header instead of {@code X-Amz-Date}. */
    TestSigner dateHeader() {
        dateHeader = true;
        return this;
    }

    /** The request with an {@code Authorization} header. */
    SignedRequestView signed() {
        Map<String, List<String>> sent = new TreeMap<>(headers);
        if (dateHeader) {
            sent.put("date", List.of(DateTimeFormatter.RFC_1123_DATE_TIME.format(time.atOffset(ZoneOffset.UTC))));
        } else {
            sent.put("x-amz-date", List.of(BASIC.format(time)));
        }
        if (contentSha256) {
            sent.put("x-amz-content-sha256", List.of(sha256Hex(body)));
        }
        if (token != null) {
            sent.put("x-amz-security-token", List.of(token));
        }
        String signedHeaders = String.join(";", sent.keySet());
        String signature = sign(query, sent);
        Map<String, List<String>> withAuthorization = new LinkedHashMap<>(sent);
        withAuthorization.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/" + scope()
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature));
        return new SignedRequestView(method, rawPath(), wireQuery(query), withAuthorization, body);
    }

    /** The request presigned in its query string, valid for {@code expires}. */
    SignedRequestView presigned(Duration expires) {
        List<Map.Entry<String, String>> params = new ArrayList<>(query);
        params.add(Map.entry("X-Amz-Algorithm", "AWS4-HMAC-SHA256"));
        params.add(Map.entry("X-Amz-Credential", ACCESS_KEY_ID + "/" + scope()));
        params.add(Map.entry("X-Amz-Date", BASIC.format(time)));
        params.add(Map.entry("X-Amz-Expires", Long.toString(expires.toSeconds())));
        params.add(Map.entry("X-Amz-SignedHeaders", String.join(";", headers.keySet())));
        if (token != null) {
            params.add(Map.entry("X-Amz-Security-Token", token));
        }
        String signature = sign(params, headers);
        params.add(Map.entry("X-Amz-Signature", signature));
        return new SignedRequestView(method, rawPath(), wireQuery(params), headers, body);
    }

    /** The canonical request of the last {@link #signed()} or {@link #presigned} call. */
    String canonicalRequest() {
        return canonicalRequest;
    }

    String rawPath() {
        return "/" + segments.stream().map(TestSigner::encode).collect(Collectors.joining("/"));
    }

    private String sign(List<Map.Entry<String, String>> params, Map<String, List<String>> signedHeaders) {
        String canonicalUri = "/" + segments.stream().map(s -> encode(encode(s))).collect(Collectors.joining("/"));
        String canonicalQuery = params.stream()
                .map(p -> Map.entry(encode(p.getKey()), encode(p.getValue())))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(p -> p.getKey() + "=" + p.getValue())
                .collect(Collectors.joining("&"));
        StringBuilder canonicalHeaders = new StringBuilder();
        signedHeaders.forEach((name, values) -> canonicalHeaders.append(name).append(':')
                .append(values.stream().map(v -> v.strip().replaceAll("\\s+", " ")).collect(Collectors.joining(",")))
                .append('\n'));
        List<String> sentHash = signedHeaders.get("x-amz-content-sha256");
        canonicalRequest = method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + String.join(";", signedHeaders.keySet()) + "\n" + (sentHash != null ? sentHash.getFirst() : sha256Hex(body));
        String stringToSign = "AWS4-HMAC-SHA256\n" + BASIC.format(time) + "\n" + scope() + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return signature(SECRET, BASIC.format(time).substring(0, 8), region, service, stringToSign);
    }

    /** The hex HMAC-SHA256 signature with the key derived for the scope. */
    static String signature(String secret, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String scope() {
        return BASIC.format(time).substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    }

    private static String wireQuery(List<Map.Entry<String, String>> params) {
        return params.stream().map(p -> encode(p.getKey()) + "=" + encode(p.getValue())).collect(Collectors.joining("&"));
    }

    /** RFC 3986 encoding as the AWS SDKs do it: only {@code A-Za-z0-9-_.~} stay, space is {@code %20}. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
