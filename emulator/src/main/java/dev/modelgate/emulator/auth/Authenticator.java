package dev.modelgate.emulator.auth;

import dev.modelgate.emulator.http.Request;
import dev.modelgate.emulator.iam.CredentialStore;
import dev.modelgate.emulator.iam.ResolvedCredential;
import dev.modelgate.emulator.sigv4.SigV4Exception;
import dev.modelgate.emulator.sigv4.SigV4Verifier;
import dev.modelgate.emulator.sigv4.SignedRequestView;
import dev.modelgate.emulator.sigv4.VerifiedSignature;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Authenticates a request as AWS does: SigV4 over the exact bytes received (with the service's clock-skew window),
 * the credential scope's service and region, then the session token of temporary credentials (present, matching,
 * not expired).
 */
public final class Authenticator {

    /** The clock skew Bedrock (like most AWS services) allows: "Signature expired: ... (... - 5 min.)". */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** The clock skew STS allows: "Signature expired: ... (... - 15 min.)". */
    public static final Duration STS_MAX_SKEW = Duration.ofMinutes(15);

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}");
    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private final CredentialStore credentials;
    private final SigV4Verifier verifier;
    private final SigV4Verifier stsVerifier;
    private final Clock clock;

    /**
     * @param clock            when session tokens expire
     * @param signatureClock   what request signing times are held against (see
     *                         {@link dev.modelgate.emulator.EmulatorClock#signatureClock()})
     * @param verifySignatures false for the fast mode: the caller is taken from the credential scope unverified
     */
    public Authenticator(CredentialStore credentials, Clock clock, Clock signatureClock, boolean verifySignatures) {
        this.credentials = credentials;
        this.clock = clock;
        this.verifier = verifySignatures ? new SigV4Verifier(signatureClock, MAX_SKEW, true) : null;
        this.stsVerifier = verifySignatures ? new SigV4Verifier(signatureClock, STS_MAX_SKEW, true) : null;
    }

    /**
     * Authenticates a request meant for {@code service} ({@code sts} or {@code bedrock}, the SigV4 signing names).
     *
     * @throws AuthException with AWS's reason and message when it is not authentic
     */
    public Caller authenticate(Request request, String service) {
        Scope scope = verifier != null ? verified(request, service.equals("sts") ? stsVerifier : verifier)
                : unverified(request);
        if (!service.equals(scope.service)) {
            throw new AuthException(AuthFailure.SIGNATURE_MISMATCH,
                    "Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!REGION.matcher(scope.region).matches()) {
            throw new AuthException(AuthFailure.SIGNATURE_MISMATCH, "Credential should be scoped to a valid region. ");
        }
        ResolvedCredential credential = scope.credential != null ? scope.credential
                : credentials.resolve(scope.accessKeyId).orElseThrow(
                        () -> new AuthException(AuthFailure.INVALID_CLIENT_TOKEN, INVALID_TOKEN));
        checkToken(credential, scope.token);
        return new Caller(credential.principal(), scope.region, scope.accessKeyId);
    }

    private void checkToken(ResolvedCredential credential, String token) {
        if (credential.sessionToken() == null) {
            if (token != null) {
                throw new AuthException(AuthFailure.INVALID_CLIENT_TOKEN, INVALID_TOKEN);
            }
            return;
        }
        if (token == null || !java.security.MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.UTF_8), credential.sessionToken().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new AuthException(AuthFailure.INVALID_CLIENT_TOKEN, INVALID_TOKEN);
        }
        Instant expiration = credential.expiration();
        if (expiration != null && !clock.instant().isBefore(expiration)) {
            throw new AuthException(AuthFailure.EXPIRED_TOKEN, "The security token included in the request is expired");
        }
    }

    private Scope verified(Request request, SigV4Verifier verifier) {
        ResolvedCredential[] resolved = new ResolvedCredential[1];
        try {
            VerifiedSignature signature = verifier.verify(
                    new SignedRequestView(request.method(), request.rawPath(), request.rawQuery(), request.headers(), request.body()),
                    accessKeyId -> {
                        resolved[0] = credentials.resolve(accessKeyId).orElse(null);
                        return resolved[0] == null ? null : resolved[0].secret();
                    });
            return new Scope(signature.accessKeyId(), signature.region(), signature.service(), signature.securityToken(), resolved[0]);
        } catch (SigV4Exception e) {
            throw new AuthException(switch (e.reason()) {
                case MISSING_AUTHENTICATION -> AuthFailure.MISSING_AUTHENTICATION;
                case INCOMPLETE_SIGNATURE -> AuthFailure.INCOMPLETE_SIGNATURE;
                case UNKNOWN_ACCESS_KEY -> AuthFailure.INVALID_CLIENT_TOKEN;
                case SIGNATURE_MISMATCH -> AuthFailure.SIGNATURE_MISMATCH;
                case SIGNATURE_EXPIRED -> AuthFailure.SIGNATURE_EXPIRED;
            }, e.getMessage());
        }
    }

    /** Fast mode: reads the credential scope without checking the signature. */
    private static Scope unverified(Request request) {
        String authorization = request.header("authorization");
        String credential;
        if (authorization != null) {
            int start = authorization.indexOf("Credential=");
            if (start < 0) {
                throw new AuthException(AuthFailure.INCOMPLETE_SIGNATURE, "Authorization header requires 'Credential' parameter.");
            }
            int end = authorization.indexOf(',', start);
            credential = authorization.substring(start + "Credential=".length(), end < 0 ? authorization.length() : end).trim();
        } else {
            credential = queryParameter(request, "X-Amz-Credential");
            if (credential == null) {
                throw new AuthException(AuthFailure.MISSING_AUTHENTICATION, "Missing Authentication Token");
            }
        }
        String[] parts = credential.split("/");
        if (parts.length != 5) {
            throw new AuthException(AuthFailure.INCOMPLETE_SIGNATURE, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        String token = request.header("x-amz-security-token");
        if (token == null) {
            token = queryParameter(request, "X-Amz-Security-Token");
        }
        return new Scope(parts[0], parts[2], parts[3], token, null);
    }

    /** A query parameter, or null when absent or when the query cannot be decoded (the service then says so). */
    private static String queryParameter(Request request, String name) {
        try {
            return request.queryParameters().get(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private record Scope(String accessKeyId, String region, String service, String token, ResolvedCredential credential) {
    }
}
