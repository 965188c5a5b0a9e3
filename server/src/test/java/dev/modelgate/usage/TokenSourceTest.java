package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenSourceTest {

    @Test
    void of_nothingKnown_isNone() {
        assertThat(TokenSource.of(false, false, false, false)).isEqualTo(TokenSource.NONE);
    }

    @Test
    void of_everyKnownCountMapped_isMapping() {
        assertThat(TokenSource.of(true, true, true, true)).isEqualTo(TokenSource.MAPPING);
        assertThat(TokenSource.of(true, true, false, false)).isEqualTo(TokenSource.MAPPING);
    }

    @Test
    void of_anyCountFromTheHeaders_isHeaders() {
        assertThat(TokenSource.of(true, true, true, false)).isEqualTo(TokenSource.HEADERS);
        assertThat(TokenSource.of(true, false, false, false)).isEqualTo(TokenSource.HEADERS);
    }
}
