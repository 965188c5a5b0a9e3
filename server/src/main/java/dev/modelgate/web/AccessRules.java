package dev.modelgate.web;

import dev.modelgate.access.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what: the one table the security filter chain enforces and the refusals explain. The first rule
 * that matches a request decides. Workspace roles are ordered (an admin may do what a developer may, a developer
 * what an agent may); an operator holds no workspace role, so the workspace's endpoints refuse operators.
 */
public final class AccessRules {

    /** Who a rule lets in. */
    public enum Access {
        /** Anyone, signed in or not (the console's files, sign-in, health, the API's description). */
        PUBLIC,
        /** Platform operators. */
        OPERATOR,
        /** Any authenticated caller: an operator, or a member or key of a workspace. */
        AUTHENTICATED,
        /** Members and keys of a workspace with at least the rule's role. */
        WORKSPACE
    }

    /** One row of the table: requests of {@code method} (any when null) to {@code pattern}. */
    public record Rule(HttpMethod method, String pattern, Access access, Role minimum) {

        public Rule {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(access, "access");
            if ((access == Access.WORKSPACE) != (minimum != null)) {
                throw new IllegalArgumentException("a workspace rule names its minimum role, others none: " + pattern);
            }
        }

        RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }

        /** The roles this rule admits. */
        public List<Role> roles() {
            return switch (access) {
                case PUBLIC -> Arrays.asList(Role.values());
                case OPERATOR -> List.of(Role.OPERATOR);
                case AUTHENTICATED -> Arrays.asList(Role.values());
                case WORKSPACE -> Arrays.stream(Role.values()).filter(r -> r.includes(minimum)).toList();
            };
        }

        /** "the ADMIN role in a workspace" or "a platform operator": what a refusal says is needed. */
        String needs() {
            return access == Access.OPERATOR ? "a platform operator"
                    : access == Access.AUTHENTICATED ? "a signed-in caller"
                    : minimum == Role.AGENT ? "a member or key of the workspace"
                    : "the " + minimum + " role (or above) in the workspace";
        }
    }

    private static final List<Rule> RULES = List.of(
            open(null, "/api/v1/session"),
            new Rule(HttpMethod.POST, "/api/v1/session/password", Access.AUTHENTICATED, null),
            open(HttpMethod.GET, "/api/v1/session/providers"),
            open(HttpMethod.GET, "/api/v1/openapi.json"),
            open(HttpMethod.GET, "/api/v1/openapi.json/**"),
            open(HttpMethod.GET, "/api/v1/openapi.json.yaml"),
            open(HttpMethod.GET, "/api/docs"),
            open(HttpMethod.GET, "/api/docs/**"),
            open(HttpMethod.GET, "/api/swagger-ui/**"),
            open(HttpMethod.GET, "/actuator/health"),
            open(HttpMethod.GET, "/actuator/health/**"),
            new Rule(null, "/actuator/**", Access.OPERATOR, null),
            new Rule(null, "/api/v1/operator/**", Access.OPERATOR, null),
            workspace(HttpMethod.POST, "/api/v1/models/*/invoke", Role.AGENT),
            workspace(HttpMethod.GET, "/api/v1/models/*/routing", Role.DEVELOPER),
            workspace(null, "/api/v1/models/*/routing", Role.ADMIN),
            workspace(null, "/v1/**", Role.AGENT),
            workspace(null, "/api/v1/keys", Role.ADMIN),
            workspace(null, "/api/v1/keys/**", Role.ADMIN),
            workspace(null, "/api/v1/members", Role.ADMIN),
            workspace(null, "/api/v1/members/**", Role.ADMIN),
            workspace(null, "/api/v1/audit", Role.ADMIN),
            workspace(null, "/api/v1/audit/**", Role.ADMIN),
            workspace(HttpMethod.GET, "/api/v1/registrations", Role.DEVELOPER),
            workspace(HttpMethod.GET, "/api/v1/registrations/**", Role.DEVELOPER),
            workspace(null, "/api/v1/registrations", Role.ADMIN),
            workspace(null, "/api/v1/registrations/**", Role.ADMIN),
            workspace(HttpMethod.GET, "/api/v1/budgets", Role.DEVELOPER),
            workspace(HttpMethod.GET, "/api/v1/budgets/**", Role.DEVELOPER),
            workspace(null, "/api/v1/budgets", Role.ADMIN),
            workspace(null, "/api/v1/budgets/**", Role.ADMIN),
            workspace(HttpMethod.GET, "/api/v1/workspace", Role.DEVELOPER),
            workspace(null, "/api/v1/workspace/**", Role.ADMIN),
            workspace(null, "/api/**", Role.DEVELOPER),
            open(null, "/**"));

    private final List<RequestMatcher> matchers = RULES.stream().map(Rule::matcher).toList();

    /** The table, in the order it is applied. */
    public static List<Rule> rules() {
        return RULES;
    }

    /** The rule that decides {@code request}. */
    Rule ruleFor(HttpServletRequest request) {
        for (int i = 0; i < matchers.size(); i++) {
            if (matchers.get(i).matches(request)) {
                return RULES.get(i);
            }
        }
        return RULES.getLast();
    }

    List<RequestMatcher> matchers() {
        return matchers;
    }

    private static Rule open(HttpMethod method, String pattern) {
        return new Rule(method, pattern, Access.PUBLIC, null);
    }

    private static Rule workspace(HttpMethod method, String pattern, Role minimum) {
        return new Rule(method, pattern, Access.WORKSPACE, minimum);
    }
}
