package dev.modelgate.console;

import dev.modelgate.usage.UsageTables;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.emulator.Emulator;
import dev.modelgate.registration.RegistrationApprovals;
import dev.modelgate.registration.TestApprovals;
import dev.modelgate.model.CachingModelRepository;
import dev.modelgate.workspace.WorkspaceContext;
import dev.modelgate.emulator.iam.WorldLoader;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.preset.Presets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a random 127.0.0.1 port whose AWS calls go to the emulator, shared by every console test class
 * (one emulator, one Spring context). Each test starts with the workspace (External ID {@value #EXTERNAL_ID}, which
 * the emulator's tenant roles trust, and no rotation in progress), every role of the emulator's world approved for it
 * and no other registration, automatic approval off, its admin account {@value #ADMIN}, and no models, Test runs or
 * usage. Rate
 * limits are raised out of the way: every test signs in from 127.0.0.1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "spring.datasource.url=jdbc:h2:mem:console-${random.uuid};DB_CLOSE_DELAY=-1",
        "modelgate.limits.sign-in.requests-per-second=100000", "modelgate.limits.sign-in.burst=100000",
        "modelgate.limits.per-caller.requests-per-second=100000", "modelgate.limits.per-caller.burst=100000",
        "modelgate.limits.per-workspace.requests-per-second=100000", "modelgate.limits.per-workspace.burst=100000"})
abstract class ConsoleServer {

    static final String EXTERNAL_ID = "mg-demo-workspace-external-id";
    static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    static final String WORKSPACE_ID = "00000000-0000-4000-8000-000000000001";
    static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    /** The workspace's admin, whom the console tests sign in as. */
    static final String ADMIN = "console-admin";
    static final String ADMIN_PASSWORD = "console admin password";

    /** Started once for all console test classes (their cached Spring context points at it); stops with the JVM. */
    static final Emulator aws = startEmulator();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TenantCredentials sessions;

    @Autowired
    ExternalModels models;

    @Autowired
    WorkspaceContext workspaceContext;

    @Autowired
    CachingModelRepository modelRepository;

    @Autowired
    Presets presets;

    @Autowired
    Accounts accounts;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    RegistrationApprovals approvals;

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("modelgate.aws.endpoint-override", () -> aws.endpoint().toString());
        registry.add("modelgate.bedrock.retry.base-delay", () -> "PT0.001S");
        registry.add("modelgate.bedrock.retry.max-delay", () -> "PT0.005S");
    }

    private static Emulator startEmulator() {
        try (InputStream world = ConsoleServer.class.getResourceAsStream("/worlds/console.yaml")) {
            Emulator emulator = Emulator.builder().world(WorldLoader.load(world)).build();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Modelgate signs as the emulator's platform user. */
    @BeforeAll
    static void platformCredentials() {
        dev.modelgate.credentials.Tenants.useSystemPlatformCredentials();
    }

    @AfterAll
    static void clearPlatformCredentials() {
        dev.modelgate.credentials.Tenants.clearSystemPlatformCredentials();
    }

    @BeforeEach
    void freshWorkspace() {
        aws.reset();
        sessions.invalidateAll();
        UsageTables.deleteAll(jdbc);
        jdbc.sql("DELETE FROM test_runs").update();
        jdbc.sql("DELETE FROM external_models").update();
        modelRepository.invalidateAll();
        if (jdbc.sql("SELECT COUNT(*) FROM workspaces").query(Long.class).single() == 0) {
            jdbc.sql("INSERT INTO workspaces (id, name, external_id, created_at) VALUES (?, 'default', ?, CURRENT_TIMESTAMP)")
                    .params(WORKSPACE_ID, EXTERNAL_ID).update();
        }
        jdbc.sql("UPDATE workspaces SET external_id = ?, pending_external_id = NULL, rotation_started_at = NULL WHERE id = ?")
                .params(EXTERNAL_ID, WORKSPACE_ID).update();
        workspaceContext.invalidateAll();
        jdbc.sql("UPDATE platform_settings SET auto_approve_registrations = FALSE").update();
        jdbc.sql("DELETE FROM role_registrations").update();
        TestApprovals.approveWorldFor(jdbc, "default", aws.world());
        approvals.forgetAll();
        if (accounts.findByUsername(ADMIN).isEmpty()) {
            accounts.create(ADMIN, ADMIN_PASSWORD, Role.ADMIN, WORKSPACE_ID, "test");
        }
    }

    /** Creates a console account (its password is {@link #passwordOf}); {@code workspaceId} null for an operator. */
    String account(String username, Role role, String workspaceId) {
        accounts.create(username, passwordOf(username), role, workspaceId, "test");
        return username;
    }

    static String passwordOf(String username) {
        return "correct horse battery " + username;
    }

    /** A fresh admin API key of the workspace, for calling the API from the test itself. */
    String adminKey() {
        return apiKeys.create(WORKSPACE_ID, "console-test", Role.ADMIN, null, "test").token();
    }

    /** Creates a Claude 3 Haiku model from its family preset through the Java API; answers its id. */
    String createModel(String name, boolean ready) {
        ModelDraft draft = presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .draft(name, TENANT_ROLE, null, "us-east-1", HAIKU);
        ExternalModels.Saved saved = models.create(WORKSPACE_ID, draft, "console-test");
        if (ready) {
            models.markReady(WORKSPACE_ID, saved.stored().id(), saved.stored().revision());
        }
        return saved.stored().id();
    }

    /**
     * Creates a Claude 3 Haiku model from its family preset with the stream mapping of Claude's chunks
     * ({@code content_block_delta} text, {@code message_start} and {@code message_delta} usage); answers its id.
     */
    String createStreamingModel(String name, boolean ready) {
        ModelDraft d = presets.forFamily("ANTHROPIC_CLAUDE").orElseThrow().draft(name, TENANT_ROLE, null, "us-east-1", HAIKU);
        ModelDraft.Mapping m = d.outputMapping();
        ModelDraft draft = new ModelDraft(d.name(), d.description(), d.inferenceEnabled(), d.roleArn(), d.stsEndpoint(),
                d.region(), d.modelReference(), d.variables(), d.requestTemplate(),
                new ModelDraft.Mapping(m.text(), m.inputTokens(), m.outputTokens(), m.extras(), new ModelDraft.StreamMapping(
                        "$.delta.text", "$.message.usage.input_tokens", "$.usage.output_tokens")), d.timeouts());
        ExternalModels.Saved saved = models.create(WORKSPACE_ID, draft, "console-test");
        if (ready) {
            models.markReady(WORKSPACE_ID, saved.stored().id(), saved.stored().revision());
        }
        return saved.stored().id();
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }
}
