package dev.modelgate.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * I-Regexp (RFC 9485) patterns for the {@code match} and {@code search} functions, run on {@link java.util.regex}
 * after {@link IRegexpTranslator translation}.
 *
 * <p>{@code java.util.regex} backtracks, and repeats a group by recursion. Two safety valves keep a tenant's
 * pattern from taking a server thread down: every character the matcher reads is a step of the evaluation's
 * absolute {@link EvaluationBudget#MAX_REGEX_STEPS regex budget}, shared by all the {@code match} and
 * {@code search} calls of one evaluation, so catastrophic backtracking such as {@code (a+)+c} stops the evaluation
 * with a {@link JsonPathTooCostlyException} at the same cost whatever the subject's length; and a
 * {@link StackOverflowError} counts as "no match" (a repeated group with alternatives, such as {@code (a|b)*}, on a
 * subject of some thousands of characters). Repetitions of a single character or class ({@code [ab]*}, {@code .*})
 * do not recurse.
 */
final class IRegexp {

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

    /**
     * Whether {@code pattern} matches all of {@code subject} ({@code whole}) or some substring of it.
     *
     * @throws JsonPathTooCostlyException when the evaluation's regex steps run out
     */
    static boolean test(Pattern pattern, String subject, boolean whole, Evaluation evaluation) {
        try {
            Matcher matcher = pattern.matcher(new BudgetedChars(subject, evaluation));
            return whole ? matcher.matches() : matcher.find();
        } catch (StackOverflowError e) {
            return false;
        }
    }

    /** The subject string, counting reads so that a runaway backtracking match can be stopped. */
    private static final class BudgetedChars implements CharSequence {
        private final String chars;
        private final Evaluation evaluation;

        BudgetedChars(String chars, Evaluation evaluation) {
            this.chars = chars;
            this.evaluation = evaluation;
        }

        @Override
        public char charAt(int index) {
            evaluation.regexStep();
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
