/**
 * The Test run: a model configuration tried for real, stage by stage, with a diagnosis of the first stage that fails.
 *
 * <ul>
 *   <li>{@link dev.modelgate.testrun.TestRunner} runs the stages — ASSUME_ROLE (fresh {@code AssumeRole}, and the
 *       probe that the role requires the External ID), INVOKE (the rendered body through
 *       {@link dev.modelgate.invoke.ModelInvoker#call}), MAP (the output mapping, token counts against Bedrock's
 *       headers) — marks a passed revision READY and records every run.</li>
 *   <li>{@link dev.modelgate.testrun.TestRun} is the answer: each stage's result ({@link
 *       dev.modelgate.testrun.AssumeRoleStage}, {@link dev.modelgate.testrun.InvokeStage},
 *       {@link dev.modelgate.testrun.MapStage}) and latency, and a {@link dev.modelgate.testrun.Diagnosis} with a
 *       stable code, what is wrong, and the steps that fix it.</li>
 *   <li>{@link dev.modelgate.testrun.TestRunRepository} keeps the record (table {@code test_runs}).</li>
 * </ul>
 *
 * Diagnosis codes, every one an {@link dev.modelgate.error.ErrorCode} and the same the API answers for the same
 * failure. ASSUME_ROLE: {@code trust-policy-or-role}, {@code platform-not-allowed},
 * {@code external-id-not-required}, {@code sts-region-disabled}, {@code platform-credentials},
 * {@code sts-rejected-request}, {@code sts-unavailable}, {@code sts-unexpected-answer} (the API answers these
 * {@code assume-role-failed}), {@code role-not-approved}. INVOKE: each
 * {@link dev.modelgate.invoke.InvokeException.Kind}'s code: {@code bedrock-access-denied},
 * {@code model-not-available}, {@code on-demand-not-supported}, {@code bedrock-validation}, {@code throttled},
 * {@code timeout}, {@code model-not-ready-at-bedrock}, {@code model-error}, {@code bedrock-unavailable},
 * {@code response-too-large}, {@code session-expired}, {@code invalid-response}. MAP: {@code mapping-matched-nothing},
 * {@code mapping-multiple-matches}, {@code mapping-not-a-token-count}, {@code mapping-not-text} (the API answers
 * these {@code output-mapping-failed}), {@code mapping-too-costly} (a path ran out of its evaluation budget on the
 * answer; the API answers it too).
 *
 * <p>No answer, record, message or {@code toString()} holds an access key, secret access key or session token.
 */
package dev.modelgate.testrun;
