package dev.modelgate.emulator.iam;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Amazon Bedrock guardrail of an account, as a world declares it. The emulator's guardrail has one rule: it
 * intervenes when the request's input contains {@link #TRIGGER} (any case) and answers {@link #blockedMessage()}
 * instead of the model.
 *
 * @param accountId      the owning account, 12 digits
 * @param id             12 lowercase letters or digits (as Bedrock generates them), e.g. {@code mgdemoguard1}
 * @param versions       {@code DRAFT} and/or numbered versions {@code 1}..{@code 99999999}; not empty, no duplicates
 * @param blockedMessage what the guardrail answers when it intervenes (the guardrail's blocked-input message)
 */
public record Guardrail(String accountId, String id, List<String> versions, String blockedMessage) {

    /** The text whose presence in a request's input makes every emulated guardrail intervene (any case). */
    public static final String TRIGGER = "BLOCKME";

    /** The blocked-input message a guardrail answers with unless the world gives another. */
    public static final String DEFAULT_BLOCKED_MESSAGE = "Sorry, the model cannot answer this question.";

    private static final Pattern ID = Pattern.compile("[a-z0-9]{12}");
    private static final Pattern VERSION = Pattern.compile("DRAFT|[1-9][0-9]{0,7}");

    public Guardrail {
        IamNames.checkAccountId("accountId", accountId);
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidWorldException("id", "must be 12 lowercase letters or digits, got \"" + id + "\"");
        }
        if (versions == null || versions.isEmpty()) {
            throw new InvalidWorldException("versions", "must list DRAFT and/or numbered versions such as \"1\"");
        }
        versions = List.copyOf(versions);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            String version = versions.get(i);
            if (version == null || !VERSION.matcher(version).matches()) {
                throw new InvalidWorldException("versions[" + i + "]",
                        "must be DRAFT or a number from 1 to 99999999, got \"" + version + "\"");
            }
            if (!seen.add(version)) {
                throw new InvalidWorldException("versions[" + i + "]", "duplicates an earlier version, got \""
                        + version + "\"");
            }
        }
        if (blockedMessage == null || blockedMessage.isBlank() || blockedMessage.length() > 500) {
            throw new InvalidWorldException("blockedMessage", "must be 1..500 characters, got \"" + blockedMessage
                    + "\"");
        }
    }

    /** {@code arn:aws:bedrock:<region>:<account>:guardrail/<id>}: the resource {@code bedrock:ApplyGuardrail} is on. */
    public String arn(String region) {
        return "arn:aws:bedrock:" + region + ":" + accountId + ":guardrail/" + id;
    }

    /** Whether the guardrail has this version ({@code DRAFT} or a number). */
    public boolean hasVersion(String version) {
        return versions.contains(version);
    }
}
