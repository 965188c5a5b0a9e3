package dev.modelgate.web;

import dev.modelgate.validation.Violation;
import java.util.Locale;

/**
 * The rules a request's path must follow, as Tomcat and Spring Security's firewall enforce them, in words: which one
 * a refused path broke. Used to explain a refusal, not to decide it (Tomcat and the firewall decide).
 */
final class PathRules {

    /** The field a path violation names. */
    static final String FIELD = "path";

    private PathRules() {
    }

    /** The first rule {@code rawPath} (as sent, still percent-encoded) breaks, or null when it breaks none of these. */
    static Violation broken(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String upper = path.toUpperCase(Locale.ROOT);
        if (upper.contains("%2F")) {
            return rule("encoded-slash", "the path must not contain an encoded slash (%2F)");
        }
        if (path.indexOf('\\') >= 0 || upper.contains("%5C")) {
            return rule("backslash", "the path must not contain a backslash (\\ or %5C)");
        }
        if (upper.contains("%00") || path.indexOf('\0') >= 0) {
            return rule("nul-character", "the path must not contain a NUL character (%00)");
        }
        if (!percentEncodingValid(path)) {
            return rule("invalid-percent-encoding",
                    "the path's percent-encoding is invalid: each % must be followed by two hexadecimal digits");
        }
        if (upper.contains("%25")) {
            return rule("encoded-percent", "the path must not contain an encoded percent sign (%25)");
        }
        if (path.indexOf(';') >= 0 || upper.contains("%3B")) {
            return rule("path-parameter", "the path must not contain path parameters (;name=value, such as "
                    + ";jsessionid=); console sessions use their cookie");
        }
        for (String segment : upper.replace("%2E", ".").split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return rule("dot-segment", "the path must not contain . or .. segments; send it normalized");
            }
        }
        if (upper.contains("%2E")) {
            return rule("encoded-period", "the path must not contain an encoded period (%2E)");
        }
        if (path.contains("//")) {
            return rule("empty-segment", "the path must not contain an empty segment (//)");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return rule("invalid-character", "the path must not contain spaces, control characters or "
                        + "non-ASCII characters unless percent-encoded");
            }
        }
        if (upper.matches(".*%(0[0-9A-F]|1[0-9A-F]|7F).*")) {
            return rule("control-character", "the path must not contain an encoded control character");
        }
        return null;
    }

    private static boolean percentEncodingValid(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Violation rule(String rule, String message) {
        return Violation.of(FIELD, rule, message);
    }
}
