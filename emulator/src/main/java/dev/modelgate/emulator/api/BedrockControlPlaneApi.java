package dev.modelgate.emulator.api;

import dev.modelgate.emulator.auth.Caller;
import dev.modelgate.emulator.bedrock.BedrockException;
import dev.modelgate.emulator.bedrock.ControlPlane;
import dev.modelgate.emulator.bedrock.ModelCatalog;
import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.http.Request;

import java.util.List;
import java.util.Map;

/**
 * The Bedrock control plane over HTTP: {@code ListFoundationModels}, {@code GetFoundationModel},
 * {@code ListInferenceProfiles}, {@code GetInferenceProfile}, each authorized with its IAM action.
 */
public final class BedrockControlPlaneApi {

    private final ControlPlane plane;

    public BedrockControlPlaneApi(ModelCatalog catalog) {
        this.plane = new ControlPlane(catalog);
    }

    /** Answers a request routed to the control plane by an authenticated caller. */
    public Reply handle(Request request, Route route, Caller caller) {
        Map<String, String> query;
        try {
            query = request.queryParameters();
        } catch (IllegalArgumentException e) {
            return BedrockErrors.error(400, "ValidationException", "The query string contains a syntax error.");
        }
        String region = caller.region();
        String account = caller.principal().accountId();
        try {
            byte[] body = switch (route.operation()) {
                case "ListFoundationModels" -> {
                    Authorization.require(caller, "bedrock:ListFoundationModels", List.of(ControlPlane.ANY_RESOURCE));
                    yield plane.listFoundationModels(region, query.get("byProvider"), query.get("byCustomizationType"),
                            query.get("byOutputModality"), query.get("byInferenceType"));
                }
                case "GetFoundationModel" -> {
                    Authorization.require(caller, "bedrock:GetFoundationModel",
                            List.of(ControlPlane.foundationModelResource(region, route.label())));
                    yield plane.getFoundationModel(region, route.label());
                }
                case "ListInferenceProfiles" -> {
                    Authorization.require(caller, "bedrock:ListInferenceProfiles", List.of(ControlPlane.ANY_RESOURCE));
                    yield plane.listInferenceProfiles(region, account, integer(query.get("maxResults")),
                            query.get("nextToken"), query.get("type"));
                }
                default -> {
                    Authorization.require(caller, "bedrock:GetInferenceProfile",
                            List.of(ControlPlane.inferenceProfileResource(region, account, route.label())));
                    yield plane.getInferenceProfile(region, account, route.label());
                }
            };
            return new Reply.Full(200, Map.of("Content-Type", "application/json"), body);
        } catch (BedrockException e) {
            return BedrockErrors.error(e.httpStatus(), e.errorType(), e.message());
        }
    }

    private static Integer integer(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw BedrockException.validation("1 validation error detected: Value '" + text
                    + "' at 'maxResults' failed to satisfy constraint: Member must be a number");
        }
    }
}
