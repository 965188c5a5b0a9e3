package dev.modelgate.bench;

import dev.modelgate.emulator.sigv4.SigV4Verifier;
import dev.modelgate.emulator.sigv4.SignedRequestView;
import dev.modelgate.emulator.sigv4.VerifiedSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cost of verifying one SigV4-signed InvokeModel request (session credentials, the SDK's signed headers, a small
 * Claude body): the emulator pays it on every request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SigV4VerifyBenchmark {

    private static final String KEY = "ASIAFAKEASSUMED00042";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";

    private SigV4Verifier verifier;
    private SignedRequestView request;

    @Setup
    public void sign() {
        Instant now = Instant.now();
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:4566/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke"))
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .putHeader("amz-sdk-invocation-id", "7bbcd855-6605-542a-f229-7a5702fd536f")
                .putHeader("amz-sdk-request", "attempt=1; max=4")
                .build();
        Map<String, List<String>> signed = AwsV4HttpSigner.create().sign(r -> r
                        .identity(AwsSessionCredentialsIdentity.create(KEY, SECRET, "FwoGZXIvYXdzEFAKE//////////SESSIONTOKEN+tenant42=="))
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromUtf8String(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true))
                .request().headers();
        Map<String, List<String>> lower = new LinkedHashMap<>();
        signed.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), values));
        request = new SignedRequestView("POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke", "", lower,
                BODY.getBytes(StandardCharsets.UTF_8));
        verifier = new SigV4Verifier(Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5), true);
        verify(); // fail fast if the request does not verify
    }

    @Benchmark
    public VerifiedSignature verify() {
        return verifier.verify(request, key -> KEY.equals(key) ? SECRET : null);
    }
}
