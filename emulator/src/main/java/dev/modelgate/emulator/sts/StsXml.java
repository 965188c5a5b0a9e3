package dev.modelgate.emulator.sts;

import dev.modelgate.emulator.iam.IssuedSession;
import dev.modelgate.emulator.iam.Principal;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Renders STS's XML replies laid out as real STS lays them out: two-space indentation, one element
 * per line, a trailing newline. Every text is escaped.
 */
final class StsXml {

    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final String AWS_FAULT_NAMESPACE = "http://webservices.amazon.com/AWSFault/2005-15-09";

    private StsXml() {
    }

    static String getCallerIdentityResponse(Principal caller, String requestId) {
        return new Writer()
                .open("GetCallerIdentityResponse", NAMESPACE)
                .open("GetCallerIdentityResult")
                .leaf("Arn", caller.arn())
                .leaf("UserId", caller.userId())
                .leaf("Account", caller.accountId())
                .close()
                .metadata(requestId)
                .close()
                .toString();
    }

    /**
     * @param packedPolicySize the percentage to report, or null when no session policy or tags were sent
     * @param sourceIdentity   the source identity to echo, or null
     */
    static String assumeRoleResponse(IssuedSession issued, Integer packedPolicySize, String sourceIdentity,
                                     String requestId) {
        Writer xml = new Writer()
                .open("AssumeRoleResponse", NAMESPACE)
                .open("AssumeRoleResult");
        if (sourceIdentity != null) {
            xml.leaf("SourceIdentity", sourceIdentity);
        }
        xml.open("AssumedRoleUser")
                .leaf("AssumedRoleId", issued.session().userId())
                .leaf("Arn", issued.session().arn())
                .close()
                .open("Credentials")
                .leaf("AccessKeyId", issued.accessKeyId())
                .leaf("SecretAccessKey", issued.secretAccessKey())
                .leaf("SessionToken", issued.sessionToken())
                .leaf("Expiration", DateTimeFormatter.ISO_INSTANT.format(issued.expiration().truncatedTo(ChronoUnit.SECONDS)))
                .close();
        if (packedPolicySize != null) {
            xml.leaf("PackedPolicySize", packedPolicySize.toString());
        }
        return xml.close()
                .metadata(requestId)
                .close()
                .toString();
    }

    /** The Query error envelope; {@code message} may be null, and the element is then left out (as AWS does). */
    static String errorResponse(String namespace, String type, String code, String message, String requestId) {
        Writer xml = new Writer()
                .open("ErrorResponse", namespace)
                .open("Error")
                .leaf("Type", type)
                .leaf("Code", code);
        if (message != null) {
            xml.leaf("Message", message);
        }
        return xml.close()
                .leaf("RequestId", requestId)
                .close()
                .toString();
    }

    /**
     * Escapes text for element content: {@code &}, {@code <} and {@code >} as entities (quotes stay as
     * they are, as in STS's own messages: {@code Value 'x' at ...}), carriage returns as a character
     * reference (so parsers keep them), and characters XML 1.0 cannot carry at all as U+FFFD.
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '\r' -> escaped.append("&#13;");
                default -> escaped.appendCodePoint(allowedInXml(c) ? c : 0xFFFD);
            }
        });
        return escaped.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** Writes nested elements, one per line, indented by two spaces per level. */
    private static final class Writer {

        private final StringBuilder xml = new StringBuilder(512);
        private final java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();

        Writer open(String name, String namespace) {
            indent().append('<').append(name).append(" xmlns=\"").append(namespace).append("\">\n");
            open.push(name);
            return this;
        }

        Writer open(String name) {
            indent().append('<').append(name).append(">\n");
            open.push(name);
            return this;
        }

        Writer leaf(String name, String text) {
            indent().append('<').append(name).append('>').append(escape(text)).append("</").append(name).append(">\n");
            return this;
        }

        Writer metadata(String requestId) {
            return open("ResponseMetadata").leaf("RequestId", requestId).close();
        }

        Writer close() {
            String name = open.pop();
            indent().append("</").append(name).append(">\n");
            return this;
        }

        private StringBuilder indent() {
            return xml.repeat("  ", open.size());
        }

        @Override
        public String toString() {
            return xml.toString();
        }
    }
}
