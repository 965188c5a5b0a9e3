package dev.modelgate.emulator.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who signed a request: an IAM user (long-term key) or an assumed-role session (temporary key).
 * Carries what authorization needs: the identity policies that apply and, for sessions, the
 * session policies that further limit them.
 */
public sealed interface Principal permits Principal.IamUser, Principal.RoleSession {

    /** The 12-digit account the principal belongs to. */
    String accountId();

    /** {@code arn:aws:iam::A:user/<path>N} or {@code arn:aws:sts::A:assumed-role/R/S}. */
    String arn();

    /** As {@code GetCallerIdentity} reports it: {@code AIDA…} for users, {@code AROA…:S} for sessions. */
    String userId();

    /** The permission policies of the user or of the session's role. */
    List<PolicyDocument> identityPolicies();

    /**
     * Session policies; when not empty a request must be allowed by them as well as by
     * {@link #identityPolicies()}. Always empty for users.
     */
    List<PolicyDocument> sessionPolicies();

    /**
     * The global condition keys IAM sets for requests by this principal: {@code aws:PrincipalAccount},
     * {@code aws:PrincipalArn} (for sessions the role's ARN, as AWS does), {@code aws:userid}, and
     * {@code aws:username} for users.
     */
    Map<String, String> requestContext();

    /**
     * An IAM user signing with one of its long-term access keys.
     *
     * @param user the user
     */
    record IamUser(User user) implements Principal {

        public IamUser {
            Objects.requireNonNull(user, "user");
        }

        @Override
        public String accountId() {
            return user.accountId();
        }

        @Override
        public String arn() {
            return user.arn();
        }

        @Override
        public String userId() {
            return user.userId();
        }

        @Override
        public List<PolicyDocument> identityPolicies() {
            return user.policies();
        }

        @Override
        public List<PolicyDocument> sessionPolicies() {
            return List.of();
        }

        @Override
        public Map<String, String> requestContext() {
            Map<String, String> context = new LinkedHashMap<>();
            context.put("aws:PrincipalAccount", accountId());
            context.put("aws:PrincipalArn", arn());
            context.put("aws:PrincipalType", "User");
            context.put("aws:userid", userId());
            context.put("aws:username", user.name());
            return context;
        }
    }

    /**
     * A session of an assumed role.
     *
     * @param role            the assumed role
     * @param sessionName     the {@code RoleSessionName} it was assumed with
     * @param sessionPolicies the inline session policy it was assumed with, if any
     * @param sourceIdentity  the {@code SourceIdentity} it was assumed with, or null
     */
    record RoleSession(Role role, String sessionName, List<PolicyDocument> sessionPolicies, String sourceIdentity)
            implements Principal {

        private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

        public RoleSession {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(sessionName, "sessionName");
            if (!SESSION_NAME.matcher(sessionName).matches()) {
                throw new IllegalArgumentException(
                        "session name must be 2 to 64 characters of [\\w+=,.@-], got \"" + sessionName + "\"");
            }
            sessionPolicies = List.copyOf(sessionPolicies);
        }

        @Override
        public String accountId() {
            return role.accountId();
        }

        @Override
        public String arn() {
            return "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName;
        }

        @Override
        public String userId() {
            return role.roleId() + ":" + sessionName;
        }

        @Override
        public List<PolicyDocument> identityPolicies() {
            return role.policies();
        }

        @Override
        public Map<String, String> requestContext() {
            Map<String, String> context = new LinkedHashMap<>();
            context.put("aws:PrincipalAccount", accountId());
            context.put("aws:PrincipalArn", role.arn());
            context.put("aws:PrincipalType", "AssumedRole");
            context.put("aws:userid", userId());
            if (sourceIdentity != null) {
                context.put("aws:SourceIdentity", sourceIdentity);
            }
            return context;
        }
    }
}
