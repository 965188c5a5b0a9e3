package dev.modelgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RoleSessionNamesTest {

    /** STS's {@code roleSessionNameType}. */
    private static final Pattern STS_SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    @Test
    void forWorkspace_uuid_isPrefixedAndKeptAsItIs() {
        assertThat(RoleSessionNames.forWorkspace("7f8e4a52-9c1b-4d3e-8a6f-0b2c1d3e4f5a"))
                .isEqualTo("modelgate-7f8e4a52-9c1b-4d3e-8a6f-0b2c1d3e4f5a");
    }

    @Test
    void forWorkspace_everyCharacterStsAllows_isKept() {
        assertThat(RoleSessionNames.forWorkspace("Team_A+B=C,d.e@f-1")).isEqualTo("modelgate-Team_A+B=C,d.e@f-1");
    }

    @Test
    void forWorkspace_charactersStsRefuses_becomeDashes_andAHashKeepsIdsApart() {
        String slash = RoleSessionNames.forWorkspace("acme/prod");
        String colon = RoleSessionNames.forWorkspace("acme:prod");

        assertThat(slash).startsWith("modelgate-acme-prod-").matches(STS_SESSION_NAME).hasSize(28);
        assertThat(colon).startsWith("modelgate-acme-prod-").matches(STS_SESSION_NAME).isNotEqualTo(slash);
        assertThat(RoleSessionNames.forWorkspace("acme/prod")).isEqualTo(slash);
    }

    @Test
    void forWorkspace_nonAsciiAndWhitespace_becomeDashes() {
        assertThat(RoleSessionNames.forWorkspace("café équipe")).startsWith("modelgate-caf---quipe-")
                .matches(STS_SESSION_NAME);
    }

    @Test
    void forWorkspace_longId_isCutTo64WithAHash_deterministically() {
        String a = "w".repeat(100) + "a";
        String b = "w".repeat(100) + "b";

        assertThat(RoleSessionNames.forWorkspace(a)).hasSize(64).matches(STS_SESSION_NAME)
                .startsWith("modelgate-www").isEqualTo(RoleSessionNames.forWorkspace(a))
                .isNotEqualTo(RoleSessionNames.forWorkspace(b));
    }

    @Test
    void forWorkspace_idThatJustFits_isNotHashed() {
        String id = "x".repeat(RoleSessionNames.MAX_LENGTH - RoleSessionNames.PREFIX.length());

        assertThat(RoleSessionNames.forWorkspace(id)).isEqualTo("modelgate-" + id).hasSize(64);
        assertThat(RoleSessionNames.forWorkspace(id + "x")).hasSize(64).doesNotEndWith("xxxxxxxx");
    }

    @Test
    void forWorkspace_blank_isRefused() {
        for (String blank : List.of("", "  ")) {
            assertThatThrownBy(() -> RoleSessionNames.forWorkspace(blank))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("workspace id must not be blank, got \"" + blank + "\"");
        }
        assertThatThrownBy(() -> RoleSessionNames.forWorkspace(null))
                .hasMessage("workspace id must not be blank, got null");
    }
}
