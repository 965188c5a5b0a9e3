package dev.modelgate.access;

import java.io.Serializable;
import java.util.Objects;

/**
 * Who a request acts as: a signed-in account or an API key, with its role and workspace. Holds no secret.
 *
 * @param kind        how the caller authenticated
 * @param id          the account's or key's id
 * @param name        the account's username, or the key's prefix and name ({@code mgk_ab12cd34 (ci)})
 * @param role        what the caller may do
 * @param workspaceId the caller's workspace; null for a platform operator
 * @param models      the models an API key may call; null for a key that may call every model, and for every
 *                    account (sessions are never scoped; one stored before scopes existed reads back as null)
 * @param limits      an API key's own request-rate limit; null for a key with the configured per-caller limit, and
 *                    for every account (one stored before key limits existed reads back as null)
 * @param tokenLimit  an API key's own token-per-minute limit; null for a key without one, and for every account
 */
public record Caller(Kind kind, String id, String name, Role role, String workspaceId, ModelScope models,
                     RateLimits.Limit limits, RateLimits.TokenLimit tokenLimit) implements Serializable {

    public enum Kind {
        ACCOUNT,
        KEY
    }

    public Caller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if ((role == Role.OPERATOR) != (workspaceId == null)) {
            throw new IllegalArgumentException("an operator has no workspace and every other role has one, got "
                    + role + " in workspace " + workspaceId);
        }
        if (kind == Kind.ACCOUNT && models != null) {
            throw new IllegalArgumentException("only an API key has a model scope, got account " + name + " with "
                    + models);
        }
        if (kind == Kind.ACCOUNT && tokenLimit != null) {
            throw new IllegalArgumentException("only an API key has a token limit of its own, got account " + name);
        }
        if (kind == Kind.ACCOUNT && limits != null) {
            throw new IllegalArgumentException("only an API key has a rate limit of its own, got account " + name
                    + " with " + limits);
        }
    }

    /** A caller without a token-per-minute limit of its own. */
    public Caller(Kind kind, String id, String name, Role role, String workspaceId, ModelScope models,
                  RateLimits.Limit limits) {
        this(kind, id, name, role, workspaceId, models, limits, null);
    }

    /**
     * Refuses a model outside the caller's scope; an account, or a key without a scope, may call every model.
     *
     * @throws ModelNotInKeyScopeException when the caller is a key whose scope leaves out {@code modelName}
     */
    public void checkModel(String modelName) {
        if (models != null && !models.allows(modelName)) {
            throw new ModelNotInKeyScopeException(name, modelName, models);
        }
    }

    /** Whether {@link #checkModel} lets {@code modelName} through. */
    public boolean mayCall(String modelName) {
        return models == null || models.allows(modelName);
    }

    /** The name the audit log and created-by/updated-by record: the username, or {@code key <prefix> (<name>)}. */
    public String actor() {
        String actor = kind == Kind.ACCOUNT ? name : "key " + name;
        return actor.length() <= 200 ? actor : actor.substring(0, 200);
    }
}
