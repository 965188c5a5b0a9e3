package dev.modelgate.emulator;

import dev.modelgate.emulator.api.BedrockControlPlaneApi;
import dev.modelgate.emulator.api.BedrockErrors;
import dev.modelgate.emulator.api.BedrockRuntimeApi;
import dev.modelgate.emulator.api.Route;
import dev.modelgate.emulator.auth.AuthException;
import dev.modelgate.emulator.auth.AuthFailure;
import dev.modelgate.emulator.auth.Authenticator;
import dev.modelgate.emulator.auth.Caller;
import dev.modelgate.emulator.bedrock.ModelCatalog;
import dev.modelgate.emulator.control.ControlApi;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.http.Request;
import dev.modelgate.emulator.iam.CredentialStore;
import dev.modelgate.emulator.iam.PolicyDocument;
import dev.modelgate.emulator.iam.World;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.journal.RequestJournal;
import dev.modelgate.emulator.journal.StreamProgress;
import dev.modelgate.emulator.sts.StsService;

import java.nio.charset.StandardCharsets;

/**
 * Sends each request to its service after authenticating it, and records it in the journal. Every answer, even to
 * garbage, is shaped like the service's own errors.
 */
final class EmulatorRouter {

    private final EmulatorClock clock;
    private final FaultInjector faults;
    private final RequestJournal journal;
    private final CredentialStore credentials;
    private final Authenticator authenticator;
    private final StsService sts;
    private final BedrockRuntimeApi runtime;
    private final BedrockControlPlaneApi controlPlane;
    private final ControlApi control;

    EmulatorRouter(World world, ModelCatalog catalog, EmulatorClock clock, FaultInjector faults, RequestJournal journal,
                   boolean verifySignatures) {
        this.clock = clock;
        this.faults = faults;
        this.journal = journal;
        this.credentials = new CredentialStore(world, clock);
        this.authenticator = new Authenticator(credentials, clock, clock.signatureClock(), verifySignatures);
        this.sts = new StsService(credentials, clock);
        this.runtime = new BedrockRuntimeApi(catalog, faults, clock, credentials::world);
        this.controlPlane = new BedrockControlPlaneApi(catalog);
        this.control = new ControlApi(new ControlApi.Target(faults, journal, clock, () -> world().toJson(),
                credentials::clearSessions));
    }

    /** The world requests are authenticated and authorized against now. */
    World world() {
        return credentials.world();
    }

    /** Replaces a role's trust policy; requests that arrive afterwards see it. */
    synchronized void updateAssumeRolePolicy(String roleArn, PolicyDocument trustPolicy) {
        credentials.replaceWorld(credentials.world().withTrustPolicy(roleArn, trustPolicy));
    }

    Reply handle(Request request) {
        Route route = Route.of(request);
        if (route.service() == Route.Service.CONTROL) {
            return control.handle(request);
        }
        long epoch = journal.epoch();
        Outcome outcome = dispatch(request, route);
        StreamProgress progress = null;
        if (outcome.reply instanceof Reply.Streamed streamed) {
            progress = new StreamProgress();
            outcome = new Outcome(tracked(streamed, progress), outcome.caller);
        }
        if (journal.enabled()) {
            record(epoch, request, route, outcome, progress);
        }
        return outcome.reply;
    }

    /**
     * The streamed reply with its progress kept: frames counted as they are written, the end noted as completed,
     * faulted (an exception frame) or closed by the client (a write failed: the writer stops there).
     */
    private static Reply.Streamed tracked(Reply.Streamed streamed, StreamProgress progress) {
        return new Reply.Streamed(streamed.status(), streamed.headers(), sink -> {
            try {
                streamed.body().writeTo(new Reply.FrameSink() {
                    @Override
                    public void write(byte[] frame) throws java.io.IOException {
                        sink.write(frame);
                        progress.frameWritten();
                    }

                    @Override
                    public void faulting() {
                        progress.faulting();
                    }
                });
            } catch (java.io.IOException | InterruptedException e) {
                // A failed write, or the front end interrupting the writer because the client went away.
                progress.clientClosed();
                throw e;
            }
            progress.finished();
        });
    }

