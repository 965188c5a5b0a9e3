package dev.modelgate.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The floor: InvokeModel straight from the SDK, as the tenant's role, with no gateway in between. Built like the
 * server's own Bedrock client (URL-connection HTTP client, no SDK retries) and signing with a session of the same
 * role, assumed once. Each call sends the body the server renders for the same prompt, then parses the answer and
 * reads its text, as the gateway's caller does with the gateway's answer.
 */
final class DirectPath implements InvokePath {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SdkHttpClient http;
    private final BedrockRuntimeClient bedrock;
    private final InvokeModelRequest request;

    private DirectPath(SdkHttpClient http, BedrockRuntimeClient bedrock, InvokeModelRequest request) {
        this.http = http;
        this.bedrock = bedrock;
        this.request = request;
    }

    /**
     * Assumes {@code roleArn} as the platform user with {@code externalId}, then prepares InvokeModel of
     * {@code modelId} with {@code body}.
     */
    static DirectPath create(URI endpoint, Tenant tenant, String externalId, String modelId, String body) {
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofMinutes(5)).build();
        BedrockRuntimeClient bedrock = BedrockRuntimeClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(tenantSession(endpoint, tenant, externalId, http)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        InvokeModelRequest request = InvokeModelRequest.builder().modelId(modelId).contentType("application/json")
                .accept("application/json").body(SdkBytes.fromByteArrayUnsafe(body.getBytes(StandardCharsets.UTF_8)))
                .build();
        return new DirectPath(http, bedrock, request);
    }

    /**
     * A session of the tenant's role, valid an hour: {@code AssumeRole} as the platform user with
     * {@code externalId}, as Modelgate assumes it.
     */
    static AwsSessionCredentials tenantSession(URI endpoint, Tenant tenant, String externalId, SdkHttpClient http) {
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(tenant.platformAccessKey(), tenant.platformSecretKey())))
                .build()) {
            Credentials session = sts.assumeRole(r -> r.roleArn(tenant.roleArn())
                    .roleSessionName("modelgate-bench-direct").externalId(externalId).durationSeconds(3600))
                    .credentials();
            return AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(),
                    session.sessionToken());
        }
    }

    @Override
    public String label() {
        return "direct SDK";
    }

    @Override
    public String call() {
        JsonNode answer = JSON.readTree(bedrock.invokeModel(request).body().asByteArrayUnsafe());
        JsonNode text = answer.path("content").path(0).path("text");
        if (!text.isString()) {
            throw new IllegalStateException("Bedrock's answer has no content[0].text: " + answer);
        }
        return text.stringValue();
    }

    @Override
    public void close() {
        bedrock.close();
        http.close();
    }
}
