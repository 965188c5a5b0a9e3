package dev.modelgate.emulator.acceptance.bedrock;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real AWS SDK for Java v2 clients the Bedrock acceptance tests drive: pointed at the emulator with
 * {@code endpointOverride}, signed as principals of the default world. Callers close what they build.
 */
final class BedrockSdk {

    static final Region REGION = Region.US_EAST_1;
    static final String TENANT_ACCOUNT = "222222222222";
    static final String TENANT_ADMIN_ARN = "arn:aws:iam::222222222222:user/tenant-admin";
    static final String EXTERNAL_ID = "mg-demo-workspace-external-id";
    static final String SESSION_NAME = "bedrock-acceptance";

    /** The tenant's administrator: {@code bedrock:*} on everything, long-term key. */
    static final AwsCredentialsProvider TENANT_ADMIN = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIATENANTADMIN00001", "tenantAdminFakeSecretKey0000000000000001"));
    /** Modelgate's platform user: may only assume tenant roles. */
    static final AwsCredentialsProvider PLATFORM = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAMODELGATEPLATFRM", "mgPlatformFakeSecretKey00000000000000001"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BedrockSdk() {
    }

    /** Sync runtime client in us-east-1 as the tenant admin, with the SDK's default retries. */
    static BedrockRuntimeClient runtime(URI endpoint) {
        return runtime(endpoint, REGION, TENANT_ADMIN, null);
    }

    /** Sync runtime client for another Region or principal, with the SDK's default retries. */
    static BedrockRuntimeClient runtime(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return runtime(endpoint, region, credentials, null);
    }

    /** Sync runtime client in us-east-1 as the tenant admin that makes exactly one attempt per call. */
    static BedrockRuntimeClient runtimeWithoutRetries(URI endpoint) {
        return runtime(endpoint, REGION, TENANT_ADMIN, AwsRetryStrategy.doNotRetry());
    }

    private static BedrockRuntimeClient runtime(URI endpoint, Region region, AwsCredentialsProvider credentials,
                                                RetryStrategy retries) {
        var builder = BedrockRuntimeClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (retries != null) {
            builder.overrideConfiguration(o -> o.retryStrategy(retries));
        }
        return builder.build();
    }

    /**
     * Async (Netty) runtime client in us-east-1 as the tenant admin, one attempt per call. The SDK's Bedrock runtime
     * async client defaults to HTTP/2, which over plain {@code http://} means h2 with prior knowledge; the emulator
     * speaks HTTP/1.1 only (as Bedrock also does), so the client is told to use it.
     */
    static BedrockRuntimeAsyncClient asyncRuntime(URI endpoint) {
        return asyncRuntime(endpoint, TENANT_ADMIN);
    }

    /**
     * Async runtime client in us-east-1 for another principal, one attempt per call, with the SDK's default HTTP
     * client settings: Netty speaking HTTP/2 (prior knowledge over http://), as Modelgate's production client does.
     */
    static BedrockRuntimeAsyncClient asyncRuntime(URI endpoint, AwsCredentialsProvider credentials) {
        return asyncRuntime(endpoint, credentials, NettyNioAsyncHttpClient.builder());
    }

    /** The same over HTTP/1.1, the protocol older clients and proxies use. */
    static BedrockRuntimeAsyncClient asyncRuntimeHttp1(URI endpoint) {
        return asyncRuntime(endpoint, TENANT_ADMIN, NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1));
    }

    private static BedrockRuntimeAsyncClient asyncRuntime(URI endpoint, AwsCredentialsProvider credentials,
                                                          NettyNioAsyncHttpClient.Builder http) {
        return BedrockRuntimeAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials)
                .httpClientBuilder(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Control-plane client. */
    static BedrockClient controlPlane(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return BedrockClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * Credentials of a session of a tenant role ({@code arn:aws:iam::222222222222:role/<role>}), assumed by the
     * platform user with the tenant's External ID through the SDK's own {@link StsAssumeRoleCredentialsProvider}.
     */
    static AssumedRole assumeRole(URI endpoint, String role) {
        StsClient sts = StsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(PLATFORM)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(r -> r.roleArn("arn:aws:iam::" + TENANT_ACCOUNT + ":role/" + role)
                        .roleSessionName(SESSION_NAME).externalId(EXTERNAL_ID))
                .build();
        return new AssumedRole(sts, provider, "arn:aws:sts::" + TENANT_ACCOUNT + ":assumed-role/" + role + "/"
                + SESSION_NAME);
    }

    /** An assumed-role credentials provider, its STS client, and the session's ARN as AWS names the caller. */
    record AssumedRole(StsClient sts, StsAssumeRoleCredentialsProvider credentials, String sessionArn)
            implements AutoCloseable {
        @Override
        public void close() {
            credentials.close();
            sts.close();
        }
    }

    static SdkBytes utf8(String text) {
        return SdkBytes.fromString(text, StandardCharsets.UTF_8);
    }

    static JsonNode json(SdkBytes bytes) {
        return JSON.readTree(bytes.asByteArray());
    }

    static JsonNode json(byte[] bytes) {
        return JSON.readTree(bytes);
    }

    /** The emulator's deterministic answer to a prompt whose last user text is {@code userText}. */
    static String reply(String userText) {
        return "Modelgate emulator reply to: " + userText;
    }
}
