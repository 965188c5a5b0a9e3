package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What no SDK sends: garbage in every place a request can carry it. Each gets an answer in its service's error shape
 * — STS's XML {@code ErrorResponse}, Bedrock's JSON {@code {"message"}} with {@code x-amzn-ErrorType} — never a
 * stack trace, an HTML page or a hang, and the emulator keeps answering afterwards.
 */
class MalformedRequestIT {

    private static final String BEDROCK_TYPE = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private final RawHttp raw = new RawHttp(aws.endpoint());

    @Test
    void formBody_withABrokenPercentEscape_isMalformedQueryString() {
        RawHttp.Response response = sts("Action=GetCallerIdentity&Version=2011-06-15&%zz=1");

        assertStsError(response, 404, "MalformedQueryString", "The query string contains a syntax error.");
        assertThat(aws.emulator().journal().last().operation()).isNull();
    }

    @Test
    void formBody_ofSeparatorsOnly_isMissingAction() {
        assertStsError(sts("&&&"), 400, "MissingAction", "Missing Action");
    }

    @Test
    void formBody_withANameAndNoEqualsSign_isAnInvalidAction() {
        assertStsError(sts("Action"), 400, "InvalidAction",
                "Could not find operation  for version NO_VERSION_SPECIFIED");
    }

    @Test
    void formBody_withAnUnknownAction_isInvalidActionInTheAwsFaultNamespace() {
        RawHttp.Response response = sts("Action=DeleteEverything&Version=2011-06-15");

        assertStsError(response, 400, "InvalidAction", "Could not find operation DeleteEverything for version 2011-06-15");
        assertThat(response.body()).startsWith("<ErrorResponse xmlns=\"http://webservices.amazon.com/AWSFault/2005-15-09\">");
    }

    @Test
    void formBody_withoutVersion_isInvalidAction() {
        assertStsError(sts("Action=GetCallerIdentity"), 400, "InvalidAction",
                "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED");
    }

    @Test
    void formBody_withAnotherVersion_isInvalidAction() {
        assertStsError(sts("Action=GetCallerIdentity&Version=2010-01-01"), 400, "InvalidAction",
                "Could not find operation GetCallerIdentity for version 2010-01-01");
    }

    @Test
    void formBody_withBytesThatAreNotUtf8_isAnsweredInXml() {
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15&Junk=".getBytes(StandardCharsets.US_ASCII);
        byte[] withGarbage = Arrays.copyOf(body, body.length + 2);
        withGarbage[body.length] = (byte) 0xFF;
        withGarbage[body.length + 1] = (byte) 0xFE;

        RawHttp.Response response = raw.send(RawHttp.Signed.sts(PLATFORM, "").withBody(RawHttp.FORM, withGarbage));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("<Arn>arn:aws:iam::111111111111:user/modelgate-platform</Arn>");
    }

    @Test
    void actionInTheBodyWithBytesThatAreNotUtf8_isInvalidAction() {
        byte[] withGarbage = "Action=\u00ff&Version=2011-06-15".getBytes(StandardCharsets.ISO_8859_1);

        RawHttp.Response response = raw.send(RawHttp.Signed.sts(PLATFORM, "").withBody(RawHttp.FORM, withGarbage));

        assertStsError(response, 400, "InvalidAction", "Could not find operation \uFFFD for version 2011-06-15");
    }

    @Test
    void bodyThatIsNotAForm_isIgnoredLikeStsIgnoresIt() {
        RawHttp.Response response = raw.send(RawHttp.Signed.sts(PLATFORM, "")
                .withBody("application/json", "{\"Action\":\"GetCallerIdentity\"}".getBytes(StandardCharsets.UTF_8)));

        assertStsError(response, 400, "MissingAction", "Missing Action");
    }

