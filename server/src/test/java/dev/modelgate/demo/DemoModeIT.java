package dev.modelgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.ModelgateApplication;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.StsTenantCredentials;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.credentials.TenantSession;
import dev.modelgate.emulator.Emulator;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import dev.modelgate.workspace.Workspaces;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole server in demo mode, as {@code ./modelgate demo} starts it (but on free ports and an in-memory or
 * temporary database), driven over real HTTP; and the same server without demo mode, which must start no emulator.
 */
class DemoModeIT {

    private static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";
    private static final String DEMO_ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String NO_BEDROCK_ROLE = "arn:aws:iam::222222222222:role/NoBedrockAccess";
    private static final StsEndpoint US_EAST_1 = StsEndpoint.regional(Region.of("us-east-1"));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One demo server for the tests that only look at it, started by the first; the others start their own. */
    private static ConfigurableApplicationContext shared;

    private static ConfigurableApplicationContext sharedDemo() {
        if (shared == null) {
            shared = start(true, inMemoryDatabase());
        }
        return shared;
    }

    @AfterAll
    static void stopSharedDemo() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @Test
    void demoMode_platformIdentity_isTheEmulatorsPlatformUser() {
        ConfigurableApplicationContext context = sharedDemo();
        Workspace workspace = context.getBean(WorkspaceRepository.class).findByName("default").orElseThrow();

        JsonNode identity = getJson(context, "/api/v1/platform/identity");

        assertThat(identity.get("principalArn").stringValue()).isEqualTo(PLATFORM_ARN);
        assertThat(identity.get("accountId").stringValue()).isEqualTo("111111111111");
        assertThat(identity.get("externalId").stringValue()).isEqualTo(workspace.externalId());
        assertThat(identity.get("trustPolicy").toString()).contains(PLATFORM_ARN, workspace.externalId());
        assertThat(emulator(context).journal().ofOperation("GetCallerIdentity")).singleElement()
                .satisfies(call -> assertThat(call.caller()).isEqualTo(PLATFORM_ARN));
    }

    @Test
    void demoMode_workspaceExternalId_isAcceptedByTheDemoRole() {
        try (ConfigurableApplicationContext context = start(true, inMemoryDatabase())) {
            Workspace workspace = context.getBean(WorkspaceRepository.class).findByName("default").orElseThrow();
            TenantCredentials credentials = tenantCredentials(context);

            TenantSession session = credentials.session(key(DEMO_ROLE, workspace.externalId()), workspace.id());

            assertThat(session.assumedRoleArn())
                    .startsWith("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/modelgate-");
            assertThat(credentials.session(key(NO_BEDROCK_ROLE, workspace.externalId()), workspace.id())
                    .assumedRoleArn()).startsWith("arn:aws:sts::222222222222:assumed-role/NoBedrockAccess/");
            // At startup, automatic approval verified each of the two roles with and without the External ID.
            assertThat(emulator(context).journal().ofOperation("AssumeRole")).hasSize(6)
                    .allSatisfy(call -> assertThat(call.caller()).isEqualTo(PLATFORM_ARN));
        }
    }

    @Test
    void demoMode_registersTheTenantRoles_approvedByAutomaticVerification_withAutomaticApprovalOn() {
        ConfigurableApplicationContext context = sharedDemo();
        JsonNode registrations = getJson(context, "/api/v1/registrations").get("items");
        JsonNode audit = getJson(context, "/api/v1/audit?action=REGISTRATION_APPROVED").get("items");

        assertThat(registrations.valueStream().map(r -> r.get("roleArn").stringValue()))
                .containsExactlyInAnyOrder(DEMO_ROLE, NO_BEDROCK_ROLE);
        assertThat(registrations.valueStream()).allSatisfy(r -> {
            assertThat(r.get("state").stringValue()).isEqualTo("APPROVED");
            assertThat(r.get("decidedBy").stringValue()).isEqualTo("modelgate (automatic verification)");
            assertThat(r.get("requestedBy").stringValue()).isEqualTo("modelgate (demo setup)");
        });
        assertThat(audit.valueStream()).hasSize(2)
                .allSatisfy(e -> assertThat(e.get("details").get("automatic").booleanValue()).isTrue());
        assertThat(context.getBean(dev.modelgate.platform.PlatformSettingsRepository.class).get()
                .autoApproveRegistrations()).isTrue();
    }

    @Test
    void demoMode_otherExternalId_isRefusedByTheDemoRole() {
        ConfigurableApplicationContext context = sharedDemo();
        Workspace workspace = context.getBean(WorkspaceRepository.class).findByName("default").orElseThrow();

        assertThatThrownBy(() -> tenantCredentials(context).session(
                key(DEMO_ROLE, "mg-demo-workspace-external-id"), workspace.id()))
                .isInstanceOfSatisfying(AssumeRoleException.class, e -> {
                    assertThat(e.reason()).isEqualTo(AssumeRoleException.Reason.ACCESS_DENIED);
                    assertThat(e.errorCode()).contains("AccessDenied");
                });
    }

