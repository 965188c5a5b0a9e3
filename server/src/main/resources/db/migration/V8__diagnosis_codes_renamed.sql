-- The Test's diagnosis codes became the codes the API answers for the same failures (one table, ErrorCode): the
-- runs recorded before keep their meaning under the new names, in the column and in the recorded answer. A Test
-- never diagnosed a draft model, so a recorded model-not-ready was always Bedrock's ModelNotReadyException.
UPDATE test_runs SET diagnosis_code = 'timeout',
    answer = REPLACE(REPLACE(answer, '"code":"timed-out"', '"code":"timeout"'), '"diagnosisCode":"timed-out"', '"diagnosisCode":"timeout"')
    WHERE diagnosis_code = 'timed-out';
UPDATE test_runs SET diagnosis_code = 'session-expired',
    answer = REPLACE(REPLACE(answer, '"code":"expired-credentials"', '"code":"session-expired"'), '"diagnosisCode":"expired-credentials"', '"diagnosisCode":"session-expired"')
    WHERE diagnosis_code = 'expired-credentials';
UPDATE test_runs SET diagnosis_code = 'bedrock-validation',
    answer = REPLACE(REPLACE(answer, '"code":"malformed-request"', '"code":"bedrock-validation"'), '"diagnosisCode":"malformed-request"', '"diagnosisCode":"bedrock-validation"')
    WHERE diagnosis_code = 'malformed-request';
UPDATE test_runs SET diagnosis_code = 'model-not-ready-at-bedrock',
    answer = REPLACE(REPLACE(answer, '"code":"model-not-ready"', '"code":"model-not-ready-at-bedrock"'), '"diagnosisCode":"model-not-ready"', '"diagnosisCode":"model-not-ready-at-bedrock"')
    WHERE diagnosis_code = 'model-not-ready';
UPDATE test_runs SET diagnosis_code = 'output-mapping-failed',
    answer = REPLACE(REPLACE(answer, '"code":"mapping-failed"', '"code":"output-mapping-failed"'), '"diagnosisCode":"mapping-failed"', '"diagnosisCode":"output-mapping-failed"')
    WHERE diagnosis_code = 'mapping-failed';
