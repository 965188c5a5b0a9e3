/**
 * Tracing, behind a port of its own: {@link dev.modelgate.tracing.Tracing} starts spans, each a
 * {@link dev.modelgate.tracing.TraceSpan}; {@link dev.modelgate.tracing.Tracing#OFF} (the default) answers one span
 * that records nothing, so that a traced path costs no allocation when tracing is off.
 * {@link dev.modelgate.tracing.OpenTelemetryTracing} is the how, on the OpenTelemetry API. Plain Java; no Spring.
 *
 * <p>What a span may hold: IDs, names, counts, codes and durations. Never a prompt, an answer, a secret, a session
 * token or an error's message (a refusal's message may quote the request).
 */
package dev.modelgate.tracing;
