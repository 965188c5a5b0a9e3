package dev.modelgate.emulator.sts;

import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.http.Request;
import dev.modelgate.emulator.iam.CredentialStore;
import dev.modelgate.emulator.iam.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The STS service (AWS Query protocol: form parameters in, XML out), for requests whose SigV4
 * signature has already been verified. Implements {@code GetCallerIdentity} and {@code AssumeRole};
 * the other STS operations answer {@code InvalidAction} saying the emulator lacks them.
 */
public final class StsService {

    /** The only API version STS has. */
    public static final String VERSION = "2011-06-15";

    private static final Set<String> UNIMPLEMENTED = Set.of("AssumeRoleWithSAML", "AssumeRoleWithWebIdentity",
            "AssumeRoot", "DecodeAuthorizationMessage", "GetAccessKeyInfo", "GetDelegatedAccessToken",
            "GetFederationToken", "GetSessionToken", "GetWebIdentityToken");

    private final AssumeRoleHandler assumeRole;

    /**
     * @param credentials where issued sessions go (and are later resolved by SigV4 verification); its
     *                    {@linkplain CredentialStore#world() world} holds the accounts and roles {@code AssumeRole}
     *                    looks up
     * @param clock       the emulator's clock, for time condition keys ({@code aws:CurrentTime},
     *                    {@code aws:EpochTime}); session expiry is timed by {@code credentials}' clock
     */
    public StsService(CredentialStore credentials, Clock clock) {
        this.assumeRole = new AssumeRoleHandler(Objects.requireNonNull(credentials, "credentials"),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Handles one authenticated STS request.
     *
     * @param request       the request; parameters come from the query string and, for a form body, the body
     * @param caller        who signed it
     * @param signingRegion the region of the SigV4 credential scope (STS's global endpoint signs with
     *                      us-east-1); an account's {@code stsDisabledRegions} are checked against it,
     *                      and null skips that check
     * @return a {@code text/xml} reply: the operation's response, or an {@code ErrorResponse}
     */
    public Reply handle(Request request, Principal caller, String signingRegion) {
        Objects.requireNonNull(caller, "caller");
        String requestId = request.requestId();
        try {
            StsParameters params = StsParameters.from(request);
            String action = params.get("Action");
            if (action == null) {
                throw StsException.sender(400, "MissingAction", "Missing Action");
            }
            String version = params.get("Version");
            if (!VERSION.equals(version)) {
                throw notFound(action, version == null ? "NO_VERSION_SPECIFIED" : version);
            }
            String xml = switch (action) {
                case "GetCallerIdentity" -> StsXml.getCallerIdentityResponse(caller, requestId);
                case "AssumeRole" -> assumeRole.handle(params, caller, signingRegion, requestId);
                default -> throw UNIMPLEMENTED.contains(action)
                        ? StsException.invalidAction("The Modelgate emulator does not implement " + action
                                + "; it implements AssumeRole and GetCallerIdentity")
                        : notFound(action, version);
            };
            return reply(200, xml, requestId);
        } catch (StsException e) {
            return reply(e.status(), StsXml.errorResponse(e.namespace(), "Sender", e.code(), e.getMessage(), requestId),
                    requestId);
        }
    }

    private static StsException notFound(String action, String version) {
        return StsException.invalidAction("Could not find operation " + action + " for version " + version);
    }

    /**
     * An STS error reply: {@code <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">}
     * with {@code Error/Type}, {@code Code}, {@code Message} and {@code RequestId}, as {@code text/xml}
     * with an {@code x-amzn-RequestId} header. For errors found before STS runs as well, such as
     * failed authentication ({@code InvalidClientTokenId}, {@code SignatureDoesNotMatch}).
     *
     * @param status    the HTTP status, e.g. 403
     * @param type      {@code Sender} or {@code Receiver}
     * @param code      the error code SDKs match on, e.g. {@code InvalidClientTokenId}
     * @param message   the message; escaped here
     * @param requestId the request's id
     */
    public static Reply error(int status, String type, String code, String message, String requestId) {
        if (!type.equals("Sender") && !type.equals("Receiver")) {
            throw new IllegalArgumentException("type must be Sender or Receiver, got \"" + type + "\"");
        }
        return reply(status, StsXml.errorResponse(StsXml.NAMESPACE, type, code, message, requestId), requestId);
    }

    private static Reply reply(int status, String xml, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/xml");
        headers.put("x-amzn-RequestId", requestId);
        return new Reply.Full(status, headers, xml.getBytes(StandardCharsets.UTF_8));
    }
}
