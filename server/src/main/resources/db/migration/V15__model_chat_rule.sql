-- A template model's declared chat rule (which variables an OpenAI-style chat fills), as the tenant wrote it: a JSON
-- object of variable names (a member left out takes its default, a null member takes none), or NULL when the model
-- declares none and the default rule applies. Converse models have none. Members name variables (at most 128
-- characters each), so 4096 characters hold any valid rule.
ALTER TABLE external_models ADD COLUMN chat VARCHAR(4096);
