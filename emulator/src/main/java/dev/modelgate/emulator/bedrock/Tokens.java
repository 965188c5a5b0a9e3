package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's deterministic tokenizer: a token is a run of letters and digits ({@code [\p{L}\p{N}]+}) or any
 * single other non-space character ({@code [^\s\p{L}\p{N}]}). Whitespace is never a token.
 *
 * <p>"Hello, world!" is 4 tokens: {@code Hello}, {@code ,}, {@code world}, {@code !}.
 */
public final class Tokens {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");

    private Tokens() {
    }

    /** The number of tokens in {@code text}. */
    public static int count(String text) {
        Matcher m = TOKEN.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The input token count of a request: the tokens of all its texts together, and at least 1. */
    public static int countInput(List<String> texts) {
        int n = 0;
        for (String text : texts) {
            n += count(text);
        }
        return Math.max(1, n);
    }

    /**
     * The longest prefix of {@code text} holding at most {@code maxTokens} tokens: it ends right after the
     * {@code maxTokens}-th token (whitespace after it is dropped), or is {@code text} itself when that has no more.
     */
    public static String truncate(String text, int maxTokens) {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
        }
        Matcher m = TOKEN.matcher(text);
        int seen = 0;
        int end = 0;
        while (m.find()) {
            if (seen == maxTokens) {
                return text.substring(0, end);
            }
            seen++;
            end = m.end();
        }
        return text;
    }

    /**
     * Splits {@code text} into stream pieces of {@code tokensPerPiece} tokens each (the last may hold fewer); every
     * piece but the first starts with the whitespace that preceded its first token, so the pieces concatenate back to
     * {@code text} exactly. Empty text gives no pieces.
     */
    static List<String> pieces(String text, int tokensPerPiece) {
        List<String> pieces = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int start = 0;
        int inPiece = 0;
        while (m.find()) {
            if (inPiece == tokensPerPiece) {
                pieces.add(text.substring(start, m.start() - leadingSpace(text, m.start(), start)));
                start = m.start() - leadingSpace(text, m.start(), start);
                inPiece = 0;
            }
            inPiece++;
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }

    /** How many whitespace characters directly precede {@code index}, not looking before {@code floor}. */
    private static int leadingSpace(String text, int index, int floor) {
        int i = index;
        while (i > floor && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return index - i;
    }
}
