package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelgate.access.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Console sign-in through an OpenID Connect provider configured by properties alone: a small provider on loopback
 * issues signed ID tokens; the user lands signed in as the Modelgate account of the same email, and an email with no
 * account, or an unverified one, is refused and audited.
 */
class OidcSignInIT extends ApiTestBase {

    private static final RSAKey KEY = rsaKey();
    private static final HttpServer PROVIDER = provider();
    /** The claims the provider's next ID token carries (besides iss, aud, nonce and times). */
    private static final AtomicReference<Map<String, Object>> NEXT_CLAIMS = new AtomicReference<>(Map.of());
    /** The nonce of the last authorization request, as the provider received it. */
    private static final AtomicReference<String> NONCE = new AtomicReference<>();

    @DynamicPropertySource
    static void corporateProvider(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + PROVIDER.getAddress().getPort();
        String client = "spring.security.oauth2.client.registration.corp.";
        registry.add(client + "client-id", () -> "modelgate");
        registry.add(client + "client-secret", () -> "provider-secret");
        registry.add(client + "client-name", () -> "Corporate sign-in");
        registry.add(client + "scope", () -> "openid,email");
        registry.add(client + "authorization-grant-type", () -> "authorization_code");
        registry.add(client + "redirect-uri", () -> "{baseUrl}/login/oauth2/code/{registrationId}");
        String provider = "spring.security.oauth2.client.provider.corp.";
        registry.add(provider + "authorization-uri", () -> base + "/authorize");
        registry.add(provider + "token-uri", () -> base + "/token");
        registry.add(provider + "jwk-set-uri", () -> base + "/jwks");
        registry.add(provider + "user-name-attribute", () -> "sub");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop(0);
    }

    @Test
    void providers_listTheConfiguredProvider() {
        api.anonymous().get("/api/v1/session/providers").assertJson(200, Api.parse("""
                {"providers": [{"id": "corp", "name": "Corporate sign-in",
                                "signInUrl": "/oauth2/authorization/corp"}]}"""));
    }

    @Test
    void signIn_withAVerifiedEmailOfAnAccount_landsSignedInAsThatAccount_andIsAudited() {
        String username = "oidc-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        accounts.create(username, "an unused local password", Role.DEVELOPER, workspace().id(), "test");

        Flow flow = signIn(Map.of("email", username, "email_verified", true));

        assertThat(flow.landing()).isEqualTo("/");
        assertThat(flow.session()).as("a new session id once signed in").isNotEqualTo(flow.sessionBefore());
        assertThat(api.anonymous().get("/api/v1/session", "Cookie", "MODELGATE_SESSION=" + flow.sessionBefore())
                .status()).isEqualTo(401);
        Api.Reply session = api.anonymous().get("/api/v1/session", "Cookie", "MODELGATE_SESSION=" + flow.session());
        assertThat(session.json().get("name").stringValue()).isEqualTo(username);
        assertThat(session.json().get("role").stringValue()).isEqualTo("DEVELOPER");
        assertThat(api.anonymous().get(Api.MODELS, "Cookie", "MODELGATE_SESSION=" + flow.session()).status())
                .isEqualTo(200);
        String id = accounts.findByUsername(username).orElseThrow().id();
        assertThat(Api.canonical(api.get("/api/v1/audit?action=SIGN_IN&resourceId=" + id).json().get("items")
                .get(0).get("details"))).isEqualTo(Api.canonical(Api.parse("""
                {"role": "DEVELOPER", "method": "oidc", "provider": "corp"}""")));
    }

    @Test
    void signIn_withAnEmailOfNoAccount_orUnverified_isRefused() {
        String username = "verified-not-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        accounts.create(username, "an unused local password", Role.ADMIN, workspace().id(), "test");

        Flow unknown = signIn(Map.of("email", "stranger@example.com", "email_verified", true));
        Flow unverified = signIn(Map.of("email", username, "email_verified", false));

        for (Flow flow : new Flow[] {unknown, unverified}) {
            assertThat(flow.landing()).isEqualTo("/#signin-error=no-account");
            assertThat(api.anonymous().get("/api/v1/session", "Cookie", "MODELGATE_SESSION=" + flow.session())
                    .status()).isEqualTo(401);
        }
    }

    /** Where the browser lands after the provider's callback, and the session cookie it holds then. */
    record Flow(String landing, String session, String sessionBefore) {
    }

    /** The browser's side of the authorization code flow, with the provider vouching for {@code claims}. */
    private Flow signIn(Map<String, Object> claims) {
        NEXT_CLAIMS.set(claims);
        Api.Reply start = api.anonymous().get("/oauth2/authorization/corp");
        assertThat(start.status()).isEqualTo(302);
        URI authorize = URI.create(start.header("Location"));
        Map<String, String> query = query(authorize.getRawQuery());
        assertThat(authorize.getPath()).isEqualTo("/authorize");
        assertThat(query).containsEntry("client_id", "modelgate").containsEntry("response_type", "code")
                .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/login/oauth2/code/corp");
        NONCE.set(query.get("nonce"));
        String session = Api.cookie(start, "MODELGATE_SESSION");

        Api.Reply callback = api.anonymous().get("/login/oauth2/code/corp?code=the-code&state="
                + query.get("state"), "Cookie", "MODELGATE_SESSION=" + session);

        assertThat(callback.status()).as(callback.body()).isEqualTo(302);
        String after = callback.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("MODELGATE_SESSION=")) ? Api.cookie(callback, "MODELGATE_SESSION") : session;
        return new Flow(URI.create(callback.header("Location")).getRawPath()
                + (URI.create(callback.header("Location")).getRawFragment() == null ? ""
                : "#" + URI.create(callback.header("Location")).getRawFragment()), after, session);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("provider-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's token and key endpoints, on loopback. */
    private static HttpServer provider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> respond(exchange, new JWKSet(KEY.toPublicJWK()).toString()));
            server.createContext("/token", exchange -> {
                exchange.getRequestBody().readAllBytes();
                respond(exchange, """
                        {"access_token": "provider-access-token", "token_type": "Bearer", "expires_in": 300,
                         "scope": "openid email", "id_token": "%s"}""".formatted(idToken()));
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String idToken() {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("http://127.0.0.1:" + PROVIDER.getAddress().getPort())
                .subject("user-" + UUID.randomUUID())
                .audience("modelgate")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", NONCE.get());
        NEXT_CLAIMS.get().forEach(claims::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
