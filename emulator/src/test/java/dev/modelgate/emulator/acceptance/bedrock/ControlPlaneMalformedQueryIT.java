package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A control-plane query string that cannot be decoded is a 400 ValidationException, never a 500 — reachable in the
 * fast mode, where the signature (which could never match such a query) is not checked. Sent over a raw socket:
 * {@code java.net.URI} refuses to build such a request at all.
 */
class ControlPlaneMalformedQueryIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld().withoutSignatureVerification();

    @Test
    void listFoundationModels_withABrokenPercentEscape_isAValidationException() throws Exception {
        String request = "GET /foundation-models?byProvider=%zz HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIATENANTADMIN00001/20261124/us-east-1/bedrock/aws4_request,"
                + " SignedHeaders=host, Signature=0\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", aws.emulator().port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400 ");
            assertThat(response).containsIgnoringCase("x-amzn-ErrorType: ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
            assertThat(response).endsWith("{\"message\":\"The query string contains a syntax error.\"}");
        }
    }
}
