package dev.modelgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.connection.Region;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The STS clients time their calls on one shared timer thread. Each SDK client left to itself starts a pool of its own
 * that grows to 5 threads as calls arm their timeouts and keeps them: the fault soak saw those threads stay after the
 * load, and with one client per STS endpoint they would grow with the endpoints tenants use.
 */
class StsClientsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    @Test
    void calls_atSeveralEndpoints_shareOneTimerThread_insteadOfAPoolPerClient() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<String> started;
        try (StsClients clients = Tenants.stsClients(aws.endpoint())) {
            for (String region : List.of("us-east-1", "eu-central-1", "eu-west-1")) {
                for (int call = 0; call < 3; call++) {
                    clients.client(StsEndpoint.regional(Region.of(region))).getCallerIdentity();
                }
            }
            started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .map(Thread::getName)
                    .filter(name -> name.startsWith("sdk-ScheduledExecutor") || name.equals("modelgate-sts-timeouts"))
                    .sorted().toList();
        }

        assertThat(started).containsExactly("modelgate-sts-timeouts");
    }
}
