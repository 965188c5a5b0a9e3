package dev.modelgate.catalog;

import dev.modelgate.aws.EndpointOverride;
import dev.modelgate.aws.SdkClientCache;
import dev.modelgate.connection.Region;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.TenantCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileModel;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileType;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;

/**
 * What Bedrock offers a tenant in a Region, asked through the tenant's own role (so the answer is what that role can
 * see): the foundation models and the inference profiles. One control-plane client per Region, shared by every
 * tenant, credentials with each request. Answers are bounded ({@link Builder#maxResults}) and every call has a time
 * limit ({@link Builder#apiCallTimeout}). Thread-safe; {@link #close()} closes the clients.
 */
public final class BedrockCatalogs implements AutoCloseable {

    /** Default limit on one catalog call, the SDK's retries included. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Default bound on the entries one listing returns. */
    public static final int DEFAULT_MAX_RESULTS = 1000;

    private final TenantCredentials credentials;
    private final URI endpointOverride;
    private final Duration apiCallTimeout;
    private final int maxResults;
    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final SdkClientCache<String, BedrockClient> clients = new SdkClientCache<>("BedrockCatalogs", this::build);

    private BedrockCatalogs(Builder builder) {
        this.credentials = Objects.requireNonNull(builder.credentials, "credentials");
        this.endpointOverride = builder.endpointOverride;
        this.apiCallTimeout = builder.apiCallTimeout;
        this.maxResults = builder.maxResults;
    }

    /** Options; {@link Builder#credentials} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The foundation models Bedrock lists in {@code region} ({@code ListFoundationModels}), in Bedrock's order, at
     * most {@link Builder#maxResults}.
     *
     * @throws CatalogException    ACCESS_DENIED when the role may not call {@code bedrock:ListFoundationModels}
     * @throws AssumeRoleException when no session of the role can be had
     */
    public List<FoundationModel> foundationModels(SessionKey key, String workspaceId, Region region) {
        return call("ListFoundationModels", () -> client(region).listFoundationModels(request -> request
                        .overrideConfiguration(override(key, workspaceId)))
                .modelSummaries().stream().limit(maxResults)
                .map(m -> new FoundationModel(m.modelId(), m.modelName(), m.providerName(),
                        m.inferenceTypesSupportedAsStrings(), m.inputModalitiesAsStrings(),
                        m.outputModalitiesAsStrings()))
                .toList());
    }

    /**
     * The inference profiles the role may invoke in {@code region} ({@code ListInferenceProfiles}): the
     * system-defined (cross-Region) ones, then the tenant's application profiles, at most
     * {@link Builder#maxResults} in all.
     *
     * @throws CatalogException    ACCESS_DENIED when the role may not call {@code bedrock:ListInferenceProfiles}
     * @throws AssumeRoleException when no session of the role can be had
     */
    public List<InferenceProfile> inferenceProfiles(SessionKey key, String workspaceId, Region region) {
        List<InferenceProfile> profiles = new ArrayList<>();
        for (InferenceProfileType type : List.of(InferenceProfileType.SYSTEM_DEFINED, InferenceProfileType.APPLICATION)) {
            String next = null;
            while (profiles.size() < maxResults) {
                String token = next;
                int room = maxResults - profiles.size();
                ListInferenceProfilesResponse page = call("ListInferenceProfiles", () -> client(region)
                        .listInferenceProfiles(request -> request.typeEquals(type).maxResults(Math.min(room, 1000))
                                .nextToken(token).overrideConfiguration(override(key, workspaceId))));
                page.inferenceProfileSummaries().stream().limit(room).map(BedrockCatalogs::profile)
                        .forEach(profiles::add);
                next = page.nextToken();
                if (next == null) {
                    break;
                }
            }
        }
        return profiles;
    }

