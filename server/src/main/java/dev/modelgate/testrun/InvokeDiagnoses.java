package dev.modelgate.testrun;

import dev.modelgate.catalog.BedrockCatalogs;
import dev.modelgate.catalog.CatalogException;
import dev.modelgate.catalog.FoundationModel;
import dev.modelgate.catalog.InferenceProfile;
import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.invoke.Deadline;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.invoke.ModelInvocation;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.RequestOptions;
import dev.modelgate.model.ModelReference;
import dev.modelgate.model.ModelReferenceKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code InvokeModel} failure means and what to fix. Where the answer depends on what the Region offers
 * (a model not available there, a model only served through inference profiles), it asks Bedrock's control plane
 * through the tenant's own role; when the role may not ask, the diagnosis says so plainly.
 */
final class InvokeDiagnoses {

    private static final Pattern RESOURCE = Pattern.compile(" on resource: (\\S+)");
    private static final Pattern ON_DEMAND_MODEL = Pattern.compile("Invocation of model ID (\\S+) with on-demand");
    private static final String EXPLICIT_DENY = "with an explicit deny";
    /** The most model or profile IDs a diagnosis lists. */
    static final int MAX_SUGGESTIONS = 50;

    private final BedrockCatalogs catalogs;

    InvokeDiagnoses(BedrockCatalogs catalogs) {
        this.catalogs = catalogs;
    }

    /** What the invocation was. */
    record Call(String workspaceId, SessionKey key, ModelConfiguration configuration, byte[] body) {
        String region() {
            return configuration.region().id();
        }

        String modelId() {
            return configuration.modelReference().modelId();
        }
    }

    Diagnosis of(InvokeException e, Call call, Diagnosis.AwsError aws) {
        String message = aws != null && aws.message() != null ? aws.message() : bare(e);
        return switch (e.kind()) {
            case ACCESS_DENIED -> accessDenied(message, call, aws);
            case MODEL_NOT_FOUND -> modelNotAvailable(message, call, aws);
            case ON_DEMAND_NOT_SUPPORTED -> onDemandNotSupported(message, call, aws);
            case VALIDATION -> malformed(message, call, aws);
            case GUARDRAIL_NOT_FOUND -> guardrailNotFound(message, call, aws);
            case OPTION_NOT_SUPPORTED -> optionNotSupported(message, call, aws);
            case THROTTLED -> Diagnosis.of(e.kind().code(), "Bedrock throttled the model",
                    "Bedrock refused " + call.modelId() + " in " + call.region() + " for exceeding a quota, "
                            + e.attempts() + (e.attempts() == 1 ? " attempt" : " attempts") + " in a row: " + message,
                    List.of("Run the Test again in a minute.",
                            "If it persists, request a higher InvokeModel quota for the model in " + call.region()
                                    + " (Service Quotas → Amazon Bedrock), or use a cross-Region inference profile, "
                                    + "which spreads requests over several Regions."), aws);
            case TIMEOUT -> Diagnosis.of(e.kind().code(), "No answer in time",
                    (e.statusCode() == 408 ? "The model itself timed out (" + message + ")"
                            : e instanceof Deadline.DeadlineExceededException d && d.step() != Deadline.Step.ATTEMPT
                            ? "The model's total timeout of " + call.configuration().timeouts().total().toMillis()
                            + " ms, the INVOKE stage's bound, ran out in step " + d.step()
                            : "Bedrock did not answer within the model's total timeout of "
                            + call.configuration().timeouts().total().toMillis() + " ms") + " (connect timeout "
                            + call.configuration().timeouts().connect().toMillis() + " ms, " + e.attempts()
                            + (e.attempts() == 1 ? " attempt)." : " attempts)."),
                    List.of("Raise the model's timeouts.totalMillis (at most 600000) if the model needs longer.",
                            "Or ask for less: a lower max tokens value or a shorter prompt."), aws);
            case MODEL_NOT_READY -> Diagnosis.of(e.kind().code(), "The model is not ready",
                    "Bedrock says " + call.modelId() + " is not ready to serve requests, after retries: " + message,
                    List.of("Wait a few minutes (an imported or custom model may be loading) and run the Test again."),
                    aws);
            case MODEL_ERROR -> Diagnosis.of(e.kind().code(), "The model failed",
                    "The model itself failed while processing the request: " + message,
                    List.of("Run the Test again; if it persists, check the request body against the model's "
                            + "documentation, and give AWS support the request ID."), aws);
            case MODEL_STREAM_ERROR -> Diagnosis.of(e.kind().code(), "The model's stream failed",
                    "The model failed while streaming its answer: " + message,
                    List.of("Run the Test again; if it persists, check the request body against the model's "
                            + "documentation, and give AWS support the request ID."), aws);
            case UNAVAILABLE -> Diagnosis.of(e.kind().code(), "Bedrock is unavailable",
                    "Bedrock in " + call.region() + " failed or could not be reached, after retries: " + message,
                    List.of("Run the Test again in a few minutes.",
                            "If it persists, check AWS's health dashboard for Amazon Bedrock in " + call.region() + "."),
                    aws);
            case RESPONSE_TOO_LARGE -> Diagnosis.of(e.kind().code(), "The answer is too large",
                    "Bedrock's answer is larger than this installation accepts: " + message + ".",
                    List.of("Ask for less: a lower max tokens value.",
                            "Or the Modelgate operator raises modelgate.bedrock.max-response-bytes."), aws);
            case EXPIRED_CREDENTIALS -> Diagnosis.of(e.kind().code(), "Bedrock found the session expired",
                    "Bedrock refused a session of the role that STS had just issued as expired (" + message
                            + "): the clocks of this host and AWS disagree.",
                    List.of("The Modelgate operator synchronises this host's clock (NTP).",
                            "Then run the Test again."), aws);
            case INVALID_RESPONSE -> Diagnosis.of(e.kind().code(), "Bedrock's answer is not usable",
                    "Bedrock answered HTTP " + e.statusCode() + ", but not with a JSON document the mapping could "
                            + "read: " + message,
                    List.of("Run the Test again; the raw answer is shown above.",
                            "If it persists, give AWS support the request ID."), aws);
            case SHUTTING_DOWN -> Diagnosis.of(e.kind().code(), "Modelgate stopped during the Test",
                    "The Modelgate instance that ran the Test was stopping, and cut the call to " + call.modelId()
                            + " at the end of its grace period: " + message,
                    List.of("Run the Test again; another instance (or this one, once restarted) runs it."), aws);
        };
    }

