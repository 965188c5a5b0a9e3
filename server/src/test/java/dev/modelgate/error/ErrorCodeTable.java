package dev.modelgate.error;

/** {@link ErrorCode} as the README's "Error codes" section lists it: a Markdown table, one row a code. */
final class ErrorCodeTable {

    private ErrorCodeTable() {
    }

    static String markdown() {
        StringBuilder out = new StringBuilder("| code | status | meaning | retry |\n|---|---|---|---|\n");
        for (ErrorCode code : ErrorCode.values()) {
            out.append("| `").append(code.code()).append("` | ").append(status(code)).append(" | ")
                    .append(meaning(code)).append(" | ").append(code.retry().advice()).append(" |\n");
        }
        return out.toString();
    }

    private static String status(ErrorCode code) {
        if (code.status() == 0) {
            return "—";
        }
        return code.answeredAs().map(api -> code.status() + " (as `" + api.code() + "`)")
                .orElse(Integer.toString(code.status()));
    }

    private static String meaning(ErrorCode code) {
        if (code.answered()) {
            return code.meaning();
        }
        return "*Test only.* " + code.meaning() + code.answeredAs()
                .map(api -> " The API answers the same failure with `" + api.code() + "`.")
                .orElse(" The API does not refuse for it.");
    }
}
