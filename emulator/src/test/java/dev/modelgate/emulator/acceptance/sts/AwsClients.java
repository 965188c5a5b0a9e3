package dev.modelgate.emulator.acceptance.sts;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Real AWS SDK clients pointed at a running emulator, and the default world's principals. Clients it builds are
 * closed by {@link #close()}.
 */
public final class AwsClients implements AutoCloseable {

    public static final String PLATFORM_KEY = "AKIAMODELGATEPLATFRM";
    public static final String PLATFORM_SECRET = "mgPlatformFakeSecretKey00000000000000001";
    public static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";
    public static final AwsBasicCredentials PLATFORM = AwsBasicCredentials.create(PLATFORM_KEY, PLATFORM_SECRET);
    public static final AwsBasicCredentials TENANT_ADMIN =
            AwsBasicCredentials.create("AKIATENANTADMIN00001", "tenantAdminFakeSecretKey0000000000000001");

    public static final String TENANT_ACCOUNT = "222222222222";
    public static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    public static final String EXTERNAL_ID = "mg-demo-workspace-external-id";

    /** {@code User: <platform> is not authorized to perform: sts:AssumeRole on resource: } + the role ARN. */
    public static final String PLATFORM_DENIED = "User: " + PLATFORM_ARN
            + " is not authorized to perform: sts:AssumeRole on resource: ";

    private final URI endpoint;
    private final List<SdkClient> clients = new ArrayList<>();

    public AwsClients(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** An STS client in us-east-1 with the SDK's default retries. */
    public StsClient sts(AwsCredentials credentials) {
        return sts(StaticCredentialsProvider.create(credentials), Region.US_EAST_1, true);
    }

    /** An STS client in us-east-1 that never retries, so that each call is exactly one request. */
    public StsClient stsWithoutRetries(AwsCredentials credentials) {
        return sts(StaticCredentialsProvider.create(credentials), Region.US_EAST_1, false);
    }

    public StsClient sts(AwsCredentialsProvider credentials, Region region, boolean retries) {
        return track(StsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> {
                    if (!retries) {
                        o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build());
    }

    /** A Bedrock control-plane client in us-east-1 that never retries. */
    public BedrockClient bedrockWithoutRetries(AwsCredentials credentials) {
        return bedrock(credentials, false);
    }

    public BedrockClient bedrock(AwsCredentials credentials, boolean retries) {
        return track(BedrockClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> {
                    if (!retries) {
                        o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build());
    }

    /** The platform user assumes the tenant's role with its External ID. */
    public AssumeRoleResponse assumeTenantRole(String sessionName, int durationSeconds) {
        return stsWithoutRetries(PLATFORM).assumeRole(r -> r.roleArn(TENANT_ROLE)
                .roleSessionName(sessionName)
                .externalId(EXTERNAL_ID)
                .durationSeconds(durationSeconds));
    }

    /** The session credentials an AssumeRole call returned, as the SDK's credentials type. */
    public static AwsSessionCredentials sessionOf(AssumeRoleResponse response) {
        var credentials = response.credentials();
        return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    private <T extends SdkClient> T track(T client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(SdkClient::close);
        clients.clear();
    }
}