    /** The model's guardrail intervened in the Test's request: the answer is its blocked message. */
    Diagnosis guardrailIntervened(Call call) {
        RequestOptions.Guardrail guardrail = call.configuration().options().guardrail();
        String which = guardrail == null ? "A guardrail" : "The model's guardrail " + guardrail.identifier()
                + " (version " + guardrail.version() + ")";
        return Diagnosis.of(ErrorCode.GUARDRAIL_INTERVENED, "The guardrail blocked the Test's request",
                which + " intervened in the Test's request: Bedrock answered with the guardrail's blocked message "
                        + "(\"" + ModelInvocation.GUARDRAIL_ACTION + "\": \"INTERVENED\", shown above), not with "
                        + "the model's answer, so the output mapping was not checked. Invocations the guardrail "
                        + "blocks answer outcome GUARDRAIL_INTERVENED.",
                List.of("Give the variables test values the guardrail lets through (a prompt it does not block), "
                                + "and run the Test again.",
                        "If this prompt should pass, review the guardrail's policies in the Bedrock console "
                                + "(Guardrails) of " + call.region() + "."), null);
    }

    private Diagnosis accessDenied(String message, Call call, Diagnosis.AwsError aws) {
        RequestOptions.Guardrail guardrail = call.configuration().options().guardrail();
        if (guardrail != null && message.contains(PolicyDocuments.APPLY_GUARDRAIL)) {
            return guardrailDenied(message, call, guardrail, aws);
        }
        Matcher named = RESOURCE.matcher(message);
        String denied = named.find() ? named.group(1) : null;
        List<String> resources = new ArrayList<>(invokeResources(call));
        if (denied != null && !resources.contains(denied)) {
            resources.add(denied);
        }
        String role = call.key().roleArn().name();
        List<String> fixes = new ArrayList<>();
        if (message.contains(EXPLICIT_DENY)) {
            fixes.add("Remove or narrow the Deny statement in " + role + "'s policies that covers bedrock:InvokeModel"
                    + (denied == null ? "." : " on " + denied + "."));
        }
        if (denied == null && !message.contains("is not authorized")) {
            fixes.add("Check that the model reference belongs to account " + call.key().roleArn().accountId()
                    + " and Region " + call.region() + ", and that the account has access to the model (Bedrock "
                    + "console → Model access).");
        }
        fixes.add("Allow the role bedrock:InvokeModel on the model with this permission policy statement:\n"
                + PolicyDocuments.allowPolicy("ModelgateInvoke", List.of("bedrock:InvokeModel"), resources));
        fixes.add("With the AWS CLI: " + PolicyDocuments.putRolePolicyCommand(role, "ModelgateInvoke",
                "ModelgateInvoke", List.of("bedrock:InvokeModel"), resources));
        return Diagnosis.of(ErrorCode.BEDROCK_ACCESS_DENIED, "The role may not invoke the model",
                "Bedrock refused the role " + call.key().roleArn() + ": "
                        + (denied == null ? message : "it may not call bedrock:InvokeModel on " + denied + ".")
                        + " " + (isProfile(call.configuration().modelReference())
                        ? "Through an inference profile the role needs it on the profile and on the model in each "
                        + "Region the profile routes to." : "The role's permission policy must allow it."),
                fixes, aws);
    }