    /** The answer to a request whose body is over the front end's limit, in the shape of its service. */
    Reply tooLarge(Request request) {
        Route route = Route.of(request);
        String message = "1 validation error detected: Value at 'body' failed to satisfy constraint: "
                + "Member must have length less than or equal to 25000000";
        if (route.service() == Route.Service.STS) {
            return StsService.error(413, "Sender", "RequestEntityTooLarge", "Request body too large", request.requestId());
        }
        return BedrockErrors.error(route.service() == Route.Service.BEDROCK_RUNTIME ? 400 : 413,
                route.service() == Route.Service.BEDROCK_RUNTIME ? "ValidationException" : "RequestEntityTooLargeException",
                route.service() == Route.Service.BEDROCK_RUNTIME ? message : "Request body too large");
    }

    void reset() {
        faults.reset();
        journal.clear();
        clock.reset();
        credentials.clearSessions();
    }

    private Outcome dispatch(Request request, Route route) {
        return switch (route.service()) {
            case STS -> sts(request);
            case BEDROCK_RUNTIME, BEDROCK -> bedrock(request, route);
            case UNKNOWN -> new Outcome(BedrockErrors.error(404, "UnknownOperationException",
                    "No operation matches " + request.method() + " " + request.rawPath()), null);
            case CONTROL -> throw new IllegalStateException("control requests are not dispatched");
        };
    }

    private Outcome sts(Request request) {
        if (faults.stsDown()) {
            return new Outcome(StsService.error(503, "Receiver", "ServiceUnavailable",
                    "Service is unable to handle request.", request.requestId()), null);
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(request, "sts");
        } catch (AuthException e) {
            // STS words a missing signature its own way; the JSON services say "Missing Authentication Token".
            String message = e.failure() == AuthFailure.MISSING_AUTHENTICATION
                    ? "Request is missing Authentication Token" : e.getMessage();
            return new Outcome(StsService.error(e.failure().stsStatus(), "Sender", e.failure().stsCode(),
                    message, request.requestId()), null);
        }
        return new Outcome(sts.handle(request, caller.principal(), caller.region()), caller);
    }

    private Outcome bedrock(Request request, Route route) {
        Caller caller;
        try {
            caller = authenticator.authenticate(request, "bedrock");
        } catch (AuthException e) {
            return new Outcome(BedrockErrors.error(e.failure().bedrockStatus(), e.failure().bedrockCode(), e.getMessage()), null);
        }
        Reply reply = route.service() == Route.Service.BEDROCK_RUNTIME
                ? runtime.handle(request, route, caller)
                : controlPlane.handle(request, route, caller);
        return new Outcome(reply, caller);
    }

    private void record(long epoch, Request request, Route route, Outcome outcome, StreamProgress progress) {
        Reply reply = outcome.reply;
        String operation = route.service() == Route.Service.STS ? Route.stsAction(request) : route.operation();
        journal.record(epoch, sequence -> new RecordedRequest(sequence, clock.instant(), request.requestId(),
                route.service().id(), operation, request.method(), request.rawPath(), request.rawQuery(),
                RequestJournal.redact(request.headers()), RequestJournal.bodyText(request.body()), request.body().length,
                outcome.caller == null ? null : outcome.caller.principal().arn(),
                route.service() == Route.Service.BEDROCK_RUNTIME ? route.label() : null,
                reply.status(), errorCode(reply), progress));
    }

    private static String errorCode(Reply reply) {
        if (reply.status() < 400) {
            return null;
        }
        String type = reply.headers().get("x-amzn-ErrorType");
        if (type != null) {
            int colon = type.indexOf(':');
            return colon < 0 ? type : type.substring(0, colon);
        }
        if (reply instanceof Reply.Full full) {
            String body = new String(full.body(), StandardCharsets.UTF_8);
            int start = body.indexOf("<Code>");
            int end = body.indexOf("</Code>");
            if (start >= 0 && end > start) {
                return body.substring(start + "<Code>".length(), end);
            }
        }
        return null;
    }

    private record Outcome(Reply reply, Caller caller) {
    }
}