    @Test
    void demoMode_everyStsCall_goesToTheEmulatorInThisProcess() {
        ConfigurableApplicationContext context = sharedDemo();
        Emulator emulator = emulator(context);

        assertThat(emulator.port()).isPositive();
        assertThat(context.getEnvironment().getProperty("modelgate.aws.endpoint-override"))
                .isEqualTo(emulator.endpoint().toString());
        assertThat(context.getBean(StsClients.class).endpointOverride()).contains(emulator.endpoint());
    }

    @Test
    void demoMode_closingTheContext_stopsTheEmulator() {
        int port;
        try (ConfigurableApplicationContext context = start(true, inMemoryDatabase())) {
            port = emulator(context).port();
            assertThat(listening(port)).isTrue();
        }
        assertThat(listening(port)).isFalse();
    }

    @Test
    void demoMode_bannerSaysWhatToPaste() {
        ConfigurableApplicationContext context = sharedDemo();
        Workspace workspace = context.getBean(WorkspaceRepository.class).findByName("default").orElseThrow();
        String port = context.getEnvironment().getProperty("local.server.port");

        String banner = context.getBean(DemoBanner.class).text(context.getEnvironment());

        assertThat(banner).contains(
                "Modelgate API   http://127.0.0.1:" + port + "/api/v1",
                "AWS emulator    " + emulator(context).endpoint() + ", in this process",
                "External ID " + workspace.externalId(),
                "role ARN        " + DEMO_ROLE,
                "STS endpoint    https://sts.us-east-1.amazonaws.com",
                "curl -s -H \"Authorization: Bearer $MODELGATE_KEY\" http://127.0.0.1:" + port
                        + "/api/v1/platform/identity");
        Matcher admin = Pattern.compile("sign in as    admin / (\\S+)").matcher(banner);
        Matcher operator = Pattern.compile("or operator / (\\S+)").matcher(banner);
        Matcher key = Pattern.compile("API key       (mgk_\\S+)").matcher(banner);
        assertThat(admin.find() && operator.find() && key.find()).as(banner).isTrue();
        assertThat(signIn(context, "admin", admin.group(1))).isEqualTo(200);
        assertThat(signIn(context, "operator", operator.group(1))).isEqualTo(200);
        assertThat(signIn(context, "admin", operator.group(1))).isEqualTo(401);
        assertThat(key.group(1)).isEqualTo(context.getBean(DemoAccounts.class).demo().token());
        assertThat(getJson(context, "/api/v1/platform/identity").get("externalId").stringValue())
                .isEqualTo(workspace.externalId());
    }

