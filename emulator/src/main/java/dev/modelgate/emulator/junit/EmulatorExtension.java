package dev.modelgate.emulator.junit;

import dev.modelgate.emulator.Emulator;
import dev.modelgate.emulator.iam.Account;
import dev.modelgate.emulator.iam.Role;
import dev.modelgate.emulator.iam.World;
import dev.modelgate.emulator.iam.WorldLoader;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Starts an emulator on a free port once per test class and resets it (faults, latency, journal, clock, sessions)
 * before each test. {@link #sharedAcrossClasses()} starts it once for every class that registers the same extension
 * instance instead (a static field of a common base class), so that Spring contexts pointing at it can be reused.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorExtension aws = EmulatorExtension.withWorldResource("/worlds/two-tenants.yaml");
 *
 * @Test void assumesRole() { StsClient sts = StsClient.builder().endpointOverride(aws.endpoint())... }
 * }</pre>
 *
 * Test methods may also declare an {@link Emulator} parameter.
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(EmulatorExtension.class);

    private final Supplier<World> world;
    private final boolean verifySignatures;
    private final boolean shared;
    private Emulator emulator;
    private World loaded;

    private EmulatorExtension(Supplier<World> world, boolean verifySignatures, boolean shared) {
        this.world = world;
        this.verifySignatures = verifySignatures;
        this.shared = shared;
    }

    private EmulatorExtension(Supplier<World> world, boolean verifySignatures) {
        this(world, verifySignatures, false);
    }

    /** The built-in default world. */
    public static EmulatorExtension withDefaultWorld() {
        return new EmulatorExtension(WorldLoader::defaultWorld, true);
    }

    /** A world given in code. */
    public static EmulatorExtension withWorld(World world) {
        return new EmulatorExtension(() -> world, true);
    }

    /** A world read from a classpath resource (YAML or JSON), e.g. {@code "/worlds/tenant.yaml"}. */
    public static EmulatorExtension withWorldResource(String resource) {
        return new EmulatorExtension(() -> {
            try (InputStream in = EmulatorExtension.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no classpath resource " + resource);
                }
                return WorldLoader.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, true);
    }

    /** The same emulator without signature verification (load tests). */
    public EmulatorExtension withoutSignatureVerification() {
        return new EmulatorExtension(world, false, shared);
    }

    /**
     * The same emulator, started by the first test class that registers this instance and kept running, on the same
     * port, for every later one until the test run ends. Each class starts with the world's trust policies as loaded
     * ({@link Emulator#updateAssumeRolePolicy} changes by an earlier class are undone), each test with a reset.
     */
    public EmulatorExtension sharedAcrossClasses() {
        return new EmulatorExtension(world, verifySignatures, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!shared) {
            emulator = Emulator.builder().world(world.get()).verifySignatures(verifySignatures).build();
            return;
        }
        if (emulator == null) {
            loaded = world.get();
            emulator = Emulator.builder().world(loaded).verifySignatures(verifySignatures).build();
            context.getRoot().getStore(SHARED).put(this, emulator); // closed by JUnit when the run ends
        } else {
            restoreTrustPolicies();
        }
    }

    private void restoreTrustPolicies() {
        for (Account account : loaded.accounts()) {
            for (Role role : account.roles()) {
                Role now = emulator.world().role(role.arn()).orElseThrow();
                if (!now.trustPolicy().equals(role.trustPolicy())) {
                    emulator.updateAssumeRolePolicy(role.arn(), role.trustPolicy().toJsonString());
                }
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null && !shared) {
            emulator.close();
            emulator = null;
        }
    }

    /** The running emulator (between beforeAll and afterAll). */
    public Emulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator runs only while the test class runs; register the extension as a static field");
        }
        return emulator;
    }

    /** Shortcut for {@code emulator().endpoint()}. */
    public URI endpoint() {
        return emulator().endpoint();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return emulator();
    }
}
