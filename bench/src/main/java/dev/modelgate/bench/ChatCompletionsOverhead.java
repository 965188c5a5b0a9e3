package dev.modelgate.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What Modelgate's OpenAI-compatible endpoint adds over its native invoke endpoint: the same model, the same prompt,
 * against the same in-process emulator (signatures verified, no injected latency), called through
 * {@code POST /api/v1/models/{name}/invoke} and through {@code POST /v1/chat/completions}, side by side in one run,
 * for a template model and for a Converse model, at each concurrency; non-streamed (latency p50/p90/p99/max, calls
 * per second) and streamed (time to first token and total time, p50/p99). Each window also reads the server's CPU
 * time (process CPU time over the window, per call) and its JIT compilers' share.
 *
 * <p>The server and its setup are {@link BenchGateway}'s (as for {@link GatewayOverhead}): a Claude 3 Haiku template
 * model (with a stream mapping, so that it streams) and a Claude 3 Haiku Converse model (its default
 * {@code inferenceConfig.maxTokens} the template's 64), both Tested to READY, and an AGENT key. The native calls send
 * what the OpenAI request translates to: {@code {"variables": {"prompt": …}}} for the template model (the default chat
 * rule puts the last user message into {@code prompt}), {@code {"messages": [{"role": "user", "content": [{"text":
 * …}]}]}} for the Converse model. Before anything is measured, one call through each endpoint must give the same text;
 * every streamed answer of every window is checked against it (a different one counts as an error).
 *
 * <p>At each concurrency and for each model the two endpoints are measured in {@code --rounds} rounds of one window
 * each, the order alternating (invoke, chat; chat, invoke; …), each window after its own short warm-up; an
 * endpoint's windows are reported together.
 *
 * <pre>./modelgate bench openai [--seconds 10] [--rounds 2] [--initial-warmup 20] [--warmup 3] [--concurrency 1,32] [--modes plain,stream]</pre>
 *
 * Exits with status 1 when more than 0.1 % of the calls of any window failed.
 */
public final class ChatCompletionsOverhead {

    static final String TEMPLATE_MODEL = "bench-haiku";
    static final String CONVERSE_MODEL = "bench-haiku-converse";
    static final double MAX_ERROR_RATE = 0.001;

    private ChatCompletionsOverhead() {
    }

    /** One endpoint's windows: what the callers measured, and the server's CPU time over them, of which its JIT's. */
    record Window<M>(M measurement, Duration serverCpu, Optional<Duration> serverJitCpu) {

        /** This window and {@code other} as one, the measurements joined by {@code and}. */
        Window<M> and(Window<M> other, BinaryOperator<M> and) {
            return new Window<>(and.apply(measurement, other.measurement), serverCpu.plus(other.serverCpu),
                    serverJitCpu.flatMap(a -> other.serverJitCpu.map(a::plus)));
        }
    }

    /** Both endpoints for one model at one concurrency. */
    record Level<M>(String model, int callers, Window<M> invoke, Window<M> chat) {
    }

    /** One model's two ways in. */
    private record Pair<P extends AutoCloseable>(String model, P invoke, P chat) {
    }

    public static void main(String[] args) throws Exception {
        ChatCompletionsOptions options;
        try {
            options = ChatCompletionsOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("modelgate-bench-openai-");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Run run = new Run(options, work);
        try {
            run.measure();
        } catch (Exception | Error e) {
            System.err.println("ChatCompletionsOverhead failed; the server's log and database stay in " + work);
            throw e;
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.print(ChatCompletionsReport.markdown(options, run.answers, run.plain, run.streams, loadBefore,
                loadAfter));
        GatewayOverhead.deleteTree(work);
        List<String> failed = Stream.concat(
                        run.plain.stream().flatMap(l -> Stream.of(l.invoke(), l.chat()))
                                .map(w -> failure(w.measurement().label(), w.measurement().callers(),
                                        w.measurement().errors(), w.measurement().errorRate(), w.measurement().firstError())),
                        run.streams.stream().flatMap(l -> Stream.of(l.invoke(), l.chat()))
                                .map(w -> failure(w.measurement().label(), w.measurement().callers(),
                                        w.measurement().errors(), w.measurement().errorRate(), w.measurement().firstError())))
                .flatMap(Optional::stream).toList();
        if (!failed.isEmpty()) {
            System.err.println("more than " + 100 * MAX_ERROR_RATE + " % of calls failed:\n  " + String.join("\n  ", failed));
            System.exit(1);
        }
    }

    private static Optional<String> failure(String label, int callers, long errors, double rate, String first) {
        return rate <= MAX_ERROR_RATE ? Optional.empty() : Optional.of(String.format(
                "%s at %d callers: %d errors (%.3f %%), first: %s", label, callers, errors, 100 * rate, first));
    }

    /** One benchmark run: the server and the emulator it talks to, set up, measured and stopped. */
    private static final class Run {
        private final ChatCompletionsOptions options;
        private final Path work;
        /** Per model, the answer both endpoints gave before the measurements. */
        private final Map<String, String> answers = new LinkedHashMap<>();
        private final List<Level<LoadRun.Measurement>> plain = new ArrayList<>();
        private final List<Level<StreamLoad.Measurement>> streams = new ArrayList<>();

        Run(ChatCompletionsOptions options, Path work) {
            this.options = options;
            this.work = work;
        }

        void measure() throws Exception {
            List<String> jvm = options.jfr().map(file -> List.of("-XX:StartFlightRecording=settings=profile,filename=" + file))
                    .orElse(List.of());
            try (BenchGateway bench = BenchGateway.start(options.serverJar(), work, jvm, List.of(),
                    ChatCompletionsOverhead::progress)) {
                ServerProcess server = bench.server();
                BenchGateway.Setup setup = bench.setUp(templateDraft(bench), ChatCompletionsOverhead::progress);
                bench.addModel(converseDraft(bench));
                progress("set up the Converse model " + CONVERSE_MODEL + " (READY)");
                URI base = server.baseUri();
                String key = setup.agentKey();
                String prompt = Prompts.SHORT;
                Map<String, Object> templateBody = Map.of("variables", Map.of("prompt", prompt));
                Map<String, Object> converseBody = Map.of("messages",
                        List.of(Map.of("role", "user", "content", List.of(Map.of("text", prompt)))));
                try (InvokePath templateInvoke = new GatewayPath("invoke", base, key, TEMPLATE_MODEL, templateBody);
                     InvokePath templateChat = new ChatCompletionsPath("chat completions", base, key, TEMPLATE_MODEL, prompt);
                     InvokePath converseInvoke = new GatewayPath("invoke", base, key, CONVERSE_MODEL, converseBody);
                     InvokePath converseChat = new ChatCompletionsPath("chat completions", base, key, CONVERSE_MODEL, prompt);
                     StreamPath templateInvokeStream = new GatewayStreamPath("invoke stream", base, key, TEMPLATE_MODEL,
                             templateBody);
                     StreamPath templateChatStream = new ChatCompletionsStreamPath("chat completions stream", base, key,
                             TEMPLATE_MODEL, prompt);
                     StreamPath converseInvokeStream = new GatewayStreamPath("invoke stream", base, key, CONVERSE_MODEL,
                             converseBody);
                     StreamPath converseChatStream = new ChatCompletionsStreamPath("chat completions stream", base, key,
                             CONVERSE_MODEL, prompt)) {
                    List<Pair<InvokePath>> calls = List.of(new Pair<>("template", templateInvoke, templateChat),
                            new Pair<>("Converse", converseInvoke, converseChat));
                    List<Pair<StreamPath>> streamed = List.of(
                            new Pair<>("template", templateInvokeStream, templateChatStream),
                            new Pair<>("Converse", converseInvokeStream, converseChatStream));
                    for (Pair<InvokePath> pair : calls) {
                        answers.put(pair.model(), sameAnswer(pair));
                    }
                    for (Pair<StreamPath> pair : streamed) {
                        String expected = answers.get(pair.model());
                        check(pair.model() + " " + pair.invoke().label(), pair.invoke().call(), expected);
                        check(pair.model() + " " + pair.chat().label(), pair.chat().call(), expected);
                    }
                    int busiest = options.concurrency().stream().mapToInt(Integer::intValue).max().orElseThrow();
                    if (options.plain()) {
                        for (Pair<InvokePath> pair : calls) {
                            warmCalls(pair.model(), pair.invoke(), busiest, options.initialWarmup(), server);
                            warmCalls(pair.model(), pair.chat(), busiest, options.initialWarmup(), server);
                        }
                        for (int callers : options.concurrency()) {
                            for (Pair<InvokePath> pair : calls) {
                                plain.add(level(pair, callers, (path, n) -> callWindow(pair.model(), path, n, server),
                                        LoadRun.Measurement::and));
                            }
                        }
                    }
                    if (options.stream()) {
                        for (Pair<StreamPath> pair : streamed) {
                            warmStreams(pair.model(), pair.invoke(), busiest, options.initialWarmup(), server);
                            warmStreams(pair.model(), pair.chat(), busiest, options.initialWarmup(), server);
                        }
                        for (int callers : options.concurrency()) {
                            for (Pair<StreamPath> pair : streamed) {
                                String expected = answers.get(pair.model());
                                streams.add(level(pair, callers,
                                        (path, n) -> streamWindow(pair.model(), path, n, expected, server),
                                        StreamLoad.Measurement::and));
                            }
                        }
                    }
                }
            }
        }

        /**
         * {@link BenchGateway#draft}'s Claude 3 Haiku template model, its mapping with a stream part (the text of each
         * {@code content_block_delta}, the input tokens of {@code message_start}, the output tokens of
         * {@code message_delta}), so that it can stream.
         */
        private static Map<String, Object> templateDraft(BenchGateway bench) {
            Map<String, Object> draft = bench.draft(TEMPLATE_MODEL, Map.of());
            Map<String, Object> mapping = new LinkedHashMap<>(Map.of("text", "$.content[0].text",
                    "inputTokens", "$.usage.input_tokens", "outputTokens", "$.usage.output_tokens"));
            mapping.put("stream", Map.of("text", "$.delta.text", "inputTokens", "$.message.usage.input_tokens",
                    "outputTokens", "$.usage.output_tokens"));
            draft.put("outputMapping", mapping);
            return draft;
        }

        /** The same model through Converse: no template or mapping; maxTokens 64 as in the template. */
        private static Map<String, Object> converseDraft(BenchGateway bench) {
            Map<String, Object> draft = bench.draft(CONVERSE_MODEL, Map.of());
            draft.remove("requestTemplate");
            draft.remove("outputMapping");
            draft.put("api", "CONVERSE");
            draft.put("converse", Map.of("inferenceConfig", Map.of("maxTokens", 64)));
            return draft;
        }

        private static String sameAnswer(Pair<InvokePath> pair) throws Exception {
            String invoke = pair.invoke().call();
            String chat = pair.chat().call();
            if (invoke.isEmpty() || !invoke.equals(chat)) {
                throw new IllegalStateException("the " + pair.model() + " model's two endpoints answered differently: "
                        + "invoke \"" + invoke + "\", chat completions \"" + chat + "\"");
            }
            return invoke;
        }

        private static void check(String what, StreamAnswer answer, String expected) {
            if (!answer.text().equals(expected)) {
                throw new IllegalStateException(what + " streamed other text than the non-streamed answer: \""
                        + answer.text() + "\", not \"" + expected + "\"");
            }
        }

        /**
         * Both endpoints of {@code pair} at {@code callers}, in {@code --rounds} rounds whose order alternates (invoke
         * then chat, chat then invoke, …), so that a drift of the machine's load during the level weighs on both
         * alike; each endpoint's windows are joined into one.
         */
        private <P extends AutoCloseable, M> Level<M> level(Pair<P> pair, int callers,
                                                            java.util.function.BiFunction<P, Integer, Window<M>> measure,
                                                            BinaryOperator<M> and) {
            Window<M> invoke = null;
            Window<M> chat = null;
            for (int round = 0; round < options.rounds(); round++) {
                boolean invokeFirst = round % 2 == 0;
                Window<M> first = measure.apply(invokeFirst ? pair.invoke() : pair.chat(), callers);
                Window<M> second = measure.apply(invokeFirst ? pair.chat() : pair.invoke(), callers);
                Window<M> invokeWindow = invokeFirst ? first : second;
                Window<M> chatWindow = invokeFirst ? second : first;
                invoke = invoke == null ? invokeWindow : invoke.and(invokeWindow, and);
                chat = chat == null ? chatWindow : chat.and(chatWindow, and);
            }
            return new Level<>(pair.model(), callers, invoke, chat);
        }

        private Window<LoadRun.Measurement> callWindow(String model, InvokePath path, int callers, ServerProcess server) {
            warmCalls(model, path, callers, options.warmup(), server);
            progress(String.format("measuring the %s model's %s at %d callers (%d s)", model, path.label(), callers,
                    options.window().toSeconds()));
            return window(server, () -> LoadRun.run(path, callers, options.window(), options.maxCalls()));
        }

        private Window<StreamLoad.Measurement> streamWindow(String model, StreamPath path, int callers, String expected,
                                                             ServerProcess server) {
            warmStreams(model, path, callers, options.warmup(), server);
            progress(String.format("measuring the %s model's %s at %d callers (%d s)", model, path.label(), callers,
                    options.window().toSeconds()));
            return window(server, () -> StreamLoad.run(path, callers, options.window(), options.maxCalls(),
                    answer -> check(path.label(), answer, expected)));
        }

        private static <M> Window<M> window(ServerProcess server, java.util.function.Supplier<M> load) {
            Duration cpuBefore = server.cpuTime();
            Optional<Duration> jitBefore = server.jitCpuTime();
            M measurement = load.get();
            Duration cpu = server.cpuTime().minus(cpuBefore);
            Optional<Duration> jit = jitBefore.flatMap(before -> server.jitCpuTime().map(after -> after.minus(before)));
            return new Window<>(measurement, cpu, jit);
        }

        private void warmCalls(String model, InvokePath path, int callers, Duration duration, ServerProcess server) {
            warm(model, path.label(), callers, duration, server,
                    d -> LoadRun.run(path, callers, d, options.maxCalls()).errors());
        }

        private void warmStreams(String model, StreamPath path, int callers, Duration duration, ServerProcess server) {
            warm(model, path.label(), callers, duration, server,
                    d -> StreamLoad.run(path, callers, d, options.maxCalls(), a -> {
                    }).errors());
        }

        private static void warm(String model, String label, int callers, Duration duration, ServerProcess server,
                                 Function<Duration, Long> load) {
            if (duration.isZero()) {
                return;
            }
            progress(String.format("warming up the %s model's %s at %d callers (%d s)", model, label, callers,
                    duration.toSeconds()));
            Optional<Duration> jitBefore = server.jitCpuTime();
            long errors = load.apply(duration);
            if (errors > 0) {
                progress(String.format("  %d calls failed while warming up", errors));
            }
            jitBefore.flatMap(before -> server.jitCpuTime().map(after -> after.minus(before))).ifPresent(jit ->
                    progress(String.format("  Modelgate's JIT compilers used %.2f s of CPU meanwhile", jit.toMillis() / 1e3)));
        }
    }

    private static void progress(String line) {
        System.err.println("openai: " + line);
    }
}
