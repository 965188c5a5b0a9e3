/**
 * Usage records: one per invocation and per Test of a model, with its workspace, model, tokens, latency, outcome and
 * time, and the reports read from them. Plain Java over Spring's {@code JdbcClient}; Micrometer for metrics.
 *
 * <ul>
 *   <li>{@link dev.modelgate.usage.UsageRecord} is the value callers build ({@link dev.modelgate.usage.UsageRecord#create}
 *       gives it an id); it holds no prompt, answer or message.</li>
 *   <li>{@link dev.modelgate.usage.UsageRecorder} is the role callers use; {@link dev.modelgate.usage.JdbcUsageRecorder}
 *       writes on the caller's thread and, while the database fails, keeps records in a bounded buffer retried in
 *       the background and flushed on close.</li>
 *   <li>{@link dev.modelgate.usage.UsageRepository} stores records and answers a
 *       {@link dev.modelgate.usage.UsageQuery} (workspace, range, model, kind) with a
 *       {@link dev.modelgate.usage.UsageReport}: totals, each model's usage and latency percentiles, each UTC day's.
 *       It counts each record into the daily rollups ({@link dev.modelgate.usage.UsageRollups}) in the transaction
 *       that stores it, and reads the UTC days a range covers whole from them ({@link dev.modelgate.usage.RollupRange}),
 *       so that a report over months reads some rows per model and day, not every call.</li>
 * </ul>
 *
 * Records have no foreign key to their model: usage outlives a deleted model, and a draft's Test has no model id.
 */
package dev.modelgate.usage;
