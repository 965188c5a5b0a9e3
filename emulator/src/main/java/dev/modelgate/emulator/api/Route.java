package dev.modelgate.emulator.api;

import dev.modelgate.emulator.http.Request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which AWS service and operation a request is for, read from its method and raw path (all services share one
 * port). Path labels are decoded segment by segment, so a model ARN sent as one {@code %2F}-encoded segment stays
 * one label.
 *
 * @param service   the service, or {@link Service#UNKNOWN}
 * @param operation the AWS operation name, or null when the path names none
 * @param label     the path label ({@code modelId}, {@code modelIdentifier}, {@code inferenceProfileIdentifier}),
 *                  decoded, or null
 */
public record Route(Service service, String operation, String label) {

    /** The services behind the one port. */
    public enum Service {
        STS("sts", "sts"),
        BEDROCK_RUNTIME("bedrock-runtime", "bedrock"),
        BEDROCK("bedrock", "bedrock"),
        CONTROL("_emulator", null),
        UNKNOWN("unknown", null);

        private final String id;
        private final String signingName;

        Service(String id, String signingName) {
            this.id = id;
            this.signingName = signingName;
        }

        /** The name in the request journal. */
        public String id() {
            return id;
        }

        /** The SigV4 service name its requests are signed for. */
        public String signingName() {
            return signingName;
        }
    }

    /** Classifies a request; never throws. */
    public static Route of(Request request) {
        String raw = request.rawPath();
        if (raw.startsWith("/_emulator/") || raw.equals("/_emulator")) {
            return new Route(Service.CONTROL, null, null);
        }
        if (raw.equals("/") || raw.isEmpty()) {
            return new Route(Service.STS, null, null);
        }
        String[] segments = raw.substring(1).split("/", -1);
        String method = request.method();
        if (segments.length == 3 && segments[0].equals("model") && method.equals("POST")) {
            String op = switch (segments[2]) {
                case "invoke" -> "InvokeModel";
                case "invoke-with-response-stream" -> "InvokeModelWithResponseStream";
                case "converse" -> "Converse";
                case "converse-stream" -> "ConverseStream";
                default -> null;
            };
            String label = decode(segments[1]);
            if (op != null && label != null && !label.isEmpty()) {
                return new Route(Service.BEDROCK_RUNTIME, op, label);
            }
        }
        if (method.equals("GET") && segments[0].equals("foundation-models")) {
            if (segments.length == 1 || segments.length == 2 && segments[1].isEmpty()) {
                return new Route(Service.BEDROCK, "ListFoundationModels", null);
            }
            if (segments.length == 2 && decode(segments[1]) != null) {
                return new Route(Service.BEDROCK, "GetFoundationModel", decode(segments[1]));
            }
        }
        if (method.equals("GET") && segments[0].equals("inference-profiles")) {
            if (segments.length == 1 || segments.length == 2 && segments[1].isEmpty()) {
                return new Route(Service.BEDROCK, "ListInferenceProfiles", null);
            }
            if (segments.length == 2 && decode(segments[1]) != null) {
                return new Route(Service.BEDROCK, "GetInferenceProfile", decode(segments[1]));
            }
        }
        return new Route(Service.UNKNOWN, null, null);
    }

    /**
     * The STS action of a request routed to STS: form body first, then query string; null when absent or when the
     * parameters are not percent-encoded correctly.
     */
    public static String stsAction(Request request) {
        try {
            String contentType = request.header("content-type");
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                String action = Request.parseForm(new String(request.body(), StandardCharsets.UTF_8)).get("Action");
                if (action != null) {
                    return action;
                }
            }
            return request.queryParameters().get("Action");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A path segment decoded, or null when its percent-encoding is malformed (no route matches it). */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
