package dev.modelgate.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {

    private static Request request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String body) {
        return new Request(method, rawPath, rawQuery, headers, body.getBytes(StandardCharsets.UTF_8), "id");
    }

    private static Request request(String method, String rawPath) {
        return request(method, rawPath, "", Map.of(), "");
    }

    @Test
    void invoke_withEncodedModelId_decodesTheLabel() {
        Route route = Route.of(request("POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke"));

        assertThat(route).isEqualTo(new Route(Route.Service.BEDROCK_RUNTIME, "InvokeModel", "anthropic.claude-3-haiku-20240307-v1:0"));
    }

    @Test
    void invoke_withEncodedArn_keepsTheSlashInsideOneLabel() {
        Route route = Route.of(request("POST",
                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A222222222222%3Aapplication-inference-profile%2Fh7q2m9x4k1zb/converse-stream"));

        assertThat(route.operation()).isEqualTo("ConverseStream");
        assertThat(route.label()).isEqualTo("arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb");
    }

    @Test
    void runtimeOperations_areNamedAsAws() {
        assertThat(Route.of(request("POST", "/model/m.x/invoke-with-response-stream")).operation()).isEqualTo("InvokeModelWithResponseStream");
        assertThat(Route.of(request("POST", "/model/m.x/converse")).operation()).isEqualTo("Converse");
    }

    @Test
    void modelPath_withAnUnknownVerbOrMethod_isUnknown() {
        assertThat(Route.of(request("POST", "/model/m.x/embed")).service()).isEqualTo(Route.Service.UNKNOWN);
        assertThat(Route.of(request("GET", "/model/m.x/invoke")).service()).isEqualTo(Route.Service.UNKNOWN);
        assertThat(Route.of(request("POST", "/model//invoke")).service()).isEqualTo(Route.Service.UNKNOWN);
        assertThat(Route.of(request("POST", "/model/a/b/invoke")).service()).isEqualTo(Route.Service.UNKNOWN);
    }

    @Test
    void controlPlane_listAndGet() {
        assertThat(Route.of(request("GET", "/foundation-models"))).isEqualTo(new Route(Route.Service.BEDROCK, "ListFoundationModels", null));
        assertThat(Route.of(request("GET", "/foundation-models/amazon.nova-lite-v1%3A0")))
                .isEqualTo(new Route(Route.Service.BEDROCK, "GetFoundationModel", "amazon.nova-lite-v1:0"));
        assertThat(Route.of(request("GET", "/inference-profiles"))).isEqualTo(new Route(Route.Service.BEDROCK, "ListInferenceProfiles", null));
        assertThat(Route.of(request("GET", "/inference-profiles/us.amazon.nova-lite-v1%3A0")))
                .isEqualTo(new Route(Route.Service.BEDROCK, "GetInferenceProfile", "us.amazon.nova-lite-v1:0"));
        assertThat(Route.of(request("POST", "/foundation-models")).service()).isEqualTo(Route.Service.UNKNOWN);
    }

    @Test
    void root_isSts_andTheControlPrefixIsTheEmulatorsOwn() {
        assertThat(Route.of(request("POST", "/")).service()).isEqualTo(Route.Service.STS);
        assertThat(Route.of(request("GET", "/_emulator/world")).service()).isEqualTo(Route.Service.CONTROL);
    }

    @Test
    void stsAction_comesFromTheFormBodyFirst_thenTheQuery() {
        Map<String, List<String>> form = Map.of("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));

        assertThat(Route.stsAction(request("POST", "/", "Action=GetCallerIdentity", form, "Action=AssumeRole&Version=2011-06-15")))
                .isEqualTo("AssumeRole");
        assertThat(Route.stsAction(request("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15", Map.of(), "")))
                .isEqualTo("GetCallerIdentity");
        assertThat(Route.stsAction(request("POST", "/", "", Map.of(), "Action=AssumeRole"))).isNull();
    }

    @Test
    void labelWithABrokenPercentEscape_matchesNoRoute_insteadOfThrowing() {
        assertThat(Route.of(request("POST", "/model/%zz/invoke")).service()).isEqualTo(Route.Service.UNKNOWN);
        assertThat(Route.of(request("GET", "/foundation-models/%zz")).service()).isEqualTo(Route.Service.UNKNOWN);
        assertThat(Route.of(request("GET", "/inference-profiles/a%2")).service()).isEqualTo(Route.Service.UNKNOWN);
    }

    @Test
    void stsAction_withABrokenPercentEscape_isUnknown_insteadOfThrowing() {
        Request form = request("POST", "/", "", Map.of("content-type", List.of("application/x-www-form-urlencoded")),
                "Action=GetCallerIdentity&%zz");

        assertThat(Route.stsAction(form)).isNull();
        assertThat(Route.stsAction(request("GET", "/", "Action=AssumeRole&x=%g1", Map.of(), ""))).isNull();
    }
}
