package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The answer cap when no length is declared (chunked answers): reading stops one byte past the cap. */
class BoundedInputStreamTest {

    @Test
    void read_upToTheCap_passesEverything() throws IOException {
        InputStream in = new BedrockClients.BoundedInputStream(new ByteArrayInputStream(new byte[64]), 64, 64);

        assertThat(in.readAllBytes()).hasSize(64);
    }

    @Test
    void read_pastTheCap_failsAfterReadingAtMostOneByteMore() {
        ByteArrayInputStream source = new ByteArrayInputStream(new byte[10_000]);
        InputStream in = new BedrockClients.BoundedInputStream(source, 64, 64);

        assertThatThrownBy(in::readAllBytes).isInstanceOf(BedrockClients.ResponseTooLargeException.class)
                .hasMessage("the answer is larger than the cap of 64 bytes");
        assertThat(10_000 - source.available()).isEqualTo(65);
    }

    @Test
    void read_declaredTooLarge_failsBeforeReading() {
        ByteArrayInputStream source = new ByteArrayInputStream(new byte[100]);
        InputStream in = new BedrockClients.BoundedInputStream(source, -1, 64);

        assertThatThrownBy(in::read).isInstanceOf(BedrockClients.ResponseTooLargeException.class);
        assertThat(source.available()).isEqualTo(100);
    }
}
