/**
 * Invoking a tenant's model on Amazon Bedrock: {@link dev.modelgate.invoke.ModelInvoker} renders the model's
 * request template, calls {@code InvokeModel} through a shared {@link dev.modelgate.invoke.BedrockClients} client
 * signed with the tenant's session, and maps the answer.
 *
 * <p>Failures are {@link dev.modelgate.invoke.InvokeException}s with a
 * {@link dev.modelgate.invoke.InvokeException.Kind}; Bedrock's own message is kept, secrets and bodies never appear.
 * Only throttling, 5xx and {@code ModelNotReadyException} are retried ({@link dev.modelgate.invoke.RetryPolicy}); a
 * session Bedrock finds expired is assumed anew once. A 200 answer that is not JSON (cut short, an HTML page) is
 * {@code INVALID_RESPONSE}, not a mapping failure: there is no document to map.
 */
package dev.modelgate.invoke;
