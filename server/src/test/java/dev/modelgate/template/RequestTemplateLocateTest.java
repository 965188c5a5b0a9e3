package dev.modelgate.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.template.TemplateLocation.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RequestTemplate#locate}: from a JSON pointer into a rendered body back to the template's line and column. */
class RequestTemplateLocateTest {

    private static final RequestTemplate CLAUDE = RequestTemplate.compile("""
            {
              "anthropic_version": "bedrock-2023-05-31",
              "max_tokens": {{max_tokens}},
              "system": "Be {{tone}} and {{style}}.",
              "messages": [
                {"role": "user", "content": [{"type": "text", "text": "{{prompt}}"}]},
                {"role": "assistant", "content": {{history}}}
              ]
            }""", List.of(PromptVariable.required("max_tokens", VariableType.INTEGER),
            PromptVariable.required("tone", VariableType.STRING), PromptVariable.required("style", VariableType.STRING),
            PromptVariable.required("prompt", VariableType.STRING), PromptVariable.required("history", VariableType.JSON)));

    private static TemplateLocation locate(String pointer) {
        return CLAUDE.locate(pointer).orElseThrow();
    }

    @Test
    void locate_standalonePlaceholder_isThatVariableAtItsPropertyName() {
        assertThat(locate("/max_tokens"))
                .isEqualTo(new TemplateLocation("/max_tokens", 3, 3, Kind.PLACEHOLDER, List.of("max_tokens"), ""));
    }

    @Test
    void locate_stringWithPlaceholders_namesEveryVariableInsideIt() {
        assertThat(locate("/system"))
                .isEqualTo(new TemplateLocation("/system", 4, 3, Kind.STRING, List.of("tone", "style"), ""));
    }

    @Test
    void locate_arrayElementsAndNestedMembers_areFollowed() {
        assertThat(locate("/messages/0/content/0/text"))
                .isEqualTo(new TemplateLocation("/messages/0/content/0/text", 6, 51, Kind.STRING, List.of("prompt"), ""));
        assertThat(locate("/messages/0"))
                .isEqualTo(new TemplateLocation("/messages/0", 6, 5, Kind.OBJECT, List.of("prompt"), ""));
    }

    @Test
    void locate_insideAVariablesValue_stopsAtItsPlaceholder_withTheRestUnresolved() {
        assertThat(locate("/messages/1/content/0/text")).isEqualTo(
                new TemplateLocation("/messages/1/content", 7, 27, Kind.PLACEHOLDER, List.of("history"), "/0/text"));
    }

    @Test
    void locate_memberTheTemplateDoesNotWrite_isItsObjectWithTheRestUnresolved() {
        assertThat(locate("/temperature"))
                .isEqualTo(new TemplateLocation("", 1, 1, Kind.OBJECT,
                        List.of("max_tokens", "tone", "style", "prompt", "history"), "/temperature"));
        assertThat(locate("/messages/7")).satisfies(location -> {
            assertThat(location.pointer()).isEqualTo("/messages");
            assertThat(location.kind()).isEqualTo(Kind.ARRAY);
            assertThat(location.unresolved()).isEqualTo("/7");
            assertThat(location.exact()).isFalse();
        });
    }

    @Test
    void locate_literalScalar_isLiteral() {
        assertThat(locate("/anthropic_version"))
                .isEqualTo(new TemplateLocation("/anthropic_version", 2, 3, Kind.STRING, List.of(), ""));
        assertThat(locate("/messages/0/role").kind()).isEqualTo(Kind.STRING);
    }

    @Test
    void locate_escapedPointerSteps_areUnescaped() {
        RequestTemplate template = RequestTemplate.compile("{\"a/b\": {\"c~d\": 1}}", List.of());

        assertThat(template.locate("/a~1b/c~0d").orElseThrow())
                .isEqualTo(new TemplateLocation("/a~1b/c~0d", 1, 10, Kind.LITERAL, List.of(), ""));
    }

    @Test
    void locate_wholeBodyPlaceholder_isThatVariable() {
        RequestTemplate template = RequestTemplate.compile("{{body}}", List.of(PromptVariable.required("body", VariableType.JSON)));

        assertThat(template.locate("/messages/0").orElseThrow())
                .isEqualTo(new TemplateLocation("", 1, 1, Kind.PLACEHOLDER, List.of("body"), "/messages/0"));
    }

    @Test
    void locate_pointerWithoutLeadingSlash_isRefused() {
        assertThatThrownBy(() -> CLAUDE.locate("messages"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a JSON pointer is empty or starts with '/', got \"messages\"");
    }
}