    /**
     * One inference profile by ID or ARN ({@code GetInferenceProfile}); empty when Bedrock knows none such in
     * {@code region}.
     *
     * @throws CatalogException    ACCESS_DENIED when the role may not call {@code bedrock:GetInferenceProfile}
     * @throws AssumeRoleException when no session of the role can be had
     */
    public Optional<InferenceProfile> inferenceProfile(SessionKey key, String workspaceId, Region region,
                                                       String idOrArn) {
        try {
            return Optional.of(call("GetInferenceProfile", () -> {
                var p = client(region).getInferenceProfile(request -> request.inferenceProfileIdentifier(idOrArn)
                        .overrideConfiguration(override(key, workspaceId)));
                return new InferenceProfile(p.inferenceProfileId(), p.inferenceProfileArn(), p.inferenceProfileName(),
                        p.typeAsString(), p.models().stream().map(InferenceProfileModel::modelArn).toList());
            }));
        } catch (CatalogException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        clients.close();
        httpClient.close();
    }

    @Override
    public String toString() {
        return "BedrockCatalogs[endpointOverride=" + endpointOverride + ", clients=" + clients.size() + "]";
    }

    private BedrockClient client(Region region) {
        return clients.get(region.id());
    }

    private BedrockClient build(String region) {
        var builder = BedrockClient.builder()
                .region(software.amazon.awssdk.regions.Region.of(region))
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(apiCallTimeout).build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder.build();
    }

    private AwsRequestOverrideConfiguration override(SessionKey key, String workspaceId) {
        return AwsRequestOverrideConfiguration.builder().credentialsProvider(credentials.provider(key, workspaceId))
                .build();
    }

    private static InferenceProfile profile(InferenceProfileSummary p) {
        return new InferenceProfile(p.inferenceProfileId(), p.inferenceProfileArn(), p.inferenceProfileName(),
                p.typeAsString(), p.models().stream().map(InferenceProfileModel::modelArn).toList());
    }

    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof AssumeRoleException assumeRole) {
                    throw assumeRole;
                }
            }
            if (e instanceof AwsServiceException service) {
                String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
                String message = service.awsErrorDetails() == null || service.awsErrorDetails().errorMessage() == null
                        ? "HTTP " + service.statusCode() : service.awsErrorDetails().errorMessage();
                CatalogException.Kind kind = service.statusCode() == 403 ? CatalogException.Kind.ACCESS_DENIED
                        : CatalogException.Kind.UNAVAILABLE;
                throw new CatalogException(kind, operation, message, code, e);
            }
            throw new CatalogException(CatalogException.Kind.UNAVAILABLE, operation,
                    "could not ask Bedrock: " + e.getMessage(), null, e);
        }
    }

    /** Options of {@link BedrockCatalogs}. */
    public static final class Builder {
        private TenantCredentials credentials;
        private URI endpointOverride;
        private Duration apiCallTimeout = DEFAULT_API_CALL_TIMEOUT;
        private int maxResults = DEFAULT_MAX_RESULTS;

        private Builder() {
        }

        /** The tenant sessions requests are signed with. Required. */
        public Builder credentials(TenantCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Sends every request here instead of to the Region's endpoint (the emulator), still signed for the Region. */
        public Builder endpointOverride(URI uri) {
            this.endpointOverride = EndpointOverride.check(uri, "Bedrock");
            return this;
        }

        /** Limit on one call, retries included. Default {@link #DEFAULT_API_CALL_TIMEOUT}. */
        public Builder apiCallTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("API call timeout must be positive, got " + timeout);
            }
            this.apiCallTimeout = timeout;
            return this;
        }

        /** Bound on the entries one listing returns, 1 to 10,000. Default {@link #DEFAULT_MAX_RESULTS}. */
        public Builder maxResults(int maxResults) {
            if (maxResults < 1 || maxResults > 10_000) {
                throw new IllegalArgumentException("max results must be between 1 and 10000, got " + maxResults);
            }
            this.maxResults = maxResults;
            return this;
        }

        public BedrockCatalogs build() {
            return new BedrockCatalogs(this);
        }
    }
}
