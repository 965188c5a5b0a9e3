package dev.modelgate.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.MovableClock;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.platform.PlatformIdentityUnavailableException.Reason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.Credentials;

/** {@link PlatformIdentity} against the emulator's STS: the answer, its cache, and each kind of failure. */
class PlatformIdentityIT {

    private static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";
    private static final AwsCredentialsProvider PLATFORM = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAMODELGATEPLATFRM", "mgPlatformFakeSecretKey00000000000000001"));
    private static final StsEndpoint US_EAST_1 = StsEndpoint.regional(Region.of("us-east-1"));

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T12:00:00Z"));

    @Test
    void callerIdentity_isAskedOnce_andKeptForTheTtl() {
        try (StsClients sts = stsClients(PLATFORM)) {
            PlatformIdentity identity = new PlatformIdentity(sts, US_EAST_1, Duration.ofMinutes(10), clock);

            CallerIdentity first = identity.callerIdentity();
            clock.advance(Duration.ofMinutes(10).minusNanos(1));
            assertThat(identity.callerIdentity()).isSameAs(first);
            assertThat(calls()).isEqualTo(1);

            clock.advance(Duration.ofNanos(1));
            assertThat(identity.callerIdentity()).isEqualTo(first);
            assertThat(calls()).isEqualTo(2);
            assertThat(first).isEqualTo(new CallerIdentity(PLATFORM_ARN, "111111111111"));
            assertThat(first.trustPrincipalArn()).isEqualTo(PLATFORM_ARN);
        }
    }

    @Test
    void callerIdentity_assumedRoleSession_trustsTheRole() {
        Credentials session;
        try (StsClients sts = stsClients(PLATFORM)) {
            session = sts.client(US_EAST_1).assumeRole(r -> r
                    .roleArn("arn:aws:iam::222222222222:role/ModelgateBedrockAccess")
                    .roleSessionName("modelgate-runtime").externalId("mg-demo-workspace-external-id")).credentials();
        }
        AwsCredentialsProvider asRole = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));

        try (StsClients sts = stsClients(asRole)) {
            CallerIdentity identity = new PlatformIdentity(sts, US_EAST_1, Duration.ZERO, clock).callerIdentity();

            assertThat(identity.arn())
                    .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/modelgate-runtime");
            assertThat(identity.trustPrincipalArn()).isEqualTo("arn:aws:iam::222222222222:role/ModelgateBedrockAccess");
        }
    }

    @Test
    void callerIdentity_stsDown_isUnavailable_andTheFailureIsNotKept() {
        try (StsClients sts = stsClients(PLATFORM)) {
            PlatformIdentity identity = new PlatformIdentity(sts, US_EAST_1, Duration.ofMinutes(10), clock);
            aws.emulator().faults().setStsDown(true);

            assertThatThrownBy(identity::callerIdentity)
                    .isInstanceOfSatisfying(PlatformIdentityUnavailableException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.STS_UNAVAILABLE);
                        assertThat(e).hasMessage("STS at " + aws.endpoint() + " is failing (ServiceUnavailable, "
                                + "HTTP 503); try again later");
                    });

            aws.emulator().faults().setStsDown(false);
            assertThat(identity.callerIdentity().arn()).isEqualTo(PLATFORM_ARN);
        }
    }

    @Test
    void callerIdentity_noCredentials_saysSo() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        };
        try (StsClients sts = stsClients(none)) {
            PlatformIdentity identity = new PlatformIdentity(sts, US_EAST_1, Duration.ZERO, clock);

            assertThatThrownBy(identity::callerIdentity)
                    .isInstanceOfSatisfying(PlatformIdentityUnavailableException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS);
                        assertThat(e).hasMessageStartingWith("Modelgate has no AWS credentials");
                    });
        }
        assertThat(calls()).isZero();
    }

    @Test
    void callerIdentity_stsUnreachable_isUnavailable() {
        try (StsClients sts = StsClients.builder().platformCredentials(PLATFORM)
                .endpointOverride(URI.create("http://127.0.0.1:1")).build()) {
            PlatformIdentity identity = new PlatformIdentity(sts, US_EAST_1, Duration.ZERO, clock);

            assertThatThrownBy(identity::callerIdentity)
                    .isInstanceOfSatisfying(PlatformIdentityUnavailableException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.STS_UNAVAILABLE);
                        assertThat(e).hasMessage("could not reach STS at http://127.0.0.1:1; check the network "
                                + "and modelgate.aws.region / modelgate.aws.endpoint-override");
                    });
        }
    }

    private static StsClients stsClients(AwsCredentialsProvider credentials) {
        return StsClients.builder().platformCredentials(credentials).endpointOverride(aws.endpoint()).build();
    }

    private static long calls() {
        return aws.emulator().journal().ofOperation("GetCallerIdentity").size();
    }

}
