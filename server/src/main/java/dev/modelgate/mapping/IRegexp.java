package dev.modelgate.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * I-Regexp (RFC 9485) patterns for the {@code match} and {@code search} functions, run on {@link java.util.regex}
 * after {@link IRegexpTranslator translation}.
 *
 * <p>{@code java.util.regex} backtracks, and repeats a group by recursion. Two safety valves keep a tenant's
 * pattern from taking a server thread down, both counting as "no match": matching may read the subject at most
 * {@value #BASE_BUDGET} + {@value #BUDGET_PER_CHAR} × its length times (catastrophic backtracking such as
 * {@code (a|aa)*b}), and a {@link StackOverflowError} is caught (a repeated group with alternatives, such as
 * {@code (a|b)*}, on a subject of some thousands of characters). Repetitions of a single character or class
 * ({@code [ab]*}, {@code .*}) do not recurse.
 */
final class IRegexp {

    private static final long BASE_BUDGET = 100_000;
    private static final long BUDGET_PER_CHAR = 1_000;

    private IRegexp() {
    }

    /** The pattern compiled for Java, or null when it is not an I-Regexp. */
    static Pattern compile(String pattern) {
        String translated = IRegexpTranslator.translate(pattern);
        if (translated == null) {
            return null;
        }
        try {
            return Pattern.compile(translated);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    /** Whether {@code pattern} matches all of {@code subject} ({@code whole}) or some substring of it. */
    static boolean test(Pattern pattern, String subject, boolean whole) {
        try {
            Matcher matcher = pattern.matcher(new BudgetedChars(subject, BASE_BUDGET + BUDGET_PER_CHAR * subject.length()));
            return whole ? matcher.matches() : matcher.find();
        } catch (BudgetExceeded | StackOverflowError e) {
            return false;
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** The subject string, counting reads so that a runaway backtracking match can be stopped. */
    private static final class BudgetedChars implements CharSequence {
        private final String chars;
        private long budget;

        BudgetedChars(String chars, long budget) {
            this.chars = chars;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (--budget < 0) {
                throw new BudgetExceeded();
            }
            return chars.charAt(index);
        }

        @Override
        public int length() {
            return chars.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return chars.subSequence(start, end);
        }

        @Override
        public String toString() {
            return chars;
        }
    }
}
