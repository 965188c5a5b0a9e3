/**
 * The one vocabulary of failures: {@link dev.modelgate.error.ErrorCode}, every stable code the API answers and the
 * Test diagnoses, with its HTTP status, meaning and {@link dev.modelgate.error.Retry retry advice}; and
 * {@link dev.modelgate.error.ModelgateException}, the exception that carries one. Plain Java: every feature package
 * may import it, and it imports none of them and nothing of Spring. The web layer maps codes to statuses; the
 * README's "Error codes" section and the OpenAPI document list the table, and tests keep both equal to it.
 */
package dev.modelgate.error;