    @Test
    void queryStringGet_assumesARoleLikeTheFormBody() {
        RawHttp.Response response = raw.send(new RawHttp.Signed("GET", "/?Action=AssumeRole&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FModelgateBedrockAccess&RoleSessionName=by-query"
                + "&ExternalId=mg-demo-workspace-external-id&DurationSeconds=900",
                Map.of(), new byte[0], "sts", "us-east-1", PLATFORM, java.time.Clock.systemUTC()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("text/xml");
        assertThat(response.body()).startsWith("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                .contains("<Arn>arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/by-query</Arn>");
        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.method()).isEqualTo("GET");
        assertThat(recorded.operation()).isEqualTo("AssumeRole");
    }

    @Test
    void formBodyWithoutCharset_isReadAsWell() {
        RawHttp.Response response = raw.send(RawHttp.Signed.sts(PLATFORM, "").withBody(
                "application/x-www-form-urlencoded", "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void oversizedStsBody_isRequestEntityTooLarge_andTheEmulatorKeepsAnswering() {
        RawHttp.Response response = raw.send(raw.request("/")
                .header("Content-Type", RawHttp.FORM)
                .POST(zeros(25_000_001))
                .build());

        assertStsError(response, 413, "RequestEntityTooLarge", "Request body too large");
        assertThat(raw.send(RawHttp.Signed.sts(PLATFORM, "Action=GetCallerIdentity&Version=2011-06-15")).status())
                .isEqualTo(200);
    }

    @Test
    void oversizedBedrockBody_isAValidationException_andTheEmulatorKeepsAnswering() {
        RawHttp.Response response = raw.send(raw.request("/model/amazon.nova-micro-v1:0/invoke")
                .header("Content-Type", "application/json")
                .POST(zeros(25_000_001))
                .build());

        assertBedrockError(response, 400, "ValidationException", "1 validation error detected: Value at 'body' failed "
                + "to satisfy constraint: Member must have length less than or equal to 25000000");
        assertThat(raw.send(RawHttp.Signed.bedrock(TENANT_ADMIN, "GET", "/foundation-models")).status()).isEqualTo(200);
    }

    @Test
    void unknownPath_isUnknownOperationException() {
        RawHttp.Response response = raw.send(raw.request("/no/such/operation").GET().build());

        assertBedrockError(response, 404, "UnknownOperationException", "No operation matches GET /no/such/operation");
        assertThat(aws.emulator().journal().last().service()).isEqualTo("unknown");
    }

    @Test
    void wrongMethodOnARuntimePath_isUnknownOperationException() {
        RawHttp.Response response = raw.send(raw.request("/model/amazon.nova-micro-v1:0/invoke").GET().build());

        assertBedrockError(response, 404, "UnknownOperationException",
                "No operation matches GET /model/amazon.nova-micro-v1:0/invoke");
    }

    @Test
    void wrongMethodOnAControlPlanePath_isUnknownOperationException() {
        RawHttp.Response response = raw.send(raw.request("/foundation-models").DELETE().build());

        assertBedrockError(response, 404, "UnknownOperationException", "No operation matches DELETE /foundation-models");
    }

    @Test
    void pathWithABrokenPercentEscape_isRefusedByTheHttpLayerInJson() throws IOException {
        String response = rawExchange("POST /model/%zz/invoke HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n{}");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Content-Type: application/json")
                .endsWith("{\"message\":\"Malformed HTTP request\"}");
        assertThat(aws.emulator().journal().all()).isEmpty();
    }

    @Test
    void bodyOnAGet_isIgnored() {
        RawHttp.Response response = raw.send(RawHttp.Signed.bedrock(TENANT_ADMIN, "GET", "/foundation-models")
                .withBody("application/json", "{\"byProvider\":\"nobody\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"modelSummaries\"");
    }

    @Test
    void somethingThatIsNotHttp_isAJson400() throws IOException {
        String response = rawExchange("\u0016\u0003\u0001 not http at all\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .endsWith("{\"message\":\"Malformed HTTP request\"}");
        assertThat(raw.send(raw.request("/_emulator/clock").GET().build()).status()).isEqualTo(200);
    }

    private RawHttp.Response sts(String formBody) {
        return raw.send(RawHttp.Signed.sts(PLATFORM, formBody));
    }

    private static HttpRequest.BodyPublisher zeros(long length) {
        return HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(length)), length);
    }

    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket(aws.endpoint().getHost(), aws.endpoint().getPort())) {
            socket.setSoTimeout((int) RawHttp.TIMEOUT.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertStsError(RawHttp.Response response, int status, String code, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).isEqualTo("text/xml");
        assertThat(response.body()).startsWith("<ErrorResponse xmlns=\"")
                .contains("<Type>Sender</Type>", "<Code>" + code + "</Code>", "<Message>" + message + "</Message>",
                        "<RequestId>" + response.header("x-amzn-RequestId") + "</RequestId>")
                .doesNotContain("Exception\n\tat ", "<html");
    }

    private static void assertBedrockError(RawHttp.Response response, int status, String type, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo(type + BEDROCK_TYPE);
        assertThat(response.body()).isEqualTo("{\"message\":\"" + message + "\"}");
    }

    /** {@code length} zero bytes, produced as they are read. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            Arrays.fill(buffer, offset, offset + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
