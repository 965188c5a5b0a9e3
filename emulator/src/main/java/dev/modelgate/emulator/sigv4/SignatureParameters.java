package dev.modelgate.emulator.sigv4;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The signature a request carries, read from its {@code Authorization} header or, when presigned,
 * from its {@code X-Amz-*} query parameters.
 *
 * @param credential    the credential scope with the access key id
 * @param signedHeaders the signed header names, lower case, in the order the request listed them
 * @param signature     the signature as sent
 * @param date          the signing time
 * @param expires       how long a presigned request stays valid; null for the Authorization header
 * @param securityToken the session token, null when absent
 * @param presigned     whether the signature came in the query
 */
record SignatureParameters(Credential credential, List<String> signedHeaders, String signature, AmzDate date,
                           Duration expires, String securityToken, boolean presigned) {

    private static final long MAX_EXPIRES_SECONDS = 604_800;
    private static final List<String> REQUIRED_QUERY_PARAMETERS = List.of("X-Amz-Algorithm", "X-Amz-Credential",
            "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires");

    /**
     * Reads the signature of {@code request}.
     *
     * @throws SigV4Exception MISSING_AUTHENTICATION when the request carries none,
     *                        INCOMPLETE_SIGNATURE when it is malformed or neither {@code host} nor
     *                        {@code :authority} is signed
     */
    static SignatureParameters from(SignedRequestView request) {
        String authorization = request.header("authorization");
        Map<String, String> query = request.rawQuery().isEmpty() ? Map.of() : QueryString.amzParameters(request.rawQuery());
        boolean presigned = query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Credential")
                || query.containsKey(QueryString.SIGNATURE_PARAMETER);
        if (authorization == null && !presigned) {
            throw new SigV4Exception(SigV4Exception.Reason.MISSING_AUTHENTICATION, "Missing Authentication Token");
        }
        if (authorization != null && presigned) {
            throw incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the "
                    + "Authorization header should be specified");
        }
        SignatureParameters parameters = presigned ? fromQuery(query, request) : fromHeader(authorization, request);
        // HTTP/2 signers may sign the :authority pseudo-header instead of host (AWS names both in its refusal).
        if (!parameters.signedHeaders().contains("host") && !parameters.signedHeaders().contains(":authority")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return parameters;
    }

    private static SignatureParameters fromHeader(String authorization, SignedRequestView request) {
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equals(SignatureCalculator.ALGORITHM)) {
            // The scheme is not echoed: it may be a bearer token.
            throw incomplete("Unsupported authorization scheme: the Authorization header must start with '"
                    + SignatureCalculator.ALGORITHM + " '.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : value.substring(space + 1).split(",")) {
            String pair = part.strip();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw incomplete("'" + pair + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + value + "'.");
            }
            String key = pair.substring(0, eq).strip();
            String text = pair.substring(eq + 1).strip();
            switch (key) {
                case "Credential" -> credential = text;
                case "SignedHeaders" -> signedHeaders = text;
                case "Signature" -> signature = text;
                default -> { }
            }
        }
        String amzDate = request.header("x-amz-date");
        String httpDate = amzDate == null ? request.header("date") : null;
        StringBuilder missing = new StringBuilder();
        if (credential == null) {
            missing.append("Authorization header requires 'Credential' parameter. ");
        }
        if (signature == null) {
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (signedHeaders == null) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        if (amzDate == null && httpDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw incomplete(missing + "Authorization=" + value);
        }
        return new SignatureParameters(Credential.parse(credential), headerNames(signedHeaders), signature,
                amzDate != null ? AmzDate.parse(amzDate) : AmzDate.fromHttpDate(httpDate), null,
                request.header("x-amz-security-token"), false);
    }

    private static SignatureParameters fromQuery(Map<String, String> query, SignedRequestView request) {
        if (!query.keySet().containsAll(REQUIRED_QUERY_PARAMETERS)) {
            throw incomplete("AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', "
                    + "'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'. "
                    + "Re-examine the query-string parameters.");
        }
        if (!query.get("X-Amz-Algorithm").equals(SignatureCalculator.ALGORITHM)) {
            throw incomplete("X-Amz-Algorithm only supports \"" + SignatureCalculator.ALGORITHM + "\"");
        }
        String token = query.get("X-Amz-Security-Token");
        return new SignatureParameters(Credential.parse(query.get("X-Amz-Credential")),
                headerNames(query.get("X-Amz-SignedHeaders")), query.get(QueryString.SIGNATURE_PARAMETER),
                AmzDate.parse(query.get("X-Amz-Date")), expires(query.get("X-Amz-Expires")),
                token != null ? token : request.header("x-amz-security-token"), true);
    }

    private static Duration expires(String text) {
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0 || seconds > MAX_EXPIRES_SECONDS) {
            throw incomplete("X-Amz-Expires must be a whole number of seconds from 0 to " + MAX_EXPIRES_SECONDS
                    + " (one week), got '" + text + "'");
        }
        return Duration.ofSeconds(seconds);
    }

    private static List<String> headerNames(String text) {
        List<String> names = new ArrayList<>();
        for (String name : text.split(";")) {
            String trimmed = name.strip();
            if (!trimmed.isEmpty()) {
                names.add(trimmed.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static SigV4Exception incomplete(String message) {
        return new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE, message);
    }
}
