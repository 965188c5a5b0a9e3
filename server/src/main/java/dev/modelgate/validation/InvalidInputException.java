package dev.modelgate.validation;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import java.util.List;

/**
 * Input that breaks one or more rules. Answered as RFC 9457 problem+json (422 for a well-formed request whose
 * values are wrong) listing every violation; nothing is saved.
 */
public class InvalidInputException extends ModelgateException {

    private final List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(ErrorCode.INVALID_INPUT, summary(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(Violation violation) {
        this(List.of(violation));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        return violations.isEmpty() ? "no violations" : violations.size() == 1 ? violations.getFirst().message()
                : violations.size() + " violations, first: " + violations.getFirst().message();
    }
}