    private static Diagnosis guardrailNotFound(String message, Call call, Diagnosis.AwsError aws) {
        RequestOptions.Guardrail guardrail = call.configuration().options().guardrail();
        String which = guardrail == null ? "the model's guardrail" : "guardrail " + guardrail.identifier()
                + " version " + guardrail.version();
        return Diagnosis.of(ErrorCode.GUARDRAIL_NOT_FOUND, "The model's guardrail does not exist",
                "Bedrock has no " + which + " for account " + call.key().roleArn().accountId() + " in "
                        + call.region() + " (\"" + message + "\").",
                List.of("Check the guardrail's ID (or ARN) and version in the Bedrock console (Guardrails) of "
                                + call.region() + ", in the account of the model's role; a guardrail is used in its "
                                + "own Region, and a version must have been published (or use DRAFT).",
                        "Fix options.guardrail in the model and run the Test again, or remove it."), aws);
    }

    private static Diagnosis optionNotSupported(String message, Call call, Diagnosis.AwsError aws) {
        RequestOptions options = call.configuration().options();
        boolean latency = message.toLowerCase(java.util.Locale.ROOT).contains("latency");
        List<String> fixes = latency
                ? List.of("Set the model's options.latency to \"standard\" (or remove it): " + call.modelId()
                        + " does not serve latency-optimized inference" + (isProfile(call.configuration()
                        .modelReference()) ? " through this profile" : "") + " in " + call.region() + ".",
                "Or choose a model (or inference profile) that AWS lists for latency-optimized inference.")
                : List.of("Set the model's options.serviceTier to a tier the model serves (Bedrock's message lists "
                        + "them), or remove it to use the default tier.");
        return Diagnosis.of(ErrorCode.OPTION_NOT_SUPPORTED, latency
                        ? "The model does not serve latency-optimized inference"
                        : "The model does not serve the service tier",
                "Bedrock refused the model's options (" + (latency ? "latency " + (options.latency() == null ? "?" : options.latency().wire())
                        : "serviceTier " + (options.serviceTier() == null ? "?" : options.serviceTier().wire()))
                        + ") for " + call.modelId() + ": " + message, fixes, aws);
    }

    /** Bedrock refused the model's guardrail: the role may not call bedrock:ApplyGuardrail on it. */
    private static Diagnosis guardrailDenied(String message, Call call, RequestOptions.Guardrail guardrail,
                                             Diagnosis.AwsError aws) {
        String arn = guardrail.arn(call.configuration().region(), call.key().roleArn().accountId());
        Matcher named = RESOURCE.matcher(message);
        String denied = named.find() ? named.group(1) : arn;
        String role = call.key().roleArn().name();
        List<String> fixes = new ArrayList<>();
        if (message.contains(EXPLICIT_DENY)) {
            fixes.add("Remove or narrow the Deny statement in " + role + "'s policies that covers "
                    + PolicyDocuments.APPLY_GUARDRAIL + " on " + denied + ".");
        }
        List<String> actions = List.of(PolicyDocuments.APPLY_GUARDRAIL);
        fixes.add("Allow the role " + PolicyDocuments.APPLY_GUARDRAIL + " on the guardrail with this permission policy "
                + "statement:\n" + PolicyDocuments.allowPolicy(PolicyDocuments.GUARDRAIL_STATEMENT, actions,
                List.of(denied)));
        fixes.add("With the AWS CLI: " + PolicyDocuments.putRolePolicyCommand(role, PolicyDocuments.GUARDRAIL_STATEMENT,
                PolicyDocuments.GUARDRAIL_STATEMENT, actions, List.of(denied)));
        fixes.add("Or remove options.guardrail from the model if it should not apply a guardrail.");
        return Diagnosis.of(ErrorCode.BEDROCK_ACCESS_DENIED, "The role may not apply the model's guardrail",
                "Bedrock refused the role " + call.key().roleArn() + ": it may not call "
                        + PolicyDocuments.APPLY_GUARDRAIL + " on " + denied + ", the guardrail of the model's "
                        + "options (" + guardrail.identifier() + ", version " + guardrail.version() + "). Every call "
                        + "that names a guardrail needs it, besides bedrock:InvokeModel on the model.",
                fixes, aws);
    }

