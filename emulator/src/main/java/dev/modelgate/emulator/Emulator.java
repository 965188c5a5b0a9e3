package dev.modelgate.emulator;

import dev.modelgate.emulator.bedrock.ModelCatalog;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.http.HttpFrontEnd;
import dev.modelgate.emulator.iam.MalformedPolicyException;
import dev.modelgate.emulator.iam.PolicyDocument;
import dev.modelgate.emulator.iam.World;
import dev.modelgate.emulator.iam.WorldLoader;
import dev.modelgate.emulator.journal.RequestJournal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A running emulator of the AWS endpoints Modelgate calls — STS, Bedrock runtime and the Bedrock control plane —
 * on one loopback port. Point AWS SDK clients at {@link #endpoint()} with {@code endpointOverride}.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.builder().build()) {   // default world, free port
 *     StsClient sts = StsClient.builder().endpointOverride(emulator.endpoint())...
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {

    private final EmulatorClock clock;
    private final FaultInjector faults;
    private final RequestJournal journal;
    private final EmulatorRouter router;
    private final HttpFrontEnd http;

    private Emulator(Builder builder) throws IOException {
        World world = builder.world != null ? builder.world : WorldLoader.defaultWorld();
        this.clock = new EmulatorClock(builder.clock);
        this.faults = new FaultInjector();
        this.journal = new RequestJournal();
        this.router = new EmulatorRouter(world, builder.catalog, clock, faults, journal, builder.verifySignatures);
        this.http = HttpFrontEnd.start(builder.port, router::handle, router::tooLarge, clock.signatureClock());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for every client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return http.port();
    }

    /** The identities, roles and policies this emulator enforces now. */
    public World world() {
        return router.world();
    }

    /**
     * Replaces the trust policy of the role {@code roleArn}, as IAM's {@code UpdateAssumeRolePolicy} (or
     * {@code aws iam update-assume-role-policy}) does: {@code AssumeRole} calls that arrive afterwards are judged by
     * it, sessions already issued stay valid. {@link #reset()} does not undo it.
     *
     * @param policyDocument the trust policy as JSON text, as pasted into the AWS console
     * @throws MalformedPolicyException when the text is not a trust policy (IAM's {@code MalformedPolicyDocument})
     * @throws NoSuchElementException   when the world has no role with exactly this ARN (IAM's {@code NoSuchEntity})
     */
    public void updateAssumeRolePolicy(String roleArn, String policyDocument) {
        Objects.requireNonNull(roleArn, "roleArn");
        router.updateAssumeRolePolicy(roleArn, PolicyDocument.parse(policyDocument).requireTrustPolicy());
    }

    /** Latency, queued failures and STS outages. */
    public FaultInjector faults() {
        return faults;
    }

    /** The requests answered so far. */
    public RequestJournal journal() {
        return journal;
    }

    /** The emulator's clock; move it to expire sessions or to provoke clock-skew errors. */
    public EmulatorClock clock() {
        return clock;
    }

    /** Back to the state after start: no faults or latency, empty journal, clock offset zero, no issued sessions. */
    public void reset() {
        router.reset();
    }

    @Override
    public void close() {
        http.close();
    }

    /** Options of an emulator; every one has a default. */
    public static final class Builder {
        private int port;
        private World world;
        private ModelCatalog catalog = ModelCatalog.defaultCatalog();
        private Clock clock = Clock.systemUTC();
        private boolean verifySignatures = true;

        private Builder() {
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The world: accounts, users, keys, roles and policies. Default: {@link WorldLoader#defaultWorld()}. */
        public Builder world(World world) {
            this.world = Objects.requireNonNull(world, "world");
            return this;
        }

        /** Loads the world from a YAML or JSON file. */
        public Builder worldFile(Path file) {
            return world(WorldLoader.load(file));
        }

        /** The model catalogue. Default: {@link ModelCatalog#defaultCatalog()}. */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The base clock (the control API can offset it). Default: the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Whether SigV4 signatures are verified (the default). Off is the fast mode for load tests: callers are
         * still identified by the access key in the credential scope, and policies still apply.
         */
        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        /** Starts the emulator. */
        public Emulator build() {
            try {
                return new Emulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not listen on 127.0.0.1:" + port, e);
            }
        }
    }
}
