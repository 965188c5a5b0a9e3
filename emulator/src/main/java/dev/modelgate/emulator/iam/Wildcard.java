package dev.modelgate.emulator.iam;

import java.util.Locale;

/** IAM's glob matching: {@code *} matches any run of characters (also none), {@code ?} exactly one. */
final class Wildcard {

    private Wildcard() {
    }

    /** Case-sensitive match of the whole {@code text}, as for resources and {@code StringLike}. */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starAt = -1;
        int textAtStar = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                textAtStar = t;
            } else if (starAt >= 0) {
                p = starAt + 1;
                t = ++textAtStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Case-insensitive match, as for actions. */
    static boolean matchesIgnoreCase(String pattern, String text) {
        return matches(pattern.toLowerCase(Locale.ROOT), text.toLowerCase(Locale.ROOT));
    }
}
