package dev.modelgate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.SdkAutoCloseable;

class SdkClientCacheTest {

    private static final class Client implements SdkAutoCloseable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void get_buildsOncePerKey_andCloseClosesEveryClient() {
        AtomicInteger builds = new AtomicInteger();
        List<Client> built = new ArrayList<>();
        SdkClientCache<String, Client> cache = new SdkClientCache<>("Clients", key -> {
            builds.incrementAndGet();
            Client client = new Client();
            built.add(client);
            return client;
        });

        Client first = cache.get("us-east-1");

        assertThat(cache.get("us-east-1")).isSameAs(first);
        assertThat(cache.get("eu-west-1")).isNotSameAs(first);
        assertThat(builds).hasValue(2);
        cache.close();
        assertThat(built).allSatisfy(client -> assertThat(client.closed).isTrue());
        assertThatThrownBy(() -> cache.get("us-east-1")).isInstanceOf(IllegalStateException.class)
                .hasMessage("Clients is closed");
    }

    @Test
    void endpointOverride_acceptsOnlySchemeHostAndPort() {
        assertThat(EndpointOverride.check(URI.create("http://127.0.0.1:4566"), "Bedrock")).hasPort(4566);
        assertThat(EndpointOverride.check(URI.create("https://emulator.local/"), "STS")).hasHost("emulator.local");
        for (String bad : List.of("ftp://h", "http://h/path", "http://h?x=1", "http://u:p@h", "http://h#f", "h:4566")) {
            assertThatThrownBy(() -> EndpointOverride.check(URI.create(bad), "Bedrock"))
                    .as(bad).hasMessage("Bedrock endpoint override must be http(s)://host[:port], got \"" + bad + "\"");
        }
    }
}