    /** Signs in as the console does (CSRF cookie first); answers the status. */
    private static int signIn(ConfigurableApplicationContext context, String username, String password) {
        URI uri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
                + "/api/v1/session");
        try {
            String csrf = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), BodyHandlers.discarding()).headers()
                    .allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                    .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';'))).findFirst().orElseThrow();
            String body = JSON.writeValueAsString(java.util.Map.of("username", username, "password", password));
            return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Cookie", "XSRF-TOKEN=" + csrf).header("X-XSRF-TOKEN", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void demoMode_restartOnTheSameDatabase_keepsTheWorkspace_andTheDemoRoleStillTrustsIt(@TempDir Path data) {
        String database = fileDatabase(data);
        Workspace first;
        try (ConfigurableApplicationContext context = start(true, database)) {
            first = context.getBean(WorkspaceRepository.class).findByName("default").orElseThrow();
        }

        try (ConfigurableApplicationContext context = start(true, database)) {
            Workspace workspace = context.getBean(WorkspaceRepository.class).findByName("default").orElseThrow();
            assertThat(workspace).isEqualTo(first);
            assertThat(getJson(context, "/api/v1/platform/identity").get("externalId").stringValue())
                    .isEqualTo(first.externalId());
            assertThat(tenantCredentials(context).session(key(DEMO_ROLE, first.externalId()), first.id())
                    .assumedRoleArn()).startsWith("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/");
        }
    }

    @Test
    void demoMode_workspaceCreatedWithoutDemoMode_isTrustedAsItIs(@TempDir Path data) {
        String database = fileDatabase(data);
        Workspace earlier;
        try (ConfigurableApplicationContext context = start(false, database)) {
            earlier = context.getBean(Workspaces.class).create("default", "first-admin", "a long enough password",
                    "operator").workspace();
        }

        try (ConfigurableApplicationContext context = start(true, database)) {
            assertThat(context.getBean(WorkspaceRepository.class).findByName("default").orElseThrow()).isEqualTo(earlier);
            assertThat(tenantCredentials(context).session(key(DEMO_ROLE, earlier.externalId()), earlier.id())
                    .assumedRoleArn()).startsWith("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/");
        }
    }

    @Test
    void demoMode_emulatorPortTaken_failsSayingWhatToDo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> run(List.of(inMemoryDatabase(), "--modelgate.demo.enabled=true",
                    "--modelgate.demo.emulator-port=" + port)))
                    .isInstanceOfSatisfying(DemoEmulatorStartException.class, e -> {
                        assertThat(e).hasMessageStartingWith(
                                "demo mode could not start the AWS emulator on 127.0.0.1:" + port + ": ");
                        assertThat(e.action()).startsWith("Stop what listens on port " + port + " (")
                                .endsWith("./modelgate demo --modelgate.demo.emulator-port=4567 (0 picks a free one).");
                    });
        }
    }

    @Test
    void demoMode_serverFailingToStart_stopsTheEmulatorToo() throws IOException {
        int emulatorPort = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = List.of(inMemoryDatabase(), "--modelgate.demo.enabled=true",
                    "--modelgate.demo.emulator-port=" + emulatorPort, "--server.port=" + taken.getLocalPort());

            assertThatThrownBy(() -> new SpringApplicationBuilder(ModelgateApplication.class)
                    .run(args.toArray(String[]::new))).hasRootCauseInstanceOf(BindException.class);
        }
        assertThat(listening(emulatorPort)).isFalse();
    }

    @Test
    void demoMode_logsWarningsOnly_butModelgatesOwnNotices_asDefaultsAnArgumentOverrides() {
        try (ConfigurableApplicationContext context = start(true, inMemoryDatabase())) {
            assertThat(LoggerFactory.getLogger("org.springframework.boot").isInfoEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("org.springframework.boot").isWarnEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("dev.modelgate.usage.JdbcUsageRecorder").isInfoEnabled()).isTrue();
            var sources = context.getEnvironment().getPropertySources().stream().map(PropertySource::getName).toList();
            assertThat(sources).contains("modelgate-demo-logging");
        }
        try (ConfigurableApplicationContext context = run(List.of(inMemoryDatabase(), "--modelgate.demo.enabled=true",
                "--modelgate.demo.emulator-port=0", "--logging.level.root=INFO"))) {
            assertThat(LoggerFactory.getLogger("org.springframework.boot").isInfoEnabled()).isTrue();
        }
        try (ConfigurableApplicationContext context = start(false, inMemoryDatabase())) {
            assertThat(LoggerFactory.getLogger("org.springframework.boot").isInfoEnabled()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--modelgate.demo.enabled=false"})
    void withoutDemoMode_noEmulatorStarts_andNoDemoBeanExists(String flag) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(inMemoryDatabase(), "--modelgate.demo.emulator-port=" + port));
        if (!flag.isEmpty()) {
            args.add(flag);
        }
        try (ConfigurableApplicationContext context = run(args)) {
            assertThat(listening(port)).isFalse();
            assertThat(context.getBeansOfType(Emulator.class)).isEmpty();
            assertThat(context.getBeansOfType(AwsCredentialsProvider.class)).isEmpty();
            assertThat(Arrays.stream(context.getBeanDefinitionNames()).map(context::getType)
                    .filter(type -> type != null && type.getPackageName().equals("dev.modelgate.demo")))
                    .isEmpty();
            assertThat(context.getEnvironment().getProperty("modelgate.aws.endpoint-override")).isNull();
            assertThat(context.getBean(StsClients.class).endpointOverride()).isEmpty();
        }
    }

    private static ConfigurableApplicationContext start(boolean demo, String database) {
        List<String> args = new ArrayList<>(List.of(database, "--modelgate.demo.emulator-port=0"));
        if (demo) {
            args.add("--modelgate.demo.enabled=true");
        }
        return run(args);
    }

    private static ConfigurableApplicationContext run(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1"));
        all.addAll(args);
        return new SpringApplicationBuilder(ModelgateApplication.class).run(all.toArray(String[]::new));
    }

    private static String inMemoryDatabase() {
        return "--spring.datasource.url=jdbc:h2:mem:demo-${random.uuid};DB_CLOSE_DELAY=-1";
    }

    private static String fileDatabase(Path directory) {
        return "--spring.datasource.url=jdbc:h2:file:" + directory.resolve("modelgate") + ";AUTO_SERVER=FALSE";
    }

    private static Emulator emulator(ConfigurableApplicationContext context) {
        return context.getBean(DemoEmulatorInitializer.BEAN_NAME, Emulator.class);
    }

    private static TenantCredentials tenantCredentials(ConfigurableApplicationContext context) {
        return StsTenantCredentials.builder().stsClients(context.getBean(StsClients.class)).build();
    }

    private static SessionKey key(String roleArn, String externalId) {
        return new SessionKey(RoleArn.parse(roleArn), ExternalId.of(externalId), US_EAST_1);
    }

    private static JsonNode getJson(ConfigurableApplicationContext context, String path) {
        URI uri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
        try {
            String token = context.getBean(DemoAccounts.class).demo().token();
            var response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET()
                    .build(), BodyHandlers.ofString());
            assertThat(response.statusCode()).as("status of GET %s: %s", path, response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
