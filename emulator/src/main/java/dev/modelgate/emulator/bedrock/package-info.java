/**
 * Everything Bedrock knows, without HTTP: the model catalogue, model-ID resolution, the model families' native bodies,
 * Converse, and the control-plane reads.
 *
 * <p>A runtime call ({@code POST /model/{modelId}/invoke|invoke-with-response-stream|converse|converse-stream}):
 * <ol>
 *   <li>{@link dev.modelgate.emulator.bedrock.ModelCatalog#resolve} the percent-decoded {@code modelId} for the
 *       call's Region, caller account and {@link dev.modelgate.emulator.bedrock.Operation}; check IAM for
 *       {@link dev.modelgate.emulator.bedrock.Operation#iamAction()} on every
 *       {@link dev.modelgate.emulator.bedrock.ResolvedModel#resourceArns()};</li>
 *   <li>{@link dev.modelgate.emulator.bedrock.ModelFamily#parse(byte[], String)} the body (or
 *       {@link dev.modelgate.emulator.bedrock.ModelFamily#parseConverse(byte[])}, which also validates tool use,
 *       images and documents), read the request's
 *       {@link dev.modelgate.emulator.bedrock.InvocationOptions} (guardrail, latency, service tier; from headers or
 *       the Converse body), check {@link dev.modelgate.emulator.bedrock.Modalities} against the model and
 *       {@link dev.modelgate.emulator.bedrock.InvocationOptions#requireSupportedBy} it;</li>
 *   <li>a guardrail that intervenes ({@link dev.modelgate.emulator.bedrock.GuardrailVerdict}) replaces the reply;
 *       otherwise {@link dev.modelgate.emulator.bedrock.ModelFamily#generate(tools.jackson.databind.JsonNode, Prompt)}
 *       (Claude tool use) or
 *       {@link dev.modelgate.emulator.bedrock.ModelFamily#converse} (Converse text or tool calls, by the tool rule of
 *       {@code ConverseTools});</li>
 *   <li>write {@link dev.modelgate.emulator.bedrock.ModelFamily#invokeResponse},
 *       {@link dev.modelgate.emulator.bedrock.ModelFamily#streamChunks} (each chunk goes base64 into
 *       {@code {"bytes":…}}), or the {@link dev.modelgate.emulator.bedrock.ConverseAnswer}'s response body or stream
 *       events; the token-count headers are the {@link dev.modelgate.emulator.bedrock.Generation}'s.</li>
 * </ol>
 * Every refusal is a {@link dev.modelgate.emulator.bedrock.BedrockException} carrying the error code, HTTP status and
 * AWS's message. The control plane is {@link dev.modelgate.emulator.bedrock.ControlPlane}.
 */
package dev.modelgate.emulator.bedrock;
