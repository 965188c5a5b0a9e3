package dev.modelgate.web;

import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.pricing.Pricing;
import dev.modelgate.usage.PricingMode;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageTables;
import dev.modelgate.workspace.Workspace;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What calls cost, against the emulator: a call priced from the shipped table (tokens × price, exactly), from a
 * platform and a workspace override (the workspace's wins, another workspace keeps the platform's), a past call
 * keeping its cost when the price changes, an application inference profile priced as its base model, a Provisioned
 * Throughput marked PROVISIONED, and the flex and priority tiers: each priced at its own price where an operator set
 * one (the workspace's before the platform's), else flex at half the standard price and priority unpriced.
 */
class PricingIT extends TestRunApiTestBase {

    private static final String PRICES = "/api/v1/operator/prices";
    private static final String APPLICATION_PROFILE =
            "arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb";
    private static final String PROVISIONED = "arn:aws:bedrock:us-east-1:222222222222:provisioned-model/p3v8n2d6s4qa";
    private static final String NOVA_PRO = "amazon.nova-pro-v1:0";

    @Autowired
    ExternalModels models;

    @Autowired
    Pricing pricing;

    private Api operator;
    private String operatorName;

    @BeforeEach
    void noUsageNorOverrides() {
        UsageTables.deleteAll(jdbc);
        jdbc.sql("DELETE FROM price_overrides").update();
        pricing.prices().forgetAll();
        operatorName = "pricing-operator-" + UUID.randomUUID().toString().substring(0, 8);
        operator = signedIn(operatorName, Role.OPERATOR, null);
    }

    @Test
    void invoke_costsItsTokensTimesTheShippedPrice_exactly() {
        ready(claude("haiku", "ModelgateBedrockAccess"));

        Map<String, Object> call = invokeAndRecord("haiku");

        long in = (Long) call.get("INPUT_TOKENS");
        long out = (Long) call.get("OUTPUT_TOKENS");
        assertThat(in).isPositive();
        // Claude 3 Haiku: USD 0.25 and 1.25 per 1M tokens = 250 and 1,250 nano-USD per 1,000 tokens.
        assertThat(call).containsEntry("PRICING", "ON_DEMAND").containsEntry("PRICE_REF", "shipped 2026-12-08")
                .containsEntry("COST_NANOS", in * 250 + out * 1250);
    }

