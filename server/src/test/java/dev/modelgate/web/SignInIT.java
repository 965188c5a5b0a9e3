package dev.modelgate.web;

import static dev.modelgate.web.Api.parse;
import static dev.modelgate.web.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Accounts;
import dev.modelgate.access.Role;
import dev.modelgate.workspace.Workspace;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Console sign-in over real HTTP: hardened cookies, a new session on each sign-in, the same answer for a wrong
 * username and a wrong password, lockout, CSRF protection, sign-out, removed members, and each attempt audited.
 */
class SignInIT extends ApiTestBase {

    private static final String SESSION = "/api/v1/session";
    private static final String WRONG = "the username or password is wrong";

    private String username() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String member(Role role) {
        String username = username();
        accounts.create(username, password(username), role, workspace().id(), "test");
        return username;
    }

    private static String password(String username) {
        return "correct horse battery " + username;
    }

    /** A sign-in attempt as a browser makes it: the CSRF cookie first. */
    private Api.Reply attempt(String username, String password) {
        Api anonymous = api.anonymous();
        String csrf = Api.cookie(anonymous.get(SESSION), "XSRF-TOKEN");
        return anonymous.post(SESSION, Map.of("username", username, "password", password),
                "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
    }

    @Test
    void signIn_rightPassword_answersTheCaller_withHardenedCookies() {
        String username = member(Role.DEVELOPER);

        Api.Reply reply = attempt(username, password(username));

        reply.assertJson(200, parse("""
                {"kind": "ACCOUNT", "name": "%s", "role": "DEVELOPER",
                 "workspace": {"id": "%s", "name": "default"}, "passwordChangeRequired": false}"""
                .formatted(username, workspace().id())));
        String session = cookieHeader(reply, "MODELGATE_SESSION");
        assertThat(session).contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/");
        String csrf = cookieHeader(reply, "XSRF-TOKEN");
        assertThat(csrf).contains("Secure", "SameSite=Strict").doesNotContain("HttpOnly");
        Api signedIn = api.anonymous().signIn(username, password(username));
        assertThat(signedIn.get(Api.MODELS).status()).isEqualTo(200);
        assertThat(signedIn.get(SESSION).json().get("name").stringValue()).isEqualTo(username);
    }

    @Test
    void signIn_operator_actsForNoWorkspace() {
        String username = username();
        accounts.create(username, password(username), Role.OPERATOR, null, "test");

        attempt(username, password(username)).assertJson(200, parse("""
                {"kind": "ACCOUNT", "name": "%s", "role": "OPERATOR", "workspace": null,
                 "passwordChangeRequired": false}""".formatted(username)));
    }

    @Test
    void signIn_wrongPassword_andUnknownUsername_getTheSameAnswer() {
        String username = member(Role.ADMIN);

        Api.Reply wrongPassword = attempt(username, "not the password at all");
        Api.Reply unknownUser = attempt("nobody-" + username, "not the password at all");

        wrongPassword.assertProblem(problem(401, "sign-in-failed", "Sign-in failed", WRONG, SESSION));
        unknownUser.assertProblem(problem(401, "sign-in-failed", "Sign-in failed", WRONG, SESSION));
        assertThat(wrongPassword.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("MODELGATE_SESSION"));
    }

    @Test
    void signIn_fiveWrongPasswords_lockTheAccount_evenAgainstTheRightPassword_untilAPasswordReset() {
        String username = member(Role.DEVELOPER);
        String id = accounts.findByUsername(username).orElseThrow().id();

        for (int i = 1; i <= 4; i++) {
            attempt(username, "wrong password number " + i)
                    .assertProblem(problem(401, "sign-in-failed", "Sign-in failed", WRONG, SESSION));
        }
        Api.Reply fifth = attempt(username, "wrong password number 5");
        String lockedUntil = jdbc.sql("SELECT locked_until FROM accounts WHERE id = ?").param(id)
                .query(java.sql.Timestamp.class).single().toInstant().toString();
        String locked = "too many failed sign-ins: this account is locked until " + lockedUntil
                + "; try again then, or ask an admin to reset the password";
        fifth.assertProblem(problem(401, "sign-in-failed", "Sign-in failed", WRONG, SESSION));
        attempt(username, password(username)).assertProblem(problem(401, "account-locked", "Account locked",
                locked, SESSION));

        accounts.setPassword(id, "a brand new password");
        assertThat(attempt(username, "a brand new password").status()).isEqualTo(200);
        List<String> reasons = auditOf(id, "SIGN_IN_FAILED").stream()
                .map(e -> e.get("details").get("reason").stringValue()).toList();
        assertThat(reasons).containsExactly("locked", "wrong-password", "wrong-password", "wrong-password",
                "wrong-password", "wrong-password");
        assertThat(auditOf(id, "SIGN_IN")).hasSize(1);
    }

    @Test
    void signIn_lockingANameThatExists_answersAsANameThatDoesNot_soLockingIsNoOracle() {
        String username = member(Role.DEVELOPER);
        String unknown = username();

        for (int i = 1; i <= 7; i++) {
            Api.Reply existing = attempt(username, "guess number " + i);
            Api.Reply missing = attempt(unknown, "guess number " + i);

            existing.assertProblem(problem(401, "sign-in-failed", "Sign-in failed", WRONG, SESSION));
            missing.assertProblem(problem(401, "sign-in-failed", "Sign-in failed", WRONG, SESSION));
        }
        assertThat(attempt(username, password(username)).json().get("type").stringValue())
                .as("the right password learns it is locked").endsWith("account-locked");
    }

    @Test
    void signIn_andFailure_areAuditedWithWhoWhenAndWhere() {
        String username = member(Role.DEVELOPER);
        String id = accounts.findByUsername(username).orElseThrow().id();

        attempt(username, "wrong password here");
        attempt(username, password(username));

        JsonNode failed = auditOf(id, "SIGN_IN_FAILED").getFirst();
        assertThat(failed.get("actor").stringValue()).isEqualTo(username);
        assertThat(failed.get("source").stringValue()).isEqualTo("127.0.0.1");
        assertThat(failed.get("resourceName").stringValue()).isEqualTo(username);
        assertThat(Api.canonical(failed.get("details"))).isEqualTo(Api.canonical(parse("""
                {"reason": "wrong-password", "consecutiveFailures": 1}""")));
        JsonNode signedIn = auditOf(id, "SIGN_IN").getFirst();
        assertThat(signedIn.get("actor").stringValue()).isEqualTo(username);
        assertThat(Api.canonical(signedIn.get("details"))).isEqualTo(Api.canonical(parse("{\"role\": \"DEVELOPER\"}")));
    }

    @Test
    void signIn_unknownUsername_isAuditedForOperators_underNoWorkspace() {
        String name = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        Api operator = signedIn(username(), Role.OPERATOR, null);

        attempt(name, "some password or other");

        JsonNode events = operator.get("/api/v1/operator/audit?action=SIGN_IN_FAILED&actor=" + name).json();
        assertThat(events.get("total").intValue()).isEqualTo(1);
        JsonNode event = events.get("items").get(0);
        assertThat(event.get("workspaceId").isNull()).isTrue();
        assertThat(event.get("details").get("reason").stringValue()).isEqualTo("unknown-username");
        assertThat(api.get("/api/v1/audit?actor=" + name).json().get("total").intValue()).isZero();
    }

    @Test
    void signIn_again_replacesTheSession_andTheOldOneNoLongerWorks() {
        String username = member(Role.DEVELOPER);
        Api first = api.anonymous().signIn(username, password(username));
        String firstCookie = first.get(SESSION).status() == 200 ? sessionOf(first) : null;

        Api second = api.anonymous().signIn(username, password(username));

        assertThat(sessionOf(second)).isNotEqualTo(firstCookie);
        assertThat(second.get(Api.MODELS).status()).isEqualTo(200);
        assertThat(first.get(Api.MODELS).status()).isEqualTo(200); // separate browsers keep separate sessions
    }

    @Test
    void session_changeWithoutTheCsrfHeader_isRefused_andChangesNothing() {
        String username = member(Role.DEVELOPER);
        Api session = api.anonymous().signIn(username, password(username));
        String cookies = "MODELGATE_SESSION=" + sessionOf(session);

        Api.Reply missing = session.anonymous().send("POST", Api.MODELS, BodyPublishers.ofString(
                Api.JSON.writeValueAsString(Drafts.valid("forged"))), "Content-Type", "application/json",
                "Cookie", cookies);
        Api.Reply wrong = session.anonymous().send("POST", Api.MODELS, BodyPublishers.ofString(
                Api.JSON.writeValueAsString(Drafts.valid("forged"))), "Content-Type", "application/json",
                "Cookie", cookies + "; XSRF-TOKEN=" + session.csrfToken(), "X-XSRF-TOKEN", "forged");

        String detail = "a console session's request that changes something must carry the XSRF-TOKEN cookie's "
                + "value in the X-XSRF-TOKEN header; API clients use an API key (Authorization: Bearer) instead of "
                + "a session";
        missing.assertProblem(problem(403, "csrf-token-invalid", "CSRF token missing or invalid", detail, Api.MODELS));
        wrong.assertProblem(problem(403, "csrf-token-invalid", "CSRF token missing or invalid", detail, Api.MODELS));
        assertThat(api.get(Api.MODELS).json().get("totalItems").intValue()).isZero();
        assertThat(session.post(Api.MODELS, Drafts.valid("genuine")).status()).isEqualTo(201);
    }

    @Test
    void signOut_endsTheSession() {
        String username = member(Role.ADMIN);
        Api session = api.anonymous().signIn(username, password(username));

        assertThat(session.delete(SESSION).status()).isEqualTo(204);

        session.get(Api.MODELS).assertProblem(problem(401, "unauthenticated", "Unauthenticated",
                "sign in to the console, or send an API key as Authorization: Bearer <key>", Api.MODELS));
        session.get(SESSION).assertProblem(problem(401, "unauthenticated", "Unauthenticated", "not signed in",
                SESSION));
    }

    @Test
    void removedMember_sessionEndsWithTheNextRequest() {
        String username = member(Role.DEVELOPER);
        Api session = api.anonymous().signIn(username, password(username));
        assertThat(session.get(Api.MODELS).status()).isEqualTo(200);
        String id = accounts.findByUsername(username).orElseThrow().id();

        assertThat(api.delete("/api/v1/members/" + id).status()).isEqualTo(204);

        assertThat(session.get(Api.MODELS).status()).isEqualTo(401);
        assertThat(attempt(username, password(username)).status()).isEqualTo(401);
    }

    @Test
    void badKey_isRefused_evenWithAValidSession() {
        String username = member(Role.ADMIN);
        Api session = api.anonymous().signIn(username, password(username));
        String cookies = "MODELGATE_SESSION=" + sessionOf(session);

        Api.Reply badKey = api.anonymous().get(Api.MODELS, "Cookie", cookies, "Authorization",
                "Bearer mgk_aaaaaaaa_" + "A".repeat(43));
        Api.Reply basic = api.anonymous().get(Api.MODELS, "Authorization", "Basic YWRtaW46cGFzc3dvcmQ=");

        badKey.assertProblem(problem(401, "invalid-api-key", "Invalid API key", "the API key is not valid",
                Api.MODELS));
        assertThat(badKey.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"modelgate\", error=\"invalid_token\"");
        basic.assertProblem(problem(401, "unauthenticated", "Unauthenticated",
                "send an API key as Authorization: Bearer <key>; other schemes are not accepted", Api.MODELS));
    }

    @Test
    void keyRequests_setNoCookieAtAll() {
        Api.Reply read = api.get(Api.MODELS);
        Api.Reply change = api.post(Api.MODELS, Drafts.valid("by-key"));

        assertThat(read.status()).isEqualTo(200);
        assertThat(change.status()).isEqualTo(201);
        assertThat(read.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(change.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void newMember_passwordRules_areNamedFieldByField() {
        api.post("/api/v1/members", Map.of("username", "No Spaces!", "password", "short", "role", "DEVELOPER"))
                .assertProblem(Api.invalid("/api/v1/members", "2 fields are invalid; see violations",
                        Api.violation("username", "username-format", "username must be 3 to 55 lower-case letters, "
                                + "digits or . _ @ - (the member signs in as <username>."
                                + Accounts.namespace(workspace().id()) + ")"),
                        Api.violation("password", "password-length", "password must be 12 to 128 characters")));
        assertThat(accounts.findByUsername("no spaces!")).isEmpty();
    }

    @Test
    void newMember_namedLikeAnotherTenantsAdminOrTheOperator_isNoOracle_itIsCreatedInThisWorkspacesNamespace() {
        String operatorName = "operator-" + username();
        accounts.create(operatorName, password(operatorName), Role.OPERATOR, null, "test");
        String otherWorkspace = UUID.randomUUID().toString();
        workspaceRepository.insert(new Workspace(otherWorkspace, "other-" + otherWorkspace, "mg-" + otherWorkspace,
                Instant.now()));
        String otherAdmin = "admin-" + username();
        accounts.create(otherAdmin, password(otherAdmin), Role.ADMIN, otherWorkspace, "test");
        String namespace = Accounts.namespace(workspace().id());

        for (String taken : List.of(operatorName, otherAdmin)) {
            Api.Reply added = api.post("/api/v1/members", Map.of("username", taken, "password",
                    "a long enough passphrase", "role", "DEVELOPER"));

            assertThat(added.status()).as(added.body()).isEqualTo(201);
            assertThat(added.json().get("username").stringValue()).isEqualTo(taken + "." + namespace);
            assertThat(api.anonymous().signIn(taken + "." + namespace, "a long enough passphrase")
                    .get(SESSION).json().get("name").stringValue()).isEqualTo(taken + "." + namespace);
        }
        api.post("/api/v1/members", Map.of("username", otherAdmin, "password", "another long passphrase", "role",
                "DEVELOPER")).assertProblem(Api.invalid("/api/v1/members", Api.violation("username", "unique-username",
                "username \"" + otherAdmin + "." + namespace + "\" is taken")));
        assertThat(attempt(operatorName, password(operatorName)).status()).as("the operator is untouched").isEqualTo(200);
    }

    @Test
    void changeOwnPassword_needsTheCurrentOne_followsTheRules_andIsAudited() {
        String username = member(Role.DEVELOPER);
        String id = accounts.findByUsername(username).orElseThrow().id();
        Api session = api.anonymous().signIn(username, password(username));
        String path = "/api/v1/session/password";

        session.post(path, Map.of("currentPassword", "not it at all", "newPassword", "a fresh passphrase"))
                .assertProblem(Api.invalid(path, Api.violation("currentPassword", "wrong-password",
                        "currentPassword is not this account's password")));
        session.post(path, Map.of("currentPassword", password(username), "newPassword", "short"))
                .assertProblem(Api.invalid(path, Api.violation("newPassword", "password-length",
                        "newPassword must be 12 to 128 characters")));
        assertThat(session.post(path, Map.of("currentPassword", password(username),
                "newPassword", "a fresh passphrase")).status()).isEqualTo(204);

        assertThat(attempt(username, password(username)).status()).isEqualTo(401);
        assertThat(attempt(username, "a fresh passphrase").status()).isEqualTo(200);
        assertThat(auditOf(id, "PASSWORD_CHANGED")).singleElement().satisfies(e -> {
            assertThat(e.get("actor").stringValue()).isEqualTo(username);
            assertThat(e.get("details").get("by").stringValue()).isEqualTo("self");
        });
        api.post(path, Map.of("currentPassword", "x", "newPassword", "y")).assertProblem(problem(403, "forbidden",
                "Forbidden", "an API key has no password; sign in to the console to change yours", path));
    }

    @Test
    void adminReset_ofALockedMember_liftsTheLock_andIsAudited() {
        String username = member(Role.DEVELOPER);
        String id = accounts.findByUsername(username).orElseThrow().id();
        for (int i = 0; i < 5; i++) {
            attempt(username, "wrong password number " + i);
        }
        assertThat(attempt(username, password(username)).json().get("type").stringValue()).endsWith("account-locked");

        assertThat(api.post("/api/v1/members/" + id + "/password", Map.of("password", "a temporary passphrase"))
                .status()).isEqualTo(204);

        assertThat(attempt(username, "a temporary passphrase").status()).isEqualTo(200);
        assertThat(auditOf(id, "PASSWORD_CHANGED")).singleElement().satisfies(e -> {
            assertThat(e.get("actor").stringValue()).isEqualTo(actor);
            assertThat(e.get("details").get("by").stringValue()).isEqualTo("admin");
        });
    }

    @Test
    void memberAddedByAnAdmin_signsIn_butMayOnlyChangeThePassword_untilTheyDo() {
        String username = api.post("/api/v1/members", Map.of("username", username(), "password",
                "the admin's temporary one", "role", "ADMIN")).json().get("username").stringValue();
        assertThat(api.get("/api/v1/members").json().get("members").valueStream()
                .filter(m -> m.get("username").stringValue().equals(username)).findFirst().orElseThrow()
                .get("passwordChangeRequired").booleanValue()).isTrue();

        Api.Reply signedIn = attempt(username, "the admin's temporary one");

        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.json().get("passwordChangeRequired").booleanValue()).isTrue();
        Api session = api.anonymous().signIn(username, "the admin's temporary one");
        String detail = "an admin set this account's password; change it (POST /api/v1/session/password with "
                + "currentPassword and newPassword) before anything else";
        session.get(Api.MODELS).assertProblem(problem(403, "password-change-required", "Password change required",
                detail, Api.MODELS));
        session.post("/api/v1/keys", Map.of("name", "before the change", "role", "AGENT")).assertProblem(
                problem(403, "password-change-required", "Password change required", detail, "/api/v1/keys"));
        assertThat(session.get("/v1/models").json().get("error").get("code").stringValue())
                .isEqualTo("password_change_required");
        assertThat(session.get(SESSION).json().get("passwordChangeRequired").booleanValue()).isTrue();
        String path = "/api/v1/session/password";
        session.post(path, Map.of("currentPassword", "the admin's temporary one",
                "newPassword", "the admin's temporary one")).assertProblem(Api.invalid(path, Api.violation(
                        "newPassword", "same-password", "newPassword must differ from the password an admin set")));

        assertThat(session.post(path, Map.of("currentPassword", "the admin's temporary one",
                "newPassword", "a passphrase of my own")).status()).isEqualTo(204);

        assertThat(session.get(Api.MODELS).status()).isEqualTo(200);
        assertThat(session.get(SESSION).json().get("passwordChangeRequired").booleanValue()).isFalse();
        assertThat(attempt(username, "a passphrase of my own").json().get("passwordChangeRequired").booleanValue())
                .isFalse();
    }

    @Test
    void adminReset_requiresAChangeAgain_evenInASessionAlreadyOpen() {
        String username = member(Role.DEVELOPER);
        String id = accounts.findByUsername(username).orElseThrow().id();
        Api session = api.anonymous().signIn(username, password(username));
        assertThat(session.get(Api.MODELS).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/members/" + id + "/password", Map.of("password", "a temporary passphrase"))
                .status()).isEqualTo(204);

        assertThat(session.get(Api.MODELS).json().get("type").stringValue())
                .isEqualTo("https://modelgate.dev/problems/password-change-required");
        assertThat(attempt(username, "a temporary passphrase").json().get("passwordChangeRequired").booleanValue())
                .isTrue();
        assertThat(session.post("/api/v1/session/password", Map.of("currentPassword", "a temporary passphrase",
                "newPassword", "mine again, and longer")).status()).isEqualTo(204);
        assertThat(session.get(Api.MODELS).status()).isEqualTo(200);
    }

    @Test
    void accountsThePlatformCreates_needNoChange() {
        String username = member(Role.ADMIN);

        assertThat(attempt(username, password(username)).json().get("passwordChangeRequired").booleanValue())
                .isFalse();
    }

    private List<JsonNode> auditOf(String accountId, String action) {
        return api.get("/api/v1/audit?resourceId=" + accountId + "&action=" + action + "&size=100").json()
                .get("items").valueStream().toList();
    }

    private static String cookieHeader(Api.Reply reply, String name) {
        return reply.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).reduce(
                (a, b) -> b).orElseThrow(() -> new AssertionError("no " + name + " cookie"));
    }

    /** The session cookie a signed-in API sends. */
    private static String sessionOf(Api session) {
        return session.sessionCookie();
    }
}
