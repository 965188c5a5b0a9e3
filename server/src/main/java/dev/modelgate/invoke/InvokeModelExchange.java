package dev.modelgate.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code InvokeModel} exchange without the SDK client's request pipeline: the request is marshalled from the
 * SDK's {@link InvokeModelRequest} as its REST binding says ({@code POST /model/{modelId}/invoke}, the members bound
 * to headers), signed with the SDK's own SigV4 signer, and sent over the SDK's URL-connection HTTP client; the answer
 * is read into one array of its declared length, capped, and an error answer becomes the
 * {@link AwsServiceException} the SDK's JSON error unmarshalling would have made (error code from
 * {@code X-Amzn-ErrorType}, else the body's {@code __type} or {@code code}; message from {@code message}). The
 * exchange is aborted when {@code timeout} passes ({@link ApiCallTimeoutException}, as the SDK's API call timeout).
 * The same exceptions as the SDK client's: {@link BedrockFailures#translate} reads them.
 *
 * <p>Why: the SDK client's synchronous pipeline (interceptors, endpoint rules, marshalling through its protocol
 * layer, a timer task per call, the answer copied through a growing buffer) was the largest item of the invoke
 * path's CPU profile; bench/README.md ("Hot path, round 3") has the before and after.
 */
final class InvokeModelExchange {

    /** The SigV4 signing name of Bedrock Runtime. */
    static final String SIGNING_NAME = "bedrock";
    private static final String USER_AGENT = "modelgate (InvokeModel; SigV4 by aws-sdk-java-v2 http-auth-aws)";
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The longest array the JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private InvokeModelExchange() {
    }

    /** Status, headers and the whole body of an answer. */
    record Answer(SdkHttpResponse http, byte[] body) {
    }

    /**
     * Sends {@code request} to {@code endpoint}, signed for {@code region} as {@code credentials}.
     *
     * @param maxResponseBytes cap on the answer's body
     * @throws AwsServiceException     when Bedrock answers with an error status
     * @throws ApiCallTimeoutException when {@code timeout} passed before the answer was read
     * @throws SdkClientException      when Bedrock could not be reached or its answer not read (a
     *                                 {@link BedrockClients.ResponseTooLargeException} as its cause past the cap)
     */
    static Answer send(SdkHttpClient http, ScheduledExecutorService timer, URI endpoint, String region,
                       InvokeModelRequest request, AwsCredentialsIdentity credentials, Duration timeout,
                       long maxResponseBytes) {
        byte[] body = request.body() == null ? new byte[0] : request.body().asByteArrayUnsafe();
        SignedRequest signed = SIGNER.sign(r -> r.identity(credentials)
                .request(marshal(endpoint, request, body.length))
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        ExecutableHttpRequest exchange = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build());
        Abort abort = new Abort(exchange);
        ScheduledFuture<?> deadline = timer.schedule(abort, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            HttpExecuteResponse response = exchange.call();
            SdkHttpResponse head = response.httpResponse();
            byte[] answer = read(response.responseBody(), head, maxResponseBytes);
            if (!head.isSuccessful()) {
                throw failure(head, answer);
            }
            return new Answer(head, answer);
        } catch (IOException | UncheckedIOException e) {
            if (abort.fired) {
                throw ApiCallTimeoutException.create(timeout.toMillis());
            }
            throw SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
        } finally {
            deadline.cancel(false);
        }
    }

    /** The unsigned request: the path with the model ID as one encoded segment, the members bound to headers. */
    static SdkHttpFullRequest marshal(URI endpoint, InvokeModelRequest request, int contentLength) {
        SdkHttpFullRequest.Builder http = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/model/" + SdkHttpUtils.urlEncode(request.modelId()) + "/invoke")
                .putHeader("Content-Type", request.contentType() == null ? "application/json" : request.contentType())
                .putHeader("Content-Length", Integer.toString(contentLength))
                .putHeader("User-Agent", USER_AGENT);
        header(http, "Accept", request.accept());
        header(http, "X-Amzn-Bedrock-Trace", request.traceAsString());
        header(http, "X-Amzn-Bedrock-GuardrailIdentifier", request.guardrailIdentifier());
        header(http, "X-Amzn-Bedrock-GuardrailVersion", request.guardrailVersion());
        header(http, "X-Amzn-Bedrock-PerformanceConfig-Latency", request.performanceConfigLatencyAsString());
        header(http, "X-Amzn-Bedrock-Service-Tier", request.serviceTierAsString());
        header(http, "X-Amzn-Bedrock-Request-Metadata", request.requestMetadata());
        return http.build();
    }

    /**
     * The body: into one array of the declared length when there is one (refused before a byte is read when it is
     * over the cap), else read up to the cap.
     */
    static byte[] read(Optional<AbortableInputStream> stream, SdkHttpResponse head, long cap) throws IOException {
        if (stream.isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = stream.get()) {
            long declared = BedrockClients.contentLength(head);
            if (declared > cap || declared > MAX_ARRAY) {
                throw new BedrockClients.ResponseTooLargeException(cap);
            }
            if (declared >= 0) {
                byte[] body = new byte[(int) declared];
                int n = in.readNBytes(body, 0, body.length);
                if (n < body.length) {
                    throw new IOException("the answer ended after " + n + " of its " + declared + " bytes");
                }
                return body;
            }
            return new BedrockClients.BoundedInputStream(in, cap, cap).readAllBytes();
        }
    }

    /** What the SDK's JSON error unmarshalling makes of an error answer. */
    static AwsServiceException failure(SdkHttpResponse head, byte[] body) {
        String code = head.firstMatchingHeader("X-Amzn-ErrorType").map(InvokeModelExchange::errorType).orElse(null);
        String message = null;
        JsonNode document = document(body);
        if (document != null) {
            if (code == null) {
                code = errorType(text(document, "__type", "code"));
            }
            message = text(document, "message", "Message", "errorMessage");
        }
        String requestId = head.firstMatchingHeader("x-amzn-RequestId")
                .or(() -> head.firstMatchingHeader("x-amz-request-id")).orElse(null);
        return BedrockRuntimeException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("BedrockRuntime")
                        .sdkHttpResponse(head)
                        .rawResponse(SdkBytes.fromByteArrayUnsafe(body))
                        .build())
                .statusCode(head.statusCode())
                .requestId(requestId)
                .message(message)
                .build();
    }

    /** {@code ThrottlingException} of {@code ThrottlingException:http://…} or {@code com.amazon…#ThrottlingException}. */
    static String errorType(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String type = value.strip();
        int colon = type.indexOf(':');
        if (colon >= 0) {
            type = type.substring(0, colon);
        }
        int hash = type.lastIndexOf('#');
        return hash >= 0 ? type.substring(hash + 1) : type;
    }

    private static JsonNode document(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode document = JSON.readTree(body);
            return document != null && document.isObject() ? document : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode document, String... names) {
        for (String name : names) {
            JsonNode value = document.get(name);
            if (value != null && value.isString()) {
                return value.stringValue();
            }
        }
        return null;
    }

    private static void header(SdkHttpFullRequest.Builder http, String name, String value) {
        if (value != null) {
            http.putHeader(name, value);
        }
    }

    /** Aborts the exchange when the timeout passes; {@link #fired} tells a read that failed why. */
    private static final class Abort implements Runnable {
        private final ExecutableHttpRequest exchange;
        private volatile boolean fired;

        Abort(ExecutableHttpRequest exchange) {
            this.exchange = exchange;
        }

        @Override
        public void run() {
            fired = true;
            exchange.abort();
        }
    }
}
