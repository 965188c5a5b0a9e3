package dev.modelgate.access;

/**
 * What a caller may do. A platform operator manages workspaces and approves role registrations; inside a workspace
 * the roles are ordered, each allowing what the ones below it allow: an admin also manages members, keys,
 * registrations, the External ID and reads the audit log; a developer edits, tests and invokes models and reads
 * usage; an agent (API keys only) invokes models and nothing else.
 */
public enum Role {
    OPERATOR,
    ADMIN,
    DEVELOPER,
    AGENT;

    /** Whether this workspace role allows what {@code required} allows; an operator holds no workspace role. */
    public boolean includes(Role required) {
        if (this == OPERATOR || required == OPERATOR) {
            return this == required;
        }
        return ordinal() <= required.ordinal();
    }

    /** The roles an account may have (agents exist only as API keys). */
    public boolean forAccounts() {
        return this != AGENT;
    }

    /** The roles an API key may have (keys belong to a workspace, so never an operator). */
    public boolean forKeys() {
        return this != OPERATOR;
    }
}
