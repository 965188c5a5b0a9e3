package dev.modelgate.emulator.sigv4;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A request time in SigV4's ISO-8601 basic format, e.g. {@code 20150830T123600Z}.
 *
 * @param instant the time, whole seconds
 * @param text    the basic-format text, as it goes into the string to sign
 */
record AmzDate(Instant instant, String text) {

    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Formats {@code instant} (truncated to seconds) as {@code yyyyMMdd'T'HHmmss'Z'}. */
    static String format(Instant instant) {
        return BASIC.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses an {@code X-Amz-Date} value.
     *
     * @throws SigV4Exception INCOMPLETE_SIGNATURE when {@code text} is not {@code yyyyMMdd'T'HHmmss'Z'}
     */
    static AmzDate parse(String text) {
        if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z'
                || !digits(text, 0, 8) || !digits(text, 9, 15)) {
            throw notBasicFormat(text);
        }
        try {
            LocalDateTime time = LocalDateTime.of(number(text, 0, 4), number(text, 4, 6), number(text, 6, 8),
                    number(text, 9, 11), number(text, 11, 13), number(text, 13, 15));
            return new AmzDate(time.toInstant(ZoneOffset.UTC), text);
        } catch (DateTimeException e) {
            throw notBasicFormat(text);
        }
    }

    /**
     * Parses an RFC 1123 {@code Date} header, the fallback when there is no {@code X-Amz-Date}.
     *
     * @throws SigV4Exception INCOMPLETE_SIGNATURE when {@code text} is not an RFC 1123 date
     */
    static AmzDate fromHttpDate(String text) {
        try {
            Instant instant = ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return new AmzDate(instant.truncatedTo(ChronoUnit.SECONDS), format(instant));
        } catch (DateTimeException e) {
            throw new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                    "Date header must be an RFC 1123 date such as 'Sun, 30 Aug 2015 12:36:00 GMT'. Got '" + text + "'.");
        }
    }

    /** The {@code yyyyMMdd} part, which the credential scope must repeat. */
    String date() {
        return text.substring(0, 8);
    }

    private static SigV4Exception notBasicFormat(String text) {
        return new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                "Date must be in ISO-8601 'basic format'. Got '" + text + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        return Integer.parseInt(text, from, to, 10);
    }
}
