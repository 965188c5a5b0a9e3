package dev.modelgate.emulator.acceptance.sts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Hand-made HTTP requests to a running emulator with {@code java.net.http}, optionally signed with the SDK's own
 * SigV4 signer — for what the SDK clients never send. Every exchange has a timeout, so a hanging emulator fails
 * the test instead of blocking it.
 */
public final class RawHttp {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    public static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    /** Headers {@code java.net.http} sets itself and refuses to take from us. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public RawHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A response with its body as text. */
    public record Response(int status, Map<String, String> headers, String body) {

        /** A header's first value, name matched case-insensitively, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A signing request: method, path with optional query, headers, body, and what to sign for. */
    public record Signed(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                         String service, String region, AwsCredentials credentials, Clock clock) {

        public static Signed sts(AwsCredentials credentials, String formBody) {
            return new Signed("POST", "/", Map.of("Content-Type", FORM), formBody.getBytes(StandardCharsets.UTF_8),
                    "sts", "us-east-1", credentials, Clock.systemUTC());
        }

        public static Signed bedrock(AwsCredentials credentials, String method, String pathAndQuery) {
            return new Signed(method, pathAndQuery, Map.of(), new byte[0], "bedrock", "us-east-1", credentials,
                    Clock.systemUTC());
        }

        public Signed withService(String signingName) {
            return new Signed(method, pathAndQuery, headers, body, signingName, region, credentials, clock);
        }

        public Signed withBody(String contentType, byte[] bytes) {
            Map<String, String> withType = new LinkedHashMap<>(headers);
            withType.put("Content-Type", contentType);
            return new Signed(method, pathAndQuery, withType, bytes, service, region, credentials, clock);
        }

        public Signed withMethod(String otherMethod) {
            return new Signed(otherMethod, pathAndQuery, headers, body, service, region, credentials, clock);
        }
    }

    /** Sends {@code request} as it is. */
    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            return new Response(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request builder for a path (with optional query) on the emulator, with the exchange timeout set. */
    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(endpoint.resolve(pathAndQuery)).timeout(TIMEOUT);
    }

    /** Signs with SigV4 as the SDK does, then sends. */
    public Response send(Signed signed) {
        return send(signedRequest(signed));
    }

    /** The {@code java.net.http} request for a signed request, not sent. */
    public HttpRequest signedRequest(Signed signed) {
        URI uri = endpoint.resolve(signed.pathAndQuery());
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(signed.method()));
        signed.headers().forEach(unsigned::putHeader);
        SignedRequest result = AwsV4HttpSigner.create().sign(r -> r
                .identity(signed.credentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(signed.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signed.service())
                .putProperty(AwsV4HttpSigner.REGION_NAME, signed.region())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signed.clock()));
        HttpRequest.Builder builder = request(signed.pathAndQuery())
                .method(signed.method(), signed.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        result.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }
}
