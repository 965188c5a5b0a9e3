package dev.modelgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.model.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The shipped price table: every entry checked, every model of the emulator's catalog priced or listed unpriced. */
class ShippedPricesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ShippedPrices SHIPPED = ShippedPrices.load(JSON);

    @Test
    void everyEntry_hasAPlausiblePrice_anHttpsSource_andADate() {
        assertThat(SHIPPED.entries()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.source().getScheme()).isEqualTo("https");
            assertThat(e.asOf()).isBetween(java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2026, 12, 31));
            assertThat(e.price().input()).as(e.modelId()).isPositive().isLessThan(BigDecimal.valueOf(100));
            assertThat(e.price().output()).as(e.modelId()).isGreaterThanOrEqualTo(e.price().input());
            if (e.price().cacheRead() != null) {
                assertThat(e.price().cacheRead()).as(e.modelId()).isLessThan(e.price().input());
            }
            assertThat(e.price().ref()).isEqualTo("shipped " + e.asOf()
                    + (e.serviceTier() == RequestOptions.ServiceTier.DEFAULT ? "" : " " + e.serviceTier().wire()));
        });
    }

    /**
     * Each base model of the emulator's catalog has a shipped price, or is named in the README's list of the models
     * shipped without one (no figure could be sourced).
     */
    @Test
    void everyCatalogModel_isPriced_orListedUnpricedInTheReadme() throws IOException {
        String catalog;
        try (InputStream in = getClass().getResourceAsStream("/dev/modelgate/emulator/bedrock/catalog.yaml")) {
            assertThat(in).as("the emulator's catalog on the test classpath").isNotNull();
            catalog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String readme = Files.readString(Path.of("..", "README.md"));
        String unpricedSection = readme.substring(readme.indexOf("Shipped without a price:"));
        unpricedSection = unpricedSection.substring(0, unpricedSection.indexOf("\n\n"));
        List<String> missing = new ArrayList<>();
        Matcher models = Pattern.compile("(?m)^  - modelId: (\\S+)$").matcher(catalog);
        int count = 0;
        while (models.find()) {
            count++;
            String id = models.group(1);
            if (SHIPPED.find(id, "us-east-1").isEmpty() && !unpricedSection.contains("`" + id + "`")) {
                missing.add(id);
            }
        }
        assertThat(count).isGreaterThan(10);
        assertThat(missing).as("models neither priced nor listed unpriced").isEmpty();
    }

    @Test
    void aRegionsOwnPrice_winsOverTheOneForEveryRegion() {
        ObjectNode table = table();
        table.withArray("prices").add(entry("amazon.nova-micro-v1:0", "eu-west-3").put("input", "0.046"));

        ShippedPrices prices = ShippedPrices.parse(table);

        assertThat(prices.find("amazon.nova-micro-v1:0", "eu-west-3").orElseThrow().price().input())
                .isEqualByComparingTo("0.046");
        assertThat(prices.find("amazon.nova-micro-v1:0", "us-east-1").orElseThrow().price().input())
                .isEqualByComparingTo("0.035");
        assertThat(prices.find("amazon.nova-lite-v1:0", "us-east-1")).isEmpty();
        assertThat(prices.tierFactor(RequestOptions.ServiceTier.FLEX)).contains(new BigDecimal("0.5"));
        assertThat(prices.tierFactor(RequestOptions.ServiceTier.PRIORITY)).isEmpty();
        assertThat(prices.tierFactor(RequestOptions.ServiceTier.DEFAULT)).contains(BigDecimal.ONE);
        assertThat(prices.tierFactor(null)).contains(BigDecimal.ONE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "modelId|Anthropic Claude|prices[0]: modelId must be a base model ID, got \"Anthropic Claude\"",
            "region|Virginia|prices[0] (amazon.nova-micro-v1:0): region must be \"*\" or a Region such as us-east-1, got \"Virginia\"",
            "input|-0.1|prices[0] (amazon.nova-micro-v1:0): input must be 0 to 1000000 USD, got -0.1",
            "output|0.1234567|prices[0] (amazon.nova-micro-v1:0): output must have at most 6 decimals, got 0.1234567",
            "cacheRead|cheap|prices[0] (amazon.nova-micro-v1:0): cacheRead must be a decimal such as \"0.25\", got \"cheap\"",
            "source|http://example.com/prices|prices[0] (amazon.nova-micro-v1:0): source must be an https URL, got \"http://example.com/prices\"",
            "asOf|yesterday|prices[0] (amazon.nova-micro-v1:0): asOf must be a date like 2026-12-08, got \"yesterday\"",
            "serviceTier|default|prices[0] (amazon.nova-micro-v1:0): serviceTier must be \"priority\" or \"flex\" (absent: the standard price), got \"default\"",
            "surprise|1|prices[0]: unknown field \"surprise\""})
    void aBadEntry_failsTheStart_namingTheEntryAndTheRule(String field, String value, String message) {
        ObjectNode table = table();
        ((ObjectNode) table.withArray("prices").get(0)).put(field, value);

        assertThatThrownBy(() -> ShippedPrices.parse(table)).isInstanceOf(IllegalStateException.class)
                .hasMessage("price table " + ShippedPrices.RESOURCE + ", " + message);
    }

    @Test
    void aSecondPriceOfTheSameModelAndRegion_isRefused_asIsANumberForAPrice() {
        ObjectNode twice = table();
        twice.withArray("prices").add(entry("amazon.nova-micro-v1:0", "*"));
        assertThatThrownBy(() -> ShippedPrices.parse(twice)).hasMessage("price table " + ShippedPrices.RESOURCE
                + ", prices[1] (amazon.nova-micro-v1:0): a second price for amazon.nova-micro-v1:0 in region *");

        ObjectNode number = table();
        ((ObjectNode) number.withArray("prices").get(0)).put("input", 0.035);
        assertThatThrownBy(() -> ShippedPrices.parse(number)).hasMessage("price table " + ShippedPrices.RESOURCE
                + ", prices[0] (amazon.nova-micro-v1:0): input must be a decimal string such as \"0.25\" (exact, "
                + "unlike a JSON number)");

        ObjectNode badTier = table();
        badTier.withObject("serviceTiers").putObject("TURBO").put("factor", "2").put("source", "https://x.example");
        assertThatThrownBy(() -> ShippedPrices.parse(badTier)).hasMessage("price table " + ShippedPrices.RESOURCE
                + ", serviceTiers.TURBO: not a service tier (FLEX, PRIORITY)");
    }

    @Test
    void aTiersOwnPrice_isFoundForThatTierOnly_andASecondOneIsRefused() {
        ObjectNode tiered = table();
        tiered.withArray("prices").add(entry("amazon.nova-micro-v1:0", "*").put("serviceTier", "priority")
                .put("input", "0.06"));

        ShippedPrices prices = ShippedPrices.parse(tiered);

        assertThat(prices.find("amazon.nova-micro-v1:0", "us-east-1", RequestOptions.ServiceTier.PRIORITY)
                .orElseThrow().price()).extracting(Price::input, Price::ref)
                .containsExactly(new BigDecimal("0.06"), "shipped 2026-12-08 priority");
        assertThat(prices.find("amazon.nova-micro-v1:0", "us-east-1").orElseThrow().price().input())
                .isEqualByComparingTo("0.035");
        assertThat(prices.find("amazon.nova-micro-v1:0", "us-east-1", RequestOptions.ServiceTier.FLEX)).isEmpty();

        tiered.withArray("prices").add(entry("amazon.nova-micro-v1:0", "*").put("serviceTier", "priority"));
        assertThatThrownBy(() -> ShippedPrices.parse(tiered)).hasMessage("price table " + ShippedPrices.RESOURCE
                + ", prices[2] (amazon.nova-micro-v1:0): a second price for amazon.nova-micro-v1:0 in region * for "
                + "the priority tier");
    }

    private static ObjectNode table() {
        ObjectNode table = JSON.createObjectNode();
        table.putObject("serviceTiers").putObject("FLEX").put("factor", "0.5").put("source", "https://x.example");
        table.putArray("prices").add(entry("amazon.nova-micro-v1:0", "*"));
        return table;
    }

    private static ObjectNode entry(String modelId, String region) {
        return JSON.createObjectNode().put("modelId", modelId).put("region", region).put("input", "0.035")
                .put("output", "0.14").put("source", "https://example.com/prices").put("asOf", "2026-12-08");
    }
}
