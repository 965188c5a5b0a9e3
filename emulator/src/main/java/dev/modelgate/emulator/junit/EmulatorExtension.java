package dev.modelgate.emulator.junit;

import dev.modelgate.emulator.Emulator;
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
 * before each test.
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

    private final Supplier<World> world;
    private final boolean verifySignatures;
    private Emulator emulator;

    private EmulatorExtension(Supplier<World> world, boolean verifySignatures) {
        this.world = world;
        this.verifySignatures = verifySignatures;
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
        return new EmulatorExtension(world, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = Emulator.builder().world(world.get()).verifySignatures(verifySignatures).build();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
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
