package dev.modelgate.config;

import dev.modelgate.invoke.Cutoff;
import dev.modelgate.web.RequestDrain;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the instance when it stops (SIGTERM, or the context closing). In order:
 * <ol>
 *   <li>readiness turns to refusing traffic (Spring Boot does so as the context begins to close, before any of
 *       this): {@code /actuator/health/readiness} answers 503, and a load balancer polling it stops sending;</li>
 *   <li>new API requests are refused, 503 {@code shutting-down} with {@code Retry-After} ({@link RequestDrain}), while
 *       the web server still accepts connections and the probes keep answering;</li>
 *   <li>the calls and streams in flight finish, for at most {@link ShutdownProperties#grace()}: every call's deadline
 *       ends there ({@link Cutoff});</li>
 *   <li>at the end of the grace, what still runs is cut: an attempt waiting for Bedrock is aborted, a stream ends
 *       with an {@code error} event, each answered {@code shutting-down} and recorded as such, within
 *       {@link ShutdownProperties#cutTimeout()};</li>
 *   <li>then, in later phases, the web server's own graceful shutdown (requests outside the API, within
 *       {@code spring.lifecycle.timeout-per-shutdown-phase}) and its stop; then the beans close, the usage recorder
 *       before the data source it writes to, so that its buffered records are written
 *       ({@code modelgate.usage.close-timeout}) before the connection pool closes.</li>
 * </ol>
 * Its phase is just above the web server's graceful shutdown, so it stops first. Blocks the closing thread for at
 * most the grace plus the cut timeout.
 */
final class GracefulShutdown implements SmartLifecycle {

    /** Stopped just before the web server's graceful shutdown (phases stop from the highest down). */
    static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final RequestDrain drain;
    private final Cutoff cutoff;
    private final Clock clock;
    private final ShutdownProperties properties;
    private volatile boolean running;

    GracefulShutdown(RequestDrain drain, Cutoff cutoff, Clock clock, ShutdownProperties properties) {
        this.drain = Objects.requireNonNull(drain, "drain");
        this.cutoff = Objects.requireNonNull(cutoff, "cutoff");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    @Override
    public void start() {
        cutoff.clear();
        drain.open();
        running = true;
    }

    @Override
    public void stop() {
        Duration grace = properties.grace();
        cutoff.at(clock.instant().plus(grace));
        drain.drain();
        log.info("stopping: refusing new API requests; {} in flight may take up to {} to finish", drain.inFlight(),
                grace);
        if (!drain.awaitIdle(grace)) {
            log.warn("{} API requests still running at the end of the shutdown grace of {}; cutting them",
                    drain.inFlight(), grace);
            cutoff.cut();
            if (!drain.awaitIdle(properties.cutTimeout())) {
                log.warn("{} API requests still running {} after they were cut; stopping anyway", drain.inFlight(),
                        properties.cutTimeout());
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** A pause is not a stop: the instance keeps taking requests. */
    @Override
    public boolean isPauseable() {
        return false;
    }
}
