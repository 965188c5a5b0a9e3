package dev.modelgate.emulator.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.http.Reply;
import org.junit.jupiter.api.Test;

class StsXmlTest {

    @Test
    void escape_replacesMarkupCharacters_andLeavesQuotesAsStsDoes() {
        assertThat(StsXml.escape("<a href=\"x\">Tom & Jerry's</a>"))
                .isEqualTo("&lt;a href=\"x\"&gt;Tom &amp; Jerry's&lt;/a&gt;");
    }

    @Test
    void escape_replacesCharactersXmlCannotCarry_andKeepsOthers() {
        assertThat(StsXml.escape("a\u0000b\u0001c\uFFFEd")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
        assertThat(StsXml.escape("tab\tline\nemoji😀é")).isEqualTo("tab\tline\nemoji😀é");
        assertThat(StsXml.escape("cr\r")).isEqualTo("cr&#13;");
    }

    @Test
    void errorWithControlCharactersInItsMessage_staysWellFormed() {
        Reply reply = StsService.error(400, "Sender", "ValidationError", "Value 'a\u0001b' is bad\r\n", "req-0001");

        assertThat(StsFixture.text(StsFixture.xml(reply), "Error", "Message")).isEqualTo("Value 'a\uFFFDb' is bad\r\n");
    }
}
