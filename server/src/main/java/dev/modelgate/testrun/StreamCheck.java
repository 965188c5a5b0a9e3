package dev.modelgate.testrun;

import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.invoke.Deadline;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.invoke.ModelStream;
import dev.modelgate.invoke.StreamingInvoker;
import dev.modelgate.mapping.MappingResult;
import dev.modelgate.mapping.StreamMapping;
import dev.modelgate.mapping.StreamMappingReport;
import dev.modelgate.testrun.StageResult.Outcome;
import dev.modelgate.invoke.StreamingInvocations;
import dev.modelgate.model.ModelConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stage 4 of a Test run ({@link StreamStage}): streams the answer once, within the model's total timeout, keeping
 * the chunks as they came (at most {@value #MAX_CHUNKS}, each cut at {@value #MAX_CHUNK_CHARS} characters) and the
 * joined text (at most {@value #MAX_TEXT_CHARS} characters), applies the stream mapping, and compares the counts with
 * Bedrock's invocation metrics and the text with the non-streamed answer's.
 */
final class StreamCheck {

    /** The most chunks a stage shows. */
    static final int MAX_CHUNKS = 100;
    /** The longest chunk a stage shows, in characters of its raw base64 (and of its decoded JSON). */
    static final int MAX_CHUNK_CHARS = 4_096;
    /** The longest joined text a stage shows. */
    static final int MAX_TEXT_CHARS = 65_536;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SHOWN = "the chunks are shown in the STREAM stage";

    private final StreamingInvoker invoker;
    private final InvokeDiagnoses diagnoses;
    private final Function<ModelConfiguration, Deadline> deadlines;

    /**
     * @param deadlines each stream's deadline: the model's total timeout, ending sooner should the process stop
     *                  ({@link dev.modelgate.invoke.ModelInvoker#deadline}, whose {@link dev.modelgate.invoke.Cutoff}
     *                  then answers {@code SHUTTING_DOWN})
     */
    StreamCheck(StreamingInvoker invoker, InvokeDiagnoses diagnoses, Function<ModelConfiguration, Deadline> deadlines) {
        this.invoker = invoker;
        this.diagnoses = diagnoses;
        this.deadlines = deadlines;
    }

    /** Why a stream ended at its deadline: the process stopping ({@code SHUTTING_DOWN}), or the model's timeout. */
    private static InvokeException expired(Deadline deadline, ModelStream stream, long chunks) {
        try {
            deadline.check(Deadline.Step.STREAM, stream.attempts());
        } catch (Deadline.CutOffException e) {
            return e;
        } catch (InvokeException e) {
            // The model's own timeout: said below with what the stream had delivered.
        }
        return new InvokeException(InvokeException.Kind.TIMEOUT, "the model's total timeout of "
                + deadline.total().toMillis() + " ms ran out while streaming (" + chunks + " chunks received)", 0,
                null, stream.requestId(), stream.attempts(), null);
    }

    /**
     * @param mappedText the non-streamed answer's mapped text, to compare with; null when there is none
     */
    StreamStage run(InvokeDiagnoses.Call call, String mappedText) {
        long started = System.nanoTime();
        StreamMapping mapping = call.configuration().outputMapping().stream().orElseThrow();
        Deadline deadline = deadlines.apply(call.configuration());
        ModelStream stream;
        try {
            stream = invoker.open(call.workspaceId(), call.key(), call.configuration(), call.body(), deadline);
        } catch (InvokeException e) {
            return failed(started, e.requestId().orElse(null), diagnoses.of(e, call,
                    InvokeCheck.aws(e, InvokeCheck.serviceCause(e))));
        } catch (AssumeRoleException e) {
            return failed(started, null, AssumeRoleDiagnoses.of(e, call.key(), Optional.empty(), Optional.empty()));
        }
        StreamMapping.Reading reading = mapping.start();
        List<StreamStage.Chunk> chunks = new ArrayList<>();
        boolean chunksTruncated = false;
        StringBuilder text = new StringBuilder();
        boolean textTruncated = false;
        Long firstToken = null;
        InvokeException failure = null;
        try (stream) {
            while (failure == null) {
                Duration left = deadline.remaining();
                if (left.isZero()) {
                    failure = expired(deadline, stream, reading.chunks());
                    break;
                }
                // Waits in slices, so that the process stopping (which cuts the deadline) is seen within one.
                ModelStream.Event event = stream.next(left.compareTo(StreamingInvocations.IDLE_CHECK) < 0 ? left
                        : StreamingInvocations.IDLE_CHECK);
                if (event == null) {
                    continue;
                }
                if (event instanceof ModelStream.End) {
                    break;
                }
                if (event instanceof ModelStream.Failure(InvokeException error)) {
                    failure = error;
                    break;
                }
                byte[] bytes = ((ModelStream.Chunk) event).bytes();
                JsonNode decoded = null;
                try {
                    decoded = JSON.readTree(bytes);
                } catch (JacksonException e) {
                    failure = new InvokeException(InvokeException.Kind.INVALID_RESPONSE, "chunk "
                            + (reading.chunks() + 1) + " is not JSON: " + e.getOriginalMessage(), 200, null,
                            stream.requestId(), stream.attempts(), null);
                }
                if (chunks.size() < MAX_CHUNKS) {
                    String raw = Base64.getEncoder().encodeToString(bytes);
                    boolean cut = raw.length() > MAX_CHUNK_CHARS || bytes.length > MAX_CHUNK_CHARS;
                    chunks.add(new StreamStage.Chunk(cut ? raw.substring(0, Math.min(raw.length(), MAX_CHUNK_CHARS))
                            : raw, cut ? null : decoded));
                    chunksTruncated |= cut;
                } else {
                    chunksTruncated = true;
                }
                if (decoded != null) {
                    String delta = reading.chunk(decoded);
                    if (delta != null && !delta.isEmpty()) {
                        if (firstToken == null) {
                            firstToken = Duration.ofNanos(System.nanoTime() - started).toMillis();
                        }
                        int room = MAX_TEXT_CHARS - text.length();
                        textTruncated |= delta.length() > room;
                        text.append(delta, 0, Math.min(delta.length(), Math.max(0, room)));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InvokeException(InvokeException.Kind.UNAVAILABLE, "interrupted while streaming", 0, null,
                    stream.requestId(), stream.attempts(), e);
        }
        StreamMappingReport report = reading.report();
        StreamStage.Tokens tokens = new StreamStage.Tokens(
                StreamStage.TokenCount.of(mapped(report.inputTokens()), boxed(report.metricsInput())),
                StreamStage.TokenCount.of(mapped(report.outputTokens()), boxed(report.metricsOutput())));
        List<MapStage.Field> fields = List.of(MapCheck.field(report.text()), MapCheck.field(report.inputTokens()),
                MapCheck.field(report.outputTokens()));
        List<String> warnings = new ArrayList<>();
        for (String disagreement : report.disagreements()) {
            warnings.add(disagreement + "; check that the path reads that count.");
        }
        if (failure == null && report.successful() && mappedText != null && !textTruncated
                && !mappedText.equals(text.toString())) {
            warnings.add("The streamed text (" + text.length() + " characters) differs from the non-streamed "
                    + "answer's mapped text (" + mappedText.length() + " characters); a model that samples (a "
                    + "temperature above 0) answers differently each time, otherwise check outputMapping.stream.text.");
        }
        Diagnosis diagnosis = null;
        if (failure != null) {
            diagnosis = diagnoses.of(failure, call, InvokeCheck.aws(failure, InvokeCheck.serviceCause(failure)));
        } else if (!report.successful()) {
            diagnosis = MapCheck.diagnosis(report.failures(), SHOWN);
        }
        return new StreamStage(diagnosis == null ? Outcome.PASSED : Outcome.FAILED,
                AssumeRoleCheck.millisSince(started), stream.requestId(), reading.chunks(), chunks, chunksTruncated,
                text.toString(), textTruncated, fields, tokens, firstToken, warnings, diagnosis);
    }

    private static StreamStage failed(long started, String requestId, Diagnosis diagnosis) {
        return new StreamStage(Outcome.FAILED, AssumeRoleCheck.millisSince(started), requestId, 0, List.of(), false,
                null, false, List.of(), null, null, List.of(), diagnosis);
    }

    private static Long mapped(MappingResult<Long> result) {
        return result instanceof MappingResult.Mapped<Long> m ? m.value() : null;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
