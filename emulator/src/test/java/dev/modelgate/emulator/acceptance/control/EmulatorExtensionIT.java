package dev.modelgate.emulator.acceptance.control;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.sessionOf;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.emulator.Emulator;
import dev.modelgate.emulator.acceptance.sts.AwsClients;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * {@link EmulatorExtension}: one emulator per class, reset before each test, and an {@link Emulator} parameter. The
 * first test leaves state behind; the second must not see any of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatorExtensionIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static AwsSessionCredentials sessionFromTheFirstTest;
    private static int portOfTheFirstTest;

    @Test
    @Order(1)
    void firstTest_leavesFaultsLatencyClockOutageJournalAndASessionBehind() {
        try (AwsClients clients = new AwsClients(aws.endpoint())) {
            sessionFromTheFirstTest = sessionOf(clients.assumeTenantRole("left-behind", 900));
        }
        Emulator emulator = aws.emulator();
        emulator.faults().enqueue(Fault.next(3, FaultKind.THROTTLING));
        emulator.faults().setLatency(null, Latency.ofMillis(10, 0, 0, 0));
        emulator.faults().setStsDown(true);
        emulator.clock().advance(Duration.ofHours(5));
        emulator.clock().setOffset(Duration.ofMinutes(-1));
        portOfTheFirstTest = emulator.port();

        assertThat(emulator.journal().all()).hasSize(1);
    }

    @Test
    @Order(2)
    void secondTest_seesNoneOfIt() {
        Emulator emulator = aws.emulator();

        assertThat(emulator.port()).isEqualTo(portOfTheFirstTest);
        assertThat(emulator.faults().queued()).isEmpty();
        assertThat(emulator.faults().latencies()).isEmpty();
        assertThat(emulator.faults().stsDown()).isFalse();
        assertThat(emulator.clock().offset()).isZero();
        assertThat(emulator.clock().advanced()).isZero();
        assertThat(emulator.journal().all()).isEmpty();
        try (AwsClients clients = new AwsClients(aws.endpoint())) {
            assertServiceError(clients.stsWithoutRetries(sessionFromTheFirstTest)::getCallerIdentity, StsException.class,
                    "InvalidClientTokenId", 403, "The security token included in the request is invalid.");
            assertThat(clients.stsWithoutRetries(PLATFORM).getCallerIdentity().account()).isEqualTo("111111111111");
        }
    }

    @Test
    @Order(3)
    void emulatorParameter_isTheClassesEmulator(Emulator emulator) {
        assertThat(emulator).isSameAs(aws.emulator());
        assertThat(emulator.endpoint()).isEqualTo(aws.endpoint());
    }

    @Test
    void extensionNotRegistered_hasNoEmulatorToGive() {
        EmulatorExtension unregistered = EmulatorExtension.withDefaultWorld();

        assertThatThrownBy(unregistered::emulator).isInstanceOf(IllegalStateException.class)
                .hasMessage("the emulator runs only while the test class runs; register the extension as a static field");
    }

    @Test
    void worldResourceThatDoesNotExist_failsNamingIt() {
        EmulatorExtension missing = EmulatorExtension.withWorldResource("/worlds/no-such-world.yaml");

        assertThatThrownBy(() -> missing.beforeAll(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no classpath resource /worlds/no-such-world.yaml");
    }
}
