package dev.modelgate.bench;

import tools.jackson.databind.node.JsonNodeFactory;

import java.nio.charset.StandardCharsets;

/**
 * Prompt texts for the template benchmarks: what an agent sends as the user's message.
 *
 * <p>The long prompts are a pasted support thread: mostly English prose, with the characters a JSON string must escape
 * (double quotes, backslashes, newlines, tabs) and non-ASCII text that takes the slower UTF-8 path (accented Latin,
 * Japanese, arrows and euro signs, an emoji outside the BMP, so a surrogate pair).
 */
final class Prompts {

    /** 39 characters, all plain ASCII: a one-line instruction. */
    static final String SHORT = "Summarize this ticket in two sentences.";

    private static final String[] THREAD = {
        "Summarize the support thread below for the on-call engineer: what broke, who is affected, what was tried.",
        "",
        "From: Renée Dupont <renee.dupont@example.com>",
        "Subject: Re: \"Export CSV\" does nothing — urgent",
        "",
        "Hello, since Tuesday the export button on the Reports page does nothing at all. We open Reports, pick the",
        "date range, click \"Export CSV\" and the spinner turns for a second, then nothing is downloaded. The same",
        "account worked last week, and nothing changed on our side as far as we know.",
        "> Steps: open Reports → choose \"Last 7 days\" → click \"Export CSV\" → nothing happens.",
        "> Console: {\"error\": \"unexpected token '\\\\' at line 3\", \"path\": \"C:\\\\exports\\\\2024-05\\\\may.csv\"}",
        "\tOrder #4821\ttotal 1 234,56 €\tcolumn naïve_total\tstatus \"pending\"",
        "\tOrder #4822\ttotal 98,10 €\tcolumn naïve_total\tstatus \"paid\"",
        "Our Tokyo office reports the same thing: 東京オフィスでも同じ問題が発生しています。エクスポートが空です。",
        "Ça marche sur Firefox, pas sur Chrome 🤔 — merci d'avance pour votre aide !",
        "",
        "Reply from support (Jonas): thanks for the details. We could reproduce it with an account in the EU region;",
        "accounts in the US region are not affected. The export job logs show the date filter being read as a file",
        "name, which is why the file comes back empty rather than failing. We are rolling out a fix today and will",
        "re-run the exports for the affected days once it is deployed. Could you confirm which date ranges you need?",
        "",
    };

    private static final String ASCII_FILL = "The customer confirmed the date ranges and thanked the team. ";

    private Prompts() {
    }

    /**
     * A prompt of exactly {@code bytes} bytes of UTF-8: the support thread repeated as often as it fits, then plain
     * ASCII prose to the exact length.
     */
    static String ofUtf8Bytes(int bytes) {
        StringBuilder text = new StringBuilder(bytes);
        int size = 0;
        for (int i = 0; ; i++) {
            String line = THREAD[i % THREAD.length] + "\n";
            int lineBytes = utf8Length(line);
            if (size + lineBytes > bytes) {
                break;
            }
            text.append(line);
            size += lineBytes;
        }
        while (size < bytes) {
            int n = Math.min(ASCII_FILL.length(), bytes - size);
            text.append(ASCII_FILL, 0, n);
            size += n;
        }
        return text.toString();
    }

    /** {@code text} as a JSON string literal, quotes included. */
    static String jsonString(String text) {
        return JsonNodeFactory.instance.stringNode(text).toString();
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
