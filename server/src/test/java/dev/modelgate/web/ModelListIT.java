package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /api/v1/models}: pages of summaries, most recently updated first, and paging out of range. */
class ModelListIT extends ApiTestBase {

    @Test
    void list_ofAnEmptyWorkspace_isAnEmptyFirstPage() {
        api.get(MODELS).assertJson(200, Api.parse("""
                {"items": [], "page": 0, "size": 20, "totalItems": 0, "totalPages": 0}"""));
    }

    @Test
    void list_answersSummaries_mostRecentlyUpdatedFirst() {
        JsonNode a = create(Drafts.valid("a"));
        JsonNode b = create(Drafts.valid("b"));
        JsonNode c = create(Drafts.valid("c"));
        api.put(path(a), Drafts.valid("a").put("description", "changed"), "If-Match", "\"1\"");

        JsonNode page = api.get(MODELS).json();

        assertThat(names(page)).containsExactly("a", "c", "b");
        JsonNode updatedA = api.get(path(a)).json();
        ObjectNode summary = Api.JSON.createObjectNode()
                .put("id", a.get("id").stringValue()).put("name", "a").put("provider", "AMAZON_BEDROCK")
                .put("modelReference", Drafts.PROFILE).put("region", "us-east-1").put("status", "DRAFT")
                .put("inferenceEnabled", true).put("revision", 2)
                .put("updatedAt", updatedA.get("updatedAt").stringValue()).put("api", "INVOKE_MODEL")
                .putNull("liveRevision").put("draftRevision", 2);
        assertThat(Api.canonical(page.get("items").get(0))).isEqualTo(Api.canonical(summary));
        assertThat(page.get("items").get(1).get("id")).isEqualTo(c.get("id"));
        assertThat(page.get("items").get(2).get("id")).isEqualTo(b.get("id"));
    }

    @Test
    void list_inferenceToggle_countsAsAnUpdate() {
        JsonNode a = create(Drafts.valid("a"));
        create(Drafts.valid("b"));

        api.put(path(a) + "/inference", "{\"enabled\": false}");

        assertThat(names(api.get(MODELS).json())).containsExactly("a", "b");
    }

    @Test
    void list_pages_splitTheModelsAndCountThem() {
        for (String name : List.of("m1", "m2", "m3", "m4", "m5")) {
            create(Drafts.valid(name));
        }

        JsonNode first = api.get(MODELS + "?page=0&size=2").json();
        JsonNode second = api.get(MODELS + "?page=1&size=2").json();
        JsonNode last = api.get(MODELS + "?page=2&size=2").json();
        JsonNode beyond = api.get(MODELS + "?page=3&size=2").json();

        assertThat(names(first)).containsExactly("m5", "m4");
        assertThat(names(second)).containsExactly("m3", "m2");
        assertThat(names(last)).containsExactly("m1");
        assertThat(names(beyond)).isEmpty();
        for (JsonNode page : List.of(first, second, last, beyond)) {
            assertThat(page.get("size").intValue()).isEqualTo(2);
            assertThat(page.get("totalItems").intValue()).isEqualTo(5);
            assertThat(page.get("totalPages").intValue()).isEqualTo(3);
        }
        assertThat(beyond.get("page").intValue()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            page=-1     | page | page must be between 0 and 100000, got -1
            page=100001 | page | page must be between 0 and 100000, got 100001
            size=0      | size | size must be between 1 and 100, got 0
            size=101    | size | size must be between 1 and 100, got 101
            size=-5     | size | size must be between 1 and 100, got -5
            page=99999999999 | page | page must be between 0 and 100000, got 99999999999
            """)
    void list_pagingOutOfRange_is422NamingTheParameter(String query, String field, String message) {
        api.get(MODELS + "?" + query).assertProblem(invalid(MODELS, violation(field, "out-of-range", message)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            page=abc         | page | parameter "page" must be an integer, got "abc"
            size=1.5         | size | parameter "size" must be an integer, got "1.5"
            """)
    void list_pagingNotAnInteger_is400NamingTheParameterAndValue(String query, String field, String message) {
        ObjectNode expected = Api.problem(400, "invalid-parameter", "Invalid parameter", message, MODELS)
                .set("violations", Api.array(violation(field, "invalid-parameter", message)));

        api.get(MODELS + "?" + query).assertProblem(expected);
    }

    private static List<String> names(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(item -> item.get("name").stringValue()).toList();
    }
}