    /** The resources InvokeModel is authorized on for the model reference. */
    private List<String> invokeResources(Call call) {
        ModelReference reference = call.configuration().modelReference();
        String partition = call.configuration().region().partition().id();
        String foundationModel = "arn:" + partition + ":bedrock:" + call.region() + "::foundation-model/";
        return switch (reference.kind()) {
            case FOUNDATION_MODEL_ID -> List.of(foundationModel + reference.modelId());
            case FOUNDATION_MODEL_ARN -> List.of(foundationModel + reference.baseModelId());
            case INFERENCE_PROFILE_ID, INFERENCE_PROFILE_ARN, APPLICATION_INFERENCE_PROFILE_ARN -> {
                String profileArn = reference.kind() == ModelReferenceKind.INFERENCE_PROFILE_ID
                        ? "arn:" + partition + ":bedrock:" + call.region() + ":" + call.key().roleArn().accountId()
                        + ":inference-profile/" + reference.modelId() : reference.raw();
                Set<String> arns = new LinkedHashSet<>(List.of(profileArn));
                try {
                    catalogs.inferenceProfile(call.key(), call.workspaceId(), call.configuration().region(), profileArn)
                            .ifPresent(profile -> arns.addAll(profile.modelArns()));
                } catch (CatalogException e) {
                    // The role may not read the profile either: name its models in every Region instead.
                }
                if (arns.size() == 1 && reference.baseModelId() != null) {
                    arns.add("arn:" + partition + ":bedrock:*::foundation-model/" + reference.baseModelId());
                }
                yield List.copyOf(arns);
            }
            default -> List.of(reference.raw());
        };
    }

    private Diagnosis modelNotAvailable(String message, Call call, Diagnosis.AwsError aws) {
        ModelReference reference = call.configuration().modelReference();
        if (isProfile(reference) && reference.baseModelId() != null) {
            Diagnosis profiles = profilesFor(reference.baseModelId(), call, ErrorCode.MODEL_NOT_AVAILABLE,
                    "The inference profile is not available in " + call.region(),
                    "Bedrock cannot use " + reference.modelId() + " in " + call.region() + " (\"" + message
                            + "\"): the profile does not exist or cannot be called from that Region.", aws);
            if (profiles != null) {
                return profiles;
            }
        }
        String detail = "Bedrock does not offer " + reference.modelId() + " in " + call.region() + " to this "
                + "account (\"" + message + "\" is AWS's answer for a model ID it cannot use in the Region).";
        List<FoundationModel> models;
        try {
            models = catalogs.foundationModels(call.key(), call.workspaceId(), call.configuration().region());
        } catch (CatalogException e) {
            return Diagnosis.of(ErrorCode.MODEL_NOT_AVAILABLE, "The model is not available in " + call.region(), detail,
                    List.of(cannotList("ListFoundationModels", "the models offered", call, e),
                            "Or check the model catalog of " + call.region() + " in the Bedrock console, and pick "
                                    + "a model offered there or a Region that offers " + reference.modelId() + "."),
                    aws);
        }
        String provider = reference.modelId().contains(".") ? reference.modelId().substring(0,
                reference.modelId().indexOf('.') + 1) : reference.modelId();
        List<String> suggestions = models.stream().filter(FoundationModel::onDemand)
                .sorted(Comparator.comparing((FoundationModel m) -> !m.modelId().startsWith(provider)))
                .map(FoundationModel::modelId).limit(MAX_SUGGESTIONS).toList();
        return Diagnosis.of(ErrorCode.MODEL_NOT_AVAILABLE, "The model is not available in " + call.region(), detail,
                List.of(suggestions.isEmpty() ? "Bedrock lists no model the role may invoke on demand in "
                                + call.region() + "; choose another Region."
                                : "Choose a model Bedrock offers on demand in " + call.region() + ": "
                                + String.join(", ", suggestions),
                        "Or keep the model and choose a Region that offers it."), aws)
                .withSuggestions(suggestions);
    }

