package dev.modelgate.credentials;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The emulator's default world as the credentials tests see it: Modelgate's principal and the tenant's roles. */
public final class Tenants {

    public static final String PLATFORM_KEY_ID = "AKIAMODELGATEPLATFRM";
    public static final String PLATFORM_SECRET = "mgPlatformFakeSecretKey00000000000000001";
    public static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";
    public static final ExternalId EXTERNAL_ID = ExternalId.of("mg-demo-workspace-external-id");
    public static final RoleArn TENANT_ROLE = RoleArn.parse("arn:aws:iam::222222222222:role/ModelgateBedrockAccess");
    public static final StsEndpoint US_EAST_1 = StsEndpoint.regional(Region.of("us-east-1"));
    public static final String WORKSPACE = "7f8e4a52-9c1b-4d3e-8a6f-0b2c1d3e4f5a";
    public static final SessionKey TENANT = new SessionKey(TENANT_ROLE, EXTERNAL_ID, US_EAST_1);

    private Tenants() {
    }

    /** A key for another role of the tenant account, with the workspace's External ID, at us-east-1. */
    public static SessionKey role(String name) {
        return new SessionKey(RoleArn.parse("arn:aws:iam::222222222222:role/" + name), EXTERNAL_ID, US_EAST_1);
    }

    public static AwsCredentialsProvider platform() {
        return credentials(PLATFORM_KEY_ID, PLATFORM_SECRET);
    }

    public static AwsCredentialsProvider credentials(String keyId, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret));
    }

    /**
     * Makes the SDK's default credentials chain find Modelgate's platform user (system properties), as a server
     * started in a test signs with; undo with {@link #clearSystemPlatformCredentials()}.
     */
    public static void useSystemPlatformCredentials() {
        System.setProperty("aws.accessKeyId", PLATFORM_KEY_ID);
        System.setProperty("aws.secretAccessKey", PLATFORM_SECRET);
    }

    public static void clearSystemPlatformCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** STS clients that sign as Modelgate's platform user and send everything to {@code emulator}. */
    public static StsClients stsClients(URI emulator) {
        return StsClients.builder().platformCredentials(platform()).endpointOverride(emulator).build();
    }
}
