/**
 * OpenAI's chat completions, in plain Java: {@link dev.modelgate.openai.ChatRequest} reads and validates a
 * {@code POST /v1/chat/completions} body; {@link dev.modelgate.openai.ConverseTranslation} turns it into a Converse
 * model's invoke body and {@link dev.modelgate.openai.TemplateTranslation} into a template model's variables;
 * {@link dev.modelgate.openai.ChatCompletions} and {@link dev.modelgate.openai.ChatStream} write the answer and the
 * stream's chunks in OpenAI's exact shapes. Every violation's field is the OpenAI parameter path
 * ({@code messages[2].content[0].image_url.url}).
 *
 * <h2>Limits</h2>
 * {@value dev.modelgate.openai.ChatRequest#MAX_MESSAGES} messages (a Converse model then takes at most
 * {@value dev.modelgate.converse.ConverseJson#MAX_MESSAGES} after consecutive same-role messages are merged);
 * {@value dev.modelgate.openai.ChatRequest#MAX_CONTENT_PARTS} content parts and
 * {@value dev.modelgate.openai.ChatRequest#MAX_TOOL_CALLS} tool calls per message;
 * {@value dev.modelgate.openai.ChatRequest#MAX_TEXT_CHARS} characters per text and per tool call's arguments;
 * images of at most {@value dev.modelgate.openai.ChatRequest#MAX_IMAGE_BYTES} bytes decoded;
 * {@value dev.modelgate.openai.ChatRequest#MAX_TOOLS} tools, each named {@code [a-zA-Z0-9_-]{1,64}} (so are
 * tool call IDs and JSON schema names), descriptions of at most
 * {@value dev.modelgate.openai.ChatRequest#MAX_DESCRIPTION_CHARS} characters;
 * {@value dev.modelgate.openai.ChatRequest#MAX_STOP} stop sequences of at most
 * {@value dev.modelgate.openai.ChatRequest#MAX_STOP_CHARS} characters; {@code metadata} of at most
 * {@value dev.modelgate.openai.ChatRequest#MAX_METADATA_PAIRS} string pairs, keys of at most
 * {@value dev.modelgate.openai.ChatRequest#MAX_METADATA_KEY_CHARS} and values of at most
 * {@value dev.modelgate.openai.ChatRequest#MAX_METADATA_VALUE_CHARS} characters; {@code model} of at most
 * {@value dev.modelgate.openai.ChatRequest#MAX_MODEL_CHARS}, {@code user} of at most
 * {@value dev.modelgate.openai.ChatRequest#MAX_IDENTIFIER_CHARS} characters.
 *
 * <h2>What each field becomes</h2>
 * <table>
 * <caption>OpenAI request → Converse model / template model</caption>
 * <tr><th>OpenAI</th><th>Converse model</th><th>Template model (by its chat rule)</th></tr>
 * <tr><td>{@code model}</td><td colspan="2">the workspace's model name</td></tr>
 * <tr><td>{@code system}, {@code developer} messages</td><td>{@code system} text blocks, one per message (its text
 *     parts joined by a line break), in order, wherever they stand in the chat; blank ones left out</td>
 *     <td>{@code chat.system} ← their texts joined by a blank line; refused when the rule has no system
 *     variable</td></tr>
 * <tr><td>{@code user} messages</td><td>user messages: text parts → {@code text} blocks (blank ones left out),
 *     {@code image_url} parts → {@code image} {format, source.bytes}</td>
 *     <td>{@code chat.prompt} ← the last user message's text parts joined by a line break; images refused
 *     (use a Converse model)</td></tr>
 * <tr><td>{@code assistant} messages</td><td>assistant messages: text (and refusal) parts → {@code text} blocks;
 *     {@code tool_calls[j]} → {@code toolUse} {toolUseId = id, name, input = arguments parsed ("" is
 *     {@code {}})}; {@code annotations} and {@code parsed} (what the SDKs send back when an answer's message is
 *     appended as it came) read and left aside</td><td>only in {@code chat.messages}; tool calls refused without
 *     it</td></tr>
 * <tr><td>{@code tool} messages</td><td>{@code toolResult} {toolUseId = tool_call_id, content [{text}]} in a user
 *     message (a JSON-looking text stays text; a blank one is refused: Converse takes no blank text)</td><td>only in {@code chat.messages}; refused without it</td></tr>
 * <tr><td>the conversation</td><td>consecutive messages of the same Converse role (user and tool are both user)
 *     merged into one message: Converse requires alternation, starting with a user message</td>
 *     <td>{@code chat.messages} ← every message but system and developer, as sent (role, content, name,
 *     tool_calls, tool_call_id); without it a chat must end with a user message, and earlier turns are not
 *     sent</td></tr>
 * <tr><td>{@code tools[].function}</td><td>{@code toolConfig.tools[].toolSpec} {name, description,
 *     inputSchema.json = parameters, or {@code {"type":"object","properties":{}}} when they are absent or empty}; {@code strict} is not
 *     enforced</td><td>{@code chat.tools} ← the array as sent; refused without it (unless tool_choice is
 *     none)</td></tr>
 * <tr><td>{@code tool_choice}</td><td>auto → {@code {auto:{}}}; required → {@code {any:{}}}; a function →
 *     {@code {tool:{name}}}; none → no toolConfig, unless the history carries tool calls or results (Converse then
 *     requires the tools; the model may still call them); absent → toolConfig without a choice</td>
 *     <td>none → no tools sent; auto → as above; required or a function → refused (a template cannot be made to
 *     call a tool)</td></tr>
 * <tr><td>{@code parallel_tool_calls}</td><td colspan="2">true or absent; false is refused (Bedrock cannot limit a
 *     turn to one call)</td></tr>
 * <tr><td>{@code max_completion_tokens} (wins), {@code max_tokens}</td><td>{@code inferenceConfig.maxTokens}</td>
 *     <td>{@code chat.maxTokens}; ignored when the rule has none</td></tr>
 * <tr><td>{@code temperature} (0..2)</td><td>{@code inferenceConfig.temperature} (Converse takes 0..1: more is a
 *     violation of {@code temperature})</td><td>{@code chat.temperature}; ignored when the rule has none</td></tr>
 * <tr><td>{@code top_p}</td><td>{@code inferenceConfig.topP}</td><td>{@code chat.topP}; ignored when the rule has
 *     none</td></tr>
 * <tr><td>{@code stop} (a string or ≤ 4)</td><td>{@code inferenceConfig.stopSequences}</td>
 *     <td>{@code chat.stop}, always an array; ignored when the rule has none</td></tr>
 * <tr><td>{@code response_format}</td><td>text → nothing; json_schema → a forced tool named after the schema
 *     (its input is the answer's content, finish_reason "stop"); json_object → a forced tool
 *     {@value dev.modelgate.openai.ConverseTranslation#JSON_OBJECT_TOOL} with schema
 *     {@code {"type":"object"}}; json_* with {@code tools} refused</td><td>text → nothing; json_* refused
 *     (a template answers free text)</td></tr>
 * <tr><td>{@code n}</td><td colspan="2">1 or absent; anything else refused (Bedrock answers one choice)</td></tr>
 * <tr><td>{@code stream}, {@code stream_options.include_usage}</td><td colspan="2">a stream of chunks; the usage
 *     chunk last when asked (streams only)</td></tr>
 * <tr><td>{@code user}, {@code metadata}, {@code store}, {@code service_tier}, {@code safety_identifier},
 *     {@code prompt_cache_key}; a message's {@code name}; an image's {@code detail}</td>
 *     <td colspan="2">checked and accepted, not sent to the model (a message's name stays in
 *     {@code chat.messages})</td></tr>
 * <tr><td>{@code logprobs}, {@code top_logprobs}, {@code frequency_penalty}, {@code presence_penalty},
 *     {@code logit_bias}, {@code seed}, {@code audio}, {@code modalities}, {@code prediction},
 *     {@code web_search_options}, {@code reasoning_effort}, {@code verbosity}, {@code functions},
 *     {@code function_call}</td><td colspan="2">refused ({@code unsupported-parameter}) unless given their neutral
 *     value (false, 0, null, empty, {@code ["text"]}): Bedrock's models cannot honour them</td></tr>
 * <tr><td>any other parameter</td><td colspan="2">refused ({@code unknown-parameter})</td></tr>
 * </table>
 *
 * <p>Refused everywhere: {@code image_url} with an http(s) address ({@code url-not-fetched}: Modelgate never fetches
 * URLs; send a data URL {@code data:image/(png|jpeg|jpg|gif|webp);base64,…}); tool call arguments that are not a
 * JSON object ({@code invalid-json}); the deprecated {@code function} role; audio and file parts.
 *
 * <h2>What the answer becomes</h2>
 * {@link dev.modelgate.openai.ChatCompletions#answer} reads a Converse answer's message. The text →
 * {@code choices[0].message.content} (null when the answer is tool calls alone; a structured output tool's input,
 * as compact JSON, when {@code response_format} forced one); Converse
 * {@code toolUse} blocks → {@code tool_calls} {id = toolUseId, type "function", function {name, arguments = the
 * input as compact JSON}}; the stop reason → {@code finish_reason} by
 * {@link dev.modelgate.openai.ChatCompletions#finishReason(String)} (stop, length, tool_calls, content_filter for a
 * guardrail or a content filter); usage → {@code prompt_tokens} (cache reads and writes included),
 * {@code completion_tokens}, {@code total_tokens}, {@code prompt_tokens_details.cached_tokens} (cache reads), left
 * out when no count is known. A stream's chunks: {@link dev.modelgate.openai.ChatStream}.
 */
package dev.modelgate.openai;