    private Diagnosis onDemandNotSupported(String message, Call call, Diagnosis.AwsError aws) {
        ModelReference reference = call.configuration().modelReference();
        Matcher named = ON_DEMAND_MODEL.matcher(message);
        String model = reference.baseModelId() != null ? reference.baseModelId()
                : named.find() ? named.group(1) : reference.modelId();
        Diagnosis profiles = profilesFor(model, call, ErrorCode.ON_DEMAND_NOT_SUPPORTED,
                "The model is served only through inference profiles",
                "Bedrock serves " + model + " in " + call.region() + " only through an inference profile, not by its "
                        + "own ID (\"" + message + "\").", aws);
        return profiles != null ? profiles : Diagnosis.of(ErrorCode.ON_DEMAND_NOT_SUPPORTED,
                "The model is served only through inference profiles", message,
                List.of("Use the ID of an inference profile that contains " + model + " as the model reference."), aws);
    }

    /** A diagnosis listing the profiles of the Region that contain {@code model}; null when none are found. */
    private Diagnosis profilesFor(String model, Call call, ErrorCode code, String title, String detail,
                                  Diagnosis.AwsError aws) {
        List<InferenceProfile> profiles;
        try {
            profiles = catalogs.inferenceProfiles(call.key(), call.workspaceId(), call.configuration().region());
        } catch (CatalogException e) {
            return Diagnosis.of(code, title, detail, List.of(cannotList("ListInferenceProfiles",
                    "the inference profiles that contain " + model, call, e),
                    "Or look them up in the Bedrock console of " + call.region() + " (Cross-Region inference) and use "
                            + "a profile's ID, such as us." + model + ", as the model reference."), aws);
        }
        List<String> ids = profiles.stream().filter(p -> p.contains(model)).map(InferenceProfile::id)
                .limit(MAX_SUGGESTIONS).toList();
        if (ids.isEmpty()) {
            return Diagnosis.of(code, title, detail, List.of("No inference profile of " + call.region()
                    + " that the role can see contains " + model + "; choose a Region whose geography offers it, or "
                    + "another model."), aws);
        }
        return Diagnosis.of(code, title, detail, List.of(
                        "Use one of these inference profiles of " + call.region() + " that contain " + model
                                + " as the model reference: " + String.join(", ", ids),
                        "The role needs bedrock:InvokeModel on the profile and on " + model + " in each Region the "
                                + "profile routes to."), aws)
                .withSuggestions(ids);
    }

    private Diagnosis malformed(String message, Call call, Diagnosis.AwsError aws) {
        // A Converse model has no template to point into: Bedrock's message is the finding.
        List<MalformedRequests.Finding> findings = call.configuration().requestTemplate() == null ? List.of()
                : MalformedRequests.parse(message).stream()
                .map(v -> MalformedRequests.find(v, call.configuration().requestTemplate(), call.body())).toList();
        List<String> fixes = new ArrayList<>(findings.stream().map(MalformedRequests.Finding::fix).toList());
        if (fixes.isEmpty()) {
            fixes.add("Compare the request template with the request format of the model's family (the presets show "
                    + "one for each) and Bedrock's message.");
        }
        fixes.add("Preview the rendered body, fix the template or the variable values, and run the Test again.");
        Set<String> variables = new LinkedHashSet<>();
        findings.forEach(f -> variables.addAll(f.location().variables()));
        return Diagnosis.of(ErrorCode.BEDROCK_VALIDATION, "Bedrock refused the request body",
                        "Bedrock refused the request body: " + message + (variables.isEmpty() ? ""
                                : " Likely at fault: " + String.join(", ", variables.stream()
                                .map(v -> "variable \"" + v + "\"").toList()) + "."), fixes, aws)
                .withLocations(findings.stream().map(MalformedRequests.Finding::location).toList());
    }

    private static String cannotList(String operation, String what, Call call, CatalogException e) {
        return e.kind() == CatalogException.Kind.ACCESS_DENIED
                ? "The role may not call bedrock:" + operation + ", so Modelgate cannot list " + what + " in "
                + call.region() + " (" + e.getMessage() + "). Allow it bedrock:" + operation + " to see them here."
                : "Modelgate could not list " + what + " in " + call.region() + ": " + e.getMessage();
    }

    private static boolean isProfile(ModelReference reference) {
        return switch (reference.kind()) {
            case INFERENCE_PROFILE_ID, INFERENCE_PROFILE_ARN, APPLICATION_INFERENCE_PROFILE_ARN -> true;
            default -> false;
        };
    }

    /** The exception's message without the kind prefix {@link InvokeException} adds. */
    static String bare(InvokeException e) {
        String prefix = e.kind() + ": ";
        String message = String.valueOf(e.getMessage());
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