    @Test
    void overrides_theWorkspacesWinsOverThePlatforms_anotherWorkspaceKeepsThePlatforms_andPastCallsKeepTheirCost() {
        ready(claude("haiku", "ModelgateBedrockAccess"));
        Map<String, Object> shipped = invokeAndRecord("haiku");

        JsonNode platform = setPrice(null, "1", "2");
        Map<String, Object> byPlatform = invokeAndRecord("haiku");
        JsonNode own = setPrice(workspace().id(), "3.5", "4");
        Map<String, Object> byWorkspace = invokeAndRecord("haiku");

        assertThat(byPlatform).containsEntry("PRICE_REF", "override " + platform.get("id").longValue())
                .containsEntry("COST_NANOS", tokens(byPlatform, "INPUT_TOKENS") * 1000
                        + tokens(byPlatform, "OUTPUT_TOKENS") * 2000);
        assertThat(byWorkspace).containsEntry("PRICE_REF", "override " + own.get("id").longValue())
                .containsEntry("COST_NANOS", tokens(byWorkspace, "INPUT_TOKENS") * 3500
                        + tokens(byWorkspace, "OUTPUT_TOKENS") * 4000);
        // Calls made before keep the cost they had.
        assertThat(record(shipped.get("ID"))).containsEntry("COST_NANOS", shipped.get("COST_NANOS"))
                .containsEntry("PRICE_REF", "shipped 2026-12-08");
        assertThat(record(byPlatform.get("ID"))).containsEntry("COST_NANOS", byPlatform.get("COST_NANOS"));

        // Another workspace's call is priced at the platform's override, and it sees no other workspace's price.
        Workspace other = new Workspace(UUID.randomUUID().toString(), "pricing-other-" + UUID.randomUUID(),
                dev.modelgate.connection.ExternalId.generate(new java.security.SecureRandom()).value(), Instant.now());
        workspaceRepository.insert(other);
        UsageRecord theirs = pricing.price(UsageRecord.create(other.id(), null, "theirs", UsageKind.INVOKE, "OK",
                1000L, 100L, TokenSource.HEADERS, 1, null, Instant.now()),
                new Pricing.Subject(PricingMode.ON_DEMAND, HAIKU, "us-east-1", null));
        assertThat(theirs.costNanos()).isEqualTo(1000 * 1000 + 100 * 2000);
        Api theirApi = api.withKey(key(other.id(), Role.DEVELOPER));
        assertThat(haikuPrice(theirApi)).isEqualTo(Map.of("input", "1", "output", "2", "level", "PLATFORM"));
        assertThat(haikuPrice(api)).isEqualTo(Map.of("input", "3.5", "output", "4", "level", "WORKSPACE"));

        // Removing the workspace's override brings the platform's back, for calls from then on.
        Api.Reply removed = operator.delete(PRICES + "?workspaceId=" + workspace().id() + "&modelId=" + HAIKU
                + "&region=*");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().get("removed").booleanValue()).isTrue();
        Map<String, Object> afterRemoval = invokeAndRecord("haiku");
        assertThat(afterRemoval).containsEntry("PRICE_REF", "override " + platform.get("id").longValue());
        assertThat(record(byWorkspace.get("ID"))).containsEntry("COST_NANOS", byWorkspace.get("COST_NANOS"));
        assertThat(operator.delete(PRICES + "?workspaceId=" + workspace().id() + "&modelId=" + HAIKU
                + "&region=*").status()).isEqualTo(404);
        // Each change audited, the workspace's own among its events, before and after.
        List<JsonNode> changes = api.get("/api/v1/audit?size=100&actor=" + operatorName).json().get("items")
                .valueStream()
                .filter(e -> e.get("resourceType").stringValue().equals("PRICE_OVERRIDE")).toList();
        assertThat(changes).extracting(e -> e.get("action").stringValue() + " " + e.get("details").get("before")
                        .path("input").asString("none") + " -> " + e.get("details").get("after").path("input")
                        .asString("none"))
                .containsExactly("SETTINGS_CHANGED 3.5 -> none", "SETTINGS_CHANGED none -> 3.5");
    }

    @Test
    void aPricePerRequest_isAddedToEachCall() {
        ready(claude("haiku", "ModelgateBedrockAccess"));
        Api.Reply set = operator.put(PRICES, Map.of("modelId", HAIKU, "region", "us-east-1", "input", "0",
                "output", "0", "perRequest", "0.04"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("perRequest").stringValue()).isEqualTo("0.04");

        Map<String, Object> call = invokeAndRecord("haiku");

        // The Region's own price wins over the shipped one for every Region: tokens free, USD 0.04 a call.
        assertThat(tokens(call, "OUTPUT_TOKENS")).isPositive();
        assertThat(call).containsEntry("COST_NANOS", 40_000_000L);
    }

    @Test
    void applicationInferenceProfile_isPricedAsItsBaseModel() {
        ready(claude("profiled", "ModelgateBedrockAccess").put("modelReference", APPLICATION_PROFILE));

        Map<String, Object> call = invokeAndRecord("profiled");

        assertThat(call).containsEntry("PRICING", "ON_DEMAND").containsEntry("PRICE_REF", "shipped 2026-12-08")
                .containsEntry("COST_NANOS", tokens(call, "INPUT_TOKENS") * 250 + tokens(call, "OUTPUT_TOKENS") * 1250);
    }

    @Test
    void provisionedThroughput_isMarkedProvisioned_withoutACostPerCall() {
        ready(preset("AMAZON_TITAN_TEXT", "titan-pt", "ModelgateBedrockAccess", "us-east-1", PROVISIONED));

        Map<String, Object> call = invokeAndRecord("titan-pt");

        assertThat(call).containsEntry("PRICING", "PROVISIONED").containsEntry("COST_NANOS", null)
                .containsEntry("PRICE_REF", null);
    }

    @Test
    void flexTier_costsHalf_andPriority_withoutAPriorityPrice_isUnpriced_evenWithAStandardOverride() {
        readyNova("nova-flex", "flex");
        readyNova("nova-priority", "priority");

        Map<String, Object> flexCall = invokeAndRecord("nova-flex");
        Map<String, Object> priorityCall = invokeAndRecord("nova-priority");
        JsonNode standardOverride = setPrice(null, NOVA_PRO, null, "1", "4");
        Map<String, Object> priorityOverStandard = invokeAndRecord("nova-priority");
        Map<String, Object> flexOverStandard = invokeAndRecord("nova-flex");

        // Nova Pro: USD 0.80 and 3.20 per 1M tokens, halved; a half nano-USD rounds to even.
        long full = tokens(flexCall, "INPUT_TOKENS") * 800 + tokens(flexCall, "OUTPUT_TOKENS") * 3200;
        assertThat(flexCall).containsEntry("PRICING", "ON_DEMAND")
                .containsEntry("PRICE_REF", "shipped 2026-05-01 flex x0.5")
                .containsEntry("COST_NANOS", full / 2 + (full % 2 == 1 && (full / 2) % 2 == 1 ? 1 : 0));
        assertThat(priorityCall).containsEntry("PRICING", "UNPRICED").containsEntry("COST_NANOS", null);
        // A standard price is no priority price; flex is the standard price in effect (the override) halved.
        assertThat(priorityOverStandard).containsEntry("PRICING", "UNPRICED").containsEntry("PRICE_REF", null);
        long standard = tokens(flexOverStandard, "INPUT_TOKENS") * 1000 + tokens(flexOverStandard, "OUTPUT_TOKENS")
                * 4000;
        assertThat(flexOverStandard).containsEntry("PRICE_REF", "override " + standardOverride.get("id").longValue()
                + " flex x0.5").containsEntry("COST_NANOS", standard / 2);
    }

    @Test
    void tierPrices_priorityByThePlatformsPriorityPrice_theWorkspacesWinning_andFlexsOwnBeforeTheFactor() {
        readyNova("nova-standard", null);
        readyNova("nova-priority", "priority");
        readyNova("nova-flex", "flex");

        JsonNode platformPriority = setPrice(null, NOVA_PRO, "priority", "1.4", "5.6");
        assertThat(platformPriority.get("serviceTier").stringValue()).isEqualTo("priority");
        Map<String, Object> byPlatform = invokeAndRecord("nova-priority");
        Map<String, Object> standardCall = invokeAndRecord("nova-standard");
        JsonNode ownPriority = setPrice(workspace().id(), NOVA_PRO, "priority", "2", "8");
        Map<String, Object> byWorkspace = invokeAndRecord("nova-priority");
        JsonNode flexPrice = setPrice(null, NOVA_PRO, "flex", "0.3", "1.2");
        Map<String, Object> flexCall = invokeAndRecord("nova-flex");

        assertThat(byPlatform).containsEntry("PRICING", "ON_DEMAND")
                .containsEntry("PRICE_REF", "override " + platformPriority.get("id").longValue() + " priority")
                .containsEntry("COST_NANOS", tokens(byPlatform, "INPUT_TOKENS") * 1400
                        + tokens(byPlatform, "OUTPUT_TOKENS") * 5600);
        assertThat(standardCall).as("the standard tier keeps its price").containsEntry("PRICE_REF",
                "shipped 2026-05-01").containsEntry("COST_NANOS", tokens(standardCall, "INPUT_TOKENS") * 800
                + tokens(standardCall, "OUTPUT_TOKENS") * 3200);
        assertThat(byWorkspace)
                .containsEntry("PRICE_REF", "override " + ownPriority.get("id").longValue() + " priority")
                .containsEntry("COST_NANOS", tokens(byWorkspace, "INPUT_TOKENS") * 2000
                        + tokens(byWorkspace, "OUTPUT_TOKENS") * 8000);
        assertThat(flexCall).as("flex's own price, not the standard price halved")
                .containsEntry("PRICE_REF", "override " + flexPrice.get("id").longValue() + " flex")
                .containsEntry("COST_NANOS", tokens(flexCall, "INPUT_TOKENS") * 300
                        + tokens(flexCall, "OUTPUT_TOKENS") * 1200);

        // The prices in effect name their tier; another workspace sees the platform's priority price only.
        assertThat(novaPrices(api)).containsExactly("default SHIPPED 0.8", "priority WORKSPACE 2",
                "flex PLATFORM 0.3");
        Workspace other = new Workspace(UUID.randomUUID().toString(), "pricing-other-" + UUID.randomUUID(),
                dev.modelgate.connection.ExternalId.generate(new java.security.SecureRandom()).value(), Instant.now());
        workspaceRepository.insert(other);
        assertThat(novaPrices(api.withKey(key(other.id(), Role.DEVELOPER)))).containsExactly("default SHIPPED 0.8",
                "priority PLATFORM 1.4", "flex PLATFORM 0.3");

        // Removal names the tier: the standard tier has no override here; flex's goes, and the factor is back.
        assertThat(operator.delete(PRICES + "?modelId=" + NOVA_PRO + "&region=*").status()).isEqualTo(404);
        Api.Reply removed = operator.delete(PRICES + "?modelId=" + NOVA_PRO + "&region=*&serviceTier=flex");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().get("serviceTier").stringValue()).isEqualTo("flex");
        assertThat(removed.json().get("removed").booleanValue()).isTrue();
        Map<String, Object> flexAfter = invokeAndRecord("nova-flex");
        assertThat(flexAfter).containsEntry("PRICE_REF", "shipped 2026-05-01 flex x0.5");
        assertThat(record(byPlatform.get("ID"))).containsEntry("COST_NANOS", byPlatform.get("COST_NANOS"));
        // Each change audited with its tier.
        List<JsonNode> changes = operator.get("/api/v1/operator/audit?action=SETTINGS_CHANGED&size=100&actor="
                        + operatorName).json().get("items").valueStream()
                .filter(e -> e.get("resourceType").stringValue().equals("PRICE_OVERRIDE")).toList();
        assertThat(changes).extracting(e -> e.get("details").get("serviceTier").stringValue() + " "
                        + e.get("details").get("after").path("input").asString("none"))
                .containsExactlyInAnyOrder("priority 1.4", "priority 2", "flex 0.3", "flex none");
    }

    @Test
    void setPrice_anUnknownServiceTier_is422NamingIt_andNothingIsSaved() {
        Map<String, Object> body = Map.of("modelId", NOVA_PRO, "region", "*", "serviceTier", "standard",
                "input", "1", "output", "2");

        operator.put(PRICES, body).assertProblem(invalid(PRICES, violation("serviceTier", "one-of",
                "serviceTier must be one of \"default\", \"priority\" or \"flex\" (absent: \"default\", the "
                        + "standard price), got \"standard\"")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM price_overrides").query(Long.class).single()).isZero();
        assertThat(operator.delete(PRICES + "?modelId=" + NOVA_PRO + "&region=*&serviceTier=PRIORITY").status())
                .isEqualTo(422);
    }

    @Test
    void setPrice_badInput_is422NamingEachField_andNothingIsSaved() {
        ObjectNode body = Api.JSON.createObjectNode().put("workspaceId", "no-such-workspace")
                .put("modelId", "Not A Model").put("region", "mars-1").put("input", "-1").put("output", "abc")
                .put("cacheRead", "0.0000001");

        operator.put(PRICES, body).assertProblem(invalid(PRICES, "6 fields are invalid; see violations",
                violation("workspaceId", "unknown-workspace", "workspaceId must name a workspace, or be null for "
                        + "a platform-wide price; got \"no-such-workspace\""),
                violation("modelId", "base-model-id", "modelId must be a base model ID such as "
                        + "anthropic.claude-3-haiku-20240307-v1:0, got \"Not A Model\""),
                violation("region", "region", "region must be a Region such as us-east-1, or \"*\" for every "
                        + "Region, got \"mars-1\""),
                violation("input", "out-of-range", "input must be 0 to 1000000 USD, got -1"),
                violation("output", "decimal", "output must be a decimal string such as \"0.25\", got \"abc\""),
                violation("cacheRead", "out-of-range", "cacheRead must have at most 6 decimals, got 0.0000001")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM price_overrides").query(Long.class).single()).isZero();
        assertThat(api.put(PRICES, Map.of("modelId", HAIKU, "region", "*", "input", "1", "output", "1")).status())
                .as("a workspace admin").isEqualTo(403);
    }

    @Test
    void prices_inEffect_areTheShippedTablesWithTheirSources() {
        JsonNode micro = api.get("/api/v1/prices").json().get("prices").valueStream()
                .filter(p -> p.get("modelId").stringValue().equals("amazon.nova-micro-v1:0")).findFirst().orElseThrow();

        assertThat(Api.canonical(micro)).isEqualTo(Api.canonical(Api.parse("""
                {"modelId": "amazon.nova-micro-v1:0", "region": "*", "serviceTier": "default",
                 "input": "0.035", "output": "0.14",
                 "cacheRead": null, "cacheWrite": null, "perRequest": null, "level": "SHIPPED",
                 "ref": "shipped 2026-12-08",
                 "source": "https://pristren.com/blog/amazon-nova-micro-ultra-fast", "asOf": "2026-12-08"}""")));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private JsonNode setPrice(String workspaceId, String input, String output) {
        return setPrice(workspaceId, HAIKU, null, input, output);
    }

    private JsonNode setPrice(String workspaceId, String modelId, String serviceTier, String input, String output) {
        Map<String, Object> body = new HashMap<>();
        body.put("workspaceId", workspaceId);
        body.put("modelId", modelId);
        body.put("region", "*");
        if (serviceTier != null) {
            body.put("serviceTier", serviceTier);
        }
        body.put("input", input);
        body.put("output", output);
        Api.Reply reply = operator.put(PRICES, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static Map<String, String> haikuPrice(Api as) {
        for (JsonNode p : as.get("/api/v1/prices").json().get("prices")) {
            if (p.get("modelId").stringValue().equals(HAIKU) && p.get("region").stringValue().equals("*")) {
                return Map.of("input", p.get("input").stringValue(), "output", p.get("output").stringValue(),
                        "level", p.get("level").stringValue());
            }
        }
        throw new AssertionError("no price of " + HAIKU);
    }

    /** Nova Pro's prices in effect for {@code as}'s workspace: "tier level input", standard first. */
    private static List<String> novaPrices(Api as) {
        return as.get("/api/v1/prices").json().get("prices").valueStream()
                .filter(p -> p.get("modelId").stringValue().equals(NOVA_PRO))
                .map(p -> p.get("serviceTier").stringValue() + " " + p.get("level").stringValue() + " "
                        + p.get("input").stringValue())
                .toList();
    }

    private void readyNova(String name, String serviceTier) {
        ObjectNode draft = preset("AMAZON_NOVA", name, "ModelgateBedrockAccess", "us-east-1", NOVA_PRO);
        if (serviceTier != null) {
            draft.putObject("options").put("serviceTier", serviceTier);
        }
        ready(draft);
    }

    private JsonNode ready(ObjectNode draft) {
        JsonNode model = create(draft);
        assertThat(models.markReady(workspace().id(), model.get("id").stringValue(), 1)).isTrue();
        return model;
    }

    /** Invokes the model and answers the usage record the call left. */
    private Map<String, Object> invokeAndRecord(String name) {
        Api.Reply reply = api.post(Api.MODELS + "/" + name + "/invoke",
                Map.of("variables", Map.of("prompt", "Say hello.")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<Map<String, Object>> records = jdbc.sql("SELECT id, input_tokens, output_tokens, cost_nanos, pricing, "
                + "price_ref FROM usage_records ORDER BY occurred_at DESC, id").query().listOfRows();
        return upper(records.getFirst());
    }

    private Map<String, Object> record(Object id) {
        return upper(jdbc.sql("SELECT id, input_tokens, output_tokens, cost_nanos, pricing, price_ref "
                + "FROM usage_records WHERE id = ?").param(id).query().singleRow());
    }

    private static Map<String, Object> upper(Map<String, Object> row) {
        Map<String, Object> upper = new HashMap<>();
        row.forEach((k, v) -> upper.put(k.toUpperCase(java.util.Locale.ROOT), v));
        return upper;
    }

    private static long tokens(Map<String, Object> call, String column) {
        return (Long) call.get(column);
    }
}
