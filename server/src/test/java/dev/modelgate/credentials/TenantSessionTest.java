package dev.modelgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class TenantSessionTest {

    private static final String SECRET = "sessionSecretKey0000000000000000000000001";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN00000000000001";
    private static final Instant EXPIRATION = Instant.parse("2030-01-01T12:00:00Z");
    private static final TenantSession SESSION = new TenantSession("ASIAEXAMPLESESSION01", SECRET, TOKEN, EXPIRATION,
            "arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/modelgate-ws");

    @Test
    void toString_showsKeyIdRoleAndExpiration_neverTheSecretOrToken() {
        assertThat(SESSION.toString())
                .isEqualTo("TenantSession[accessKeyId=ASIAEXAMPLESESSION01, assumedRoleArn="
                        + "arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/modelgate-ws, "
                        + "expiration=2030-01-01T12:00:00Z]")
                .doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    @Test
    void toSdkCredentials_carriesEveryPart() {
        AwsSessionCredentials credentials = SESSION.toSdkCredentials();

        assertThat(credentials.accessKeyId()).isEqualTo("ASIAEXAMPLESESSION01");
        assertThat(credentials.secretAccessKey()).isEqualTo(SECRET);
        assertThat(credentials.sessionToken()).isEqualTo(TOKEN);
        assertThat(credentials.expirationTime()).contains(EXPIRATION);
        assertThat(credentials.toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    @Test
    void toSdkProvider_answersThisSession() {
        assertThat(SESSION.toSdkProvider().resolveCredentials()).isEqualTo(SESSION.toSdkCredentials());
        assertThat(SESSION.toSdkProvider().toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    @Test
    void expiredAt_isTrueFromTheExpirationOn() {
        assertThat(SESSION.expiredAt(EXPIRATION.minusMillis(1))).isFalse();
        assertThat(SESSION.expiredAt(EXPIRATION)).isTrue();
        assertThat(SESSION.expiredAt(EXPIRATION.plusSeconds(1))).isTrue();
    }
}
