-- Per-model Bedrock request options a body cannot carry (guardrail, latency, service tier), as the tenant wrote them:
-- a JSON object, or NULL when the model sets none.
ALTER TABLE external_models ADD COLUMN request_options VARCHAR(4096);
