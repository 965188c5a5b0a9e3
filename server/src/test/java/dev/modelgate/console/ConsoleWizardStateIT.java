package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model wizard's state modules ({@code wizard-state.js}, {@code step-credentials-state.js},
 * {@code step-model-state.js}, {@code step-test-state.js}), run in the browser: the pure functions that say which step a
 * field belongs to, what the footer and the summary say, when a stored working copy comes back, what the role's
 * registration line offers, which catalog rows and notes show, and what a mapping path previews. Each case's answer
 * is compared as JSON text.
 */
class ConsoleWizardStateIT extends ConsoleTestBase {

    @Override
    boolean signInFirst() {
        return false;
    }

    /** Runs {@code body} (a function of the imported modules answering an object of cases) and answers each case as JSON. */
    @SuppressWarnings("unchecked")
    private Map<String, String> run(String modules, String body) {
        Map<String, Object> outcome = (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all(%s.map((m) => import('/console/' + m + '.js'))).then((modules) => {
                  const cases = (%s)(...modules);
                  done({ cases: Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, JSON.stringify(v)])) });
                }).catch((e) => done({ error: String(e) + ' ' + e.stack }));
                """.formatted(modules, body));
        assertThat(outcome.get("error")).isNull();
        return (Map<String, String>) outcome.get("cases");
    }

    @Test
    void wizardState_placesFields_namesTheButtons_andSaysWhatASaveDid() {
        Map<String, String> cases = run("['wizard-state', 'draft']", """
                (w, draft) => {
                  const fields = ['name', 'roleArn', 'stsEndpoint', 'region', 'options.guardrail.identifier', 'timeouts.totalMillis',
                    'variables[2].testValue', 'outputMapping.extras.stop', 'converse.system', 'chat.messages', 'nothing'];
                  const route = { mode: 'copy', id: 'm-1' };
                  const state = { ...w.initialState({ mode: 'new', step: 'model' }), id: null, revision: 3, status: 'DRAFT', liveRevision: 2 };
                  const named = { ...draft.emptyDraft(), name: 'haiku', roleArn: 'arn:aws:iam::123456789012:role/R' };
                  return {
                    steps: fields.map(w.stepOf),
                    labels: fields.map(w.fieldLabel),
                    initialStep: [w.initialState({ mode: 'new', step: 'test' }).step, w.initialState({ mode: 'new', step: 'nope' }).step],
                    storageKeys: [w.storageKeyOf({ mode: 'edit', id: 'm-1' }), w.storageKeyOf(route), w.storageKeyOf({ mode: 'new' })],
                    footers: [0, 1, 2].map((k) => w.footerOf(k, { api: 'INVOKE_MODEL' })),
                    converseFooters: [1, 2].map((k) => w.footerOf(k, { api: 'CONVERSE' })),
                    stepTitles: [0, 1, 2].map((k) => [w.stepTitle(k, { api: 'CONVERSE' }), w.stepTitle(k, { api: 'INVOKE_MODEL' })]),
                    converseSteps: w.stepsOf({ api: 'CONVERSE' }).map((s) => s.slug),
                    paths: [w.stepPath({ id: null, step: 1 }, route), w.stepPath({ id: null, step: 0 }, { mode: 'new' }),
                      w.stepPath({ id: 'm-9', step: 2 }, route)],
                    blurbs: [w.stepBlurb(2, { api: 'CONVERSE' }), w.stepBlurb(2, { api: 'INVOKE_MODEL' }), w.stepBlurb(0, { api: 'CONVERSE' })],
                    problems: [0, 1, 2].map((k) => w.stepProblems([{ field: 'roleArn' }, { field: 'variables[0].name' },
                      { field: 'requestTemplate' }], k)),
                    summary: [w.summaryTitle(null, [{}]), w.summaryTitle(null, [{}, {}]), w.summaryTitle({ title: 'Changed elsewhere' }, []),
                      w.summaryLine({ field: 'requestTemplate', message: 'bad', line: 2, column: 5 }), w.summaryLine({ field: 'name', message: 'taken' })],
                    titles: [w.titleOf(state), w.titleOf({ ...state, id: 'm-1', savedName: 'haiku' }), w.statusBadgeOf(state),
                      w.statusBadgeOf({ status: 'READY' }), w.statusBadgeOf({ status: null })],
                    unsaved: [w.unsavedWarning({ dirty: false, draft: named }), w.unsavedWarning({ dirty: true, draft: named }),
                      w.unsavedWarning({ dirty: true, draft: draft.emptyDraft() })],
                    saveChoice: [w.saveChoice({ id: null, draft: draft.emptyDraft() }, false), w.saveChoice({ id: null, draft: named }, true),
                      w.saveChoice({ id: 'm-1', draft: named }, false)],
                    keptInTab: w.keptInTabText(['a name', 'a role (step 1)', 'a model (step 2)']),
                    afterTest: [w.afterSavedTest(state, { id: 'm 1', name: 'haiku' }, true),
                      w.afterSavedTest({ ...state, status: 'READY' }, { id: 'm 1', name: 'haiku' }, true),
                      w.afterSavedTest({ ...state, liveRevision: null }, { id: 'm 1', name: 'haiku' }, false),
                      w.afterSavedTest(state, { id: 'm 1', name: 'haiku' }, null)],
                    restore: [w.restoreOverSaved({ revision: 3, dirty: true, step: 2, draft: named, lastTest: null }, 3),
                      w.restoreOverSaved({ revision: 2, dirty: true, step: 2, draft: named }, 3), w.restoreOverSaved(null, 3).notice,
                      w.restoreUnsaved({ draft: named, step: 1, dirty: true, lastTest: null }, 'copy').notice,
                      w.restoreUnsaved({ draft: named, step: 1, dirty: false, id: 'm-1' }, 'new').notice],
                    copyNames: [w.copyName('haiku'), w.copyName('x'.repeat(64)).length],
                  };
                }
                """);

        assertThat(cases.get("steps")).isEqualTo("[null,0,0,1,1,1,2,2,2,2,null]");
        assertThat(cases.get("labels")).isEqualTo("[\"Name\",\"Role ARN\",\"STS endpoint\",\"Region\",\"Guardrail ID or ARN\","
                + "\"Total timeout\",\"Variable 3 · test value\",\"Extra field “stop”\",\"System prompt\",\"Chat rule · messages\",\"nothing\"]");
        assertThat(cases.get("initialStep")).isEqualTo("[2,0]");
        assertThat(cases.get("storageKeys")).isEqualTo("[\"m-1\",\"copy-m-1\",\"new\"]");
        assertThat(cases.get("footers")).isEqualTo("[{\"back\":null,\"primary\":{\"id\":\"next\",\"label\":\"Next: Model →\",\"next\":\"Model\"}},"
                + "{\"back\":\"← Credentials\",\"primary\":{\"id\":\"next\",\"label\":\"Next: Test and map →\",\"next\":\"Test and map\"}},"
                + "{\"back\":\"← Model\",\"primary\":{\"id\":\"save\",\"label\":\"Save\"}}]");
        assertThat(cases.get("converseFooters")).isEqualTo("[{\"back\":\"← Credentials\",\"primary\":{\"id\":\"next\","
                + "\"label\":\"Next: Converse defaults and Test →\",\"next\":\"Converse defaults and Test\"}},"
                + "{\"back\":\"← Model\",\"primary\":{\"id\":\"save\",\"label\":\"Save\"}}]");
        assertThat(cases.get("stepTitles")).isEqualTo("[[\"Credentials\",\"Credentials\"],[\"Model\",\"Model\"],"
                + "[\"Converse defaults and Test\",\"Test and map\"]]");
        assertThat(cases.get("converseSteps")).isEqualTo("[\"credentials\",\"model\",\"test\"]");
        assertThat(cases.get("paths")).isEqualTo("[\"#/models/copy/m-1/model\",\"#/models/new/credentials\",\"#/models/m-9/edit/test\"]");
        assertThat(cases.get("blurbs")).isEqualTo("[\"Converse defaults, Test, the answer\",\"Template, Test, output mapping\","
                + "\"Create the IAM role and connect it\"]");
        assertThat(cases.get("problems")).isEqualTo("[\"1 problem\",\"\",\"2 problems\"]");
        assertThat(cases.get("summary")).isEqualTo("[\"1 problem to fix\",\"2 problems to fix\",\"Changed elsewhere\","
                + "{\"link\":\"Step 3 · Request template\",\"text\":\" — line 2, column 5: bad\"},{\"link\":\"Name\",\"text\":\" — taken\"}]");
        assertThat(cases.get("titles")).isEqualTo("[\"Add a model\",\"Edit haiku\",{\"label\":\"Draft\",\"kind\":\"badge-draft\"},"
                + "{\"label\":\"Ready\",\"kind\":\"badge-ok\"},null]");
        assertThat(cases.get("unsaved")).isEqualTo("[null,\"“haiku” has changes that are not stored in Modelgate. Signing out discards them.\","
                + "\"The model you are editing has changes that are not stored in Modelgate. Signing out discards them.\"]");
        assertThat(cases.get("saveChoice")).isEqualTo("[{\"kind\":\"keep-in-tab\",\"missing\":[\"a name\",\"a role (step 1)\","
                + "\"a model (step 2)\",\"a request template (step 3)\",\"an output text path (step 3)\"]},"
                + "{\"kind\":\"store\",\"missing\":[]},{\"kind\":\"store\",\"missing\":[]}]");
        assertThat(cases.get("keptInTab")).isEqualTo("\"Modelgate stores the model once it has a name, a role (step 1) and a model (step 2)."
                + " Until then the draft stays in this tab, across reloads; closing the tab or signing out discards it.\"");
        assertThat(cases.get("afterTest")).isEqualTo("[{\"text\":\"Revision 3 of “haiku” passed its Test and is the draft. Agents keep getting"
                + " revision 2. Promote it on the model page.\",\"kind\":\"ok\",\"go\":\"#/models/m%201\"},"
                + "{\"text\":\"“haiku” is saved and Ready.\",\"kind\":\"ok\",\"go\":\"#/models?highlight=m%201\"},"
                + "{\"text\":\"“haiku” is saved as a draft (revision 3): its Test did not pass.\",\"kind\":\"warn\",\"go\":null},null]");
        assertThat(cases.get("restore")).startsWith("[{\"restore\":{\"draft\":{\"name\":\"haiku\"")
                .contains("\"lastTest\":null,\"lastTestAgainst\":null,\"dirty\":true},\"step\":2,"
                        + "\"notice\":\"Your unsaved changes to this model were restored.\"},"
                        + "{\"restore\":null,\"step\":null,\"notice\":\"You had unsaved changes to revision 2, but the model is now at"
                        + " revision 3; they were set aside.\"},null,\"Your unsaved copy was restored.\",\"The model you were adding was restored.\"]");
        assertThat(cases.get("copyNames")).isEqualTo("[\"haiku-copy\",64]");
    }

    @Test
    void credentialsState_namesTheRole_andOffersWhatTheCallerMayDoWithItsRegistration() {
        Map<String, String> cases = run("['step-credentials-state']", """
                (c) => ({
                  names: [c.roleNameOf('arn:aws:iam::123456789012:role/team/ModelgateBedrockAccess'), c.roleNameOf('arn:aws:iam::12:role/x'),
                    c.roleNameOf('')],
                  docs: [c.docsToLoad({ docsFor: 'A' }, 'arn:aws:iam::123456789012:role/A'), c.docsToLoad({ docsFor: 'A' }, 'arn:aws:iam::123456789012:role/B'),
                    c.docsToLoad({ docsFor: 'A' }, 'not an arn')],
                  fits: [c.identityFits(null, 'A'), c.identityFits({ roleName: 'A' }, 'A'), c.identityFits({ roleName: 'A' }, 'B'),
                    c.identityFits({ roleName: 'A' }, null)],
                  sts: [c.stsChoiceOf('', ['', 'https://sts.us-east-1.amazonaws.com']), c.stsChoiceOf('https://sts-fips.example', [''])],
                  request: [c.checkRoleRequest({ roleArn: 'arn:r', stsEndpoint: '', region: '' }),
                    c.checkRoleRequest({ roleArn: 'arn:r', stsEndpoint: 'https://sts.eu-west-1.amazonaws.com', region: 'eu-west-1' })],
                  stage: [c.assumeRoleStage({ stage: 'ASSUME_ROLE', outcome: 'PASSED' }).outcome,
                    c.assumeRoleStage({ stages: [{ stage: 'INVOKE' }, { stage: 'ASSUME_ROLE', outcome: 'FAILED' }] }).outcome,
                    c.assumeRoleStage({ stages: [] })],
                  knowable: [c.registrationKnowable(''), c.registrationKnowable('arn:aws:iam::123456789012:role/R')],
                  lines: [
                    c.registrationLine(null, { admin: true }),
                    c.registrationLine(null, { admin: false }),
                    c.registrationLine({ state: 'REJECTED', note: 'wrong account' }, { admin: true }),
                    c.registrationLine({ state: 'PENDING', note: 'trust policy lacks the External ID', platformPolicy: {} }, { admin: true }),
                    c.registrationLine({ state: 'APPROVED' }, { admin: true, outcome: { state: 'APPROVED' } }),
                  ].map((l) => [l.state, l.meaning && l.meaning.slice(0, 24), l.note, l.showPlatformPolicy, l.register, l.askAnAdmin]),
                  grouped: [...c.group([{ field: 'model.roleArn', message: 'a' }, { field: 'roleArn', message: 'b' }, { field: 'region', message: 'c' }])],
                })
                """);

        assertThat(cases.get("names")).isEqualTo("[\"ModelgateBedrockAccess\",null,null]");
        assertThat(cases.get("docs")).isEqualTo("[null,\"B\",null]");
        assertThat(cases.get("fits")).isEqualTo("[false,true,false,true]");
        assertThat(cases.get("sts")).isEqualTo("[\"\",\"__other__\"]");
        assertThat(cases.get("request")).isEqualTo("[{\"roleArn\":\"arn:r\",\"stsEndpoint\":null,\"region\":\"us-east-1\"},"
                + "{\"roleArn\":\"arn:r\",\"stsEndpoint\":\"https://sts.eu-west-1.amazonaws.com\",\"region\":\"eu-west-1\"}]");
        assertThat(cases.get("stage")).isEqualTo("[\"PASSED\",\"FAILED\",null]");
        assertThat(cases.get("knowable")).isEqualTo("[false,true]");
        assertThat(cases.get("lines")).isEqualTo("["
                + "[\"NOT_REGISTERED\",\"This workspace has not r\",null,false,\"Register this role\",false],"
                + "[\"NOT_REGISTERED\",\"This workspace has not r\",null,false,null,true],"
                + "[\"REJECTED\",\"A platform operator refu\",{\"label\":\"Note: \",\"text\":\"wrong account\"},false,\"Register this role again\",false],"
                + "[\"PENDING\",\"Waiting for a platform o\",{\"label\":\"Verification: \",\"text\":\"trust policy lacks the External ID\"},true,null,false],"
                + "[\"APPROVED\",null,null,false,null,false]]");
        assertThat(cases.get("grouped")).isEqualTo("[[\"roleArn\",[{\"field\":\"model.roleArn\",\"message\":\"a\"},{\"field\":\"roleArn\",\"message\":\"b\"}]],"
                + "[\"region\",[{\"field\":\"region\",\"message\":\"c\"}]]]");
    }

    @Test
    void modelState_listsTheCatalogsRows_andSaysWhatTheOfferAndTheNotesAre() {
        Map<String, String> cases = run("['step-model-state']", """
                (m) => {
                  const catalog = {
                    foundationModels: [
                      { modelId: 'amazon.nova-lite-v1:0', modelName: 'Nova Lite', provider: 'Amazon', inputModalities: ['TEXT', 'IMAGE'],
                        outputModalities: ['TEXT'], inferenceTypes: ['ON_DEMAND'] },
                      { modelId: 'anthropic.claude-3-7-sonnet', modelName: 'Claude 3.7 Sonnet', provider: 'Anthropic',
                        inputModalities: ['TEXT'], outputModalities: ['TEXT'], onDemand: false },
                    ],
                    inferenceProfiles: [
                      { id: 'us.anthropic.claude-3-7-sonnet', name: 'US Claude 3.7 Sonnet', models: ['anthropic.claude-3-7-sonnet'] },
                      { id: 'us.amazon.nova-lite-v1:0', name: 'US Nova Lite', models: ['amazon.nova-lite-v1:0'] },
                      { id: 'arn:app', type: 'APPLICATION', models: ['other.a', 'other.b'] },
                    ],
                  };
                  const preset = { family: 'anthropic-claude', displayName: 'Anthropic Claude', template: '{"t":1}', converse: { supported: true } };
                  const invoke = { api: 'INVOKE_MODEL', requestTemplate: '' };
                  return {
                    rows: m.catalogRows(catalog),
                    notes: [m.catalogNoteOf(catalog), m.catalogNoteOf({ listable: false, profilesListable: false, message: 'Cannot list.' }),
                      m.catalogNoteOf({ foundationModels: catalog.foundationModels, listable: true, profilesListable: false })],
                    failures: [m.catalogFailure({ missingEndpoint: true, violations: [] }),
                      m.catalogFailure({ slug: 'assume-role-failed', message: 'Access denied.', violations: [] }),
                      m.catalogFailure({ violations: [{ message: 'role ARN is invalid' }, { message: 'bad endpoint' }] }),
                      m.catalogFailure({ message: 'Bedrock is down.', violations: [] })],
                    filter: [m.matchesFilter('claude 3.7 sonnet anthropic', ' Claude  SONNET '), m.matchesFilter('nova lite amazon', 'claude'),
                      m.matchesFilter('anything', '  ')],
                    understood: m.understoodRows({ kind: 'INFERENCE_PROFILE_ID', modelId: 'us.a', baseModelId: 'a', geoPrefix: 'us' }),
                    apis: [m.defaultApiOf(preset), m.defaultApiOf(null), m.apiChoiceOf(invoke, { preset }), m.apiChoiceOf(invoke, null)],
                    offers: [m.presetOfferOf(invoke, null), m.presetOfferOf({ api: 'CONVERSE' }, { preset }).kind,
                      m.presetOfferOf({ ...invoke, requestTemplate: '{"t":1}' }, { preset }).applied, m.presetOfferOf(invoke, { preset: null }).kind],
                    replaces: [m.presetReplacesWork({ requestTemplate: ' ' }, preset), m.presetReplacesWork({ requestTemplate: '{"t":1}' }, preset),
                      m.presetReplacesWork({ requestTemplate: '{}' }, preset)],
                    modalities: [m.modalities(catalog.foundationModels[0]), m.modalities(undefined)],
                    options: [m.anyOption({ guardrail: { identifier: '', version: '' }, latency: '', serviceTier: '' }),
                      m.anyOption({ guardrail: { identifier: '', version: '' }, latency: 'optimized', serviceTier: '' })],
                  };
                }
                """);

        assertThat(cases.get("rows")).isEqualTo("{\"onDemand\":[{\"id\":\"amazon.nova-lite-v1:0\",\"name\":\"Nova Lite\",\"provider\":\"Amazon\","
                + "\"detail\":\"Text, Image → Text\",\"kind\":null}],\"profiles\":[{\"id\":\"us.anthropic.claude-3-7-sonnet\","
                + "\"name\":\"US Claude 3.7 Sonnet\",\"provider\":\"Anthropic\",\"detail\":\"Text → Text · routes to its Regions\","
                + "\"kind\":\"Inference profile\"},{\"id\":\"arn:app\",\"name\":\"arn:app\",\"provider\":\"\",\"detail\":\"routes to 2 models\","
                + "\"kind\":\"Application profile\"}]}");
        assertThat(cases.get("notes")).isEqualTo("[null,{\"nothing\":true,\"title\":\"The list of models is not available\","
                + "\"lines\":[\"Cannot list.\"]},{\"nothing\":false,\"title\":\"The list is incomplete\",\"lines\":[\"Your role may not be allowed"
                + " to list models (bedrock:ListFoundationModels and bedrock:ListInferenceProfiles).\",\"Free text always works: type the"
                + " model ID, inference profile ID or ARN below.\"]}]");
        assertThat(cases.get("failures")).isEqualTo("[\"This Modelgate server cannot list models.\","
                + "\"Modelgate could not assume your role: Access denied. Check the role in step 1.\","
                + "\"Fix the connection in step 1 first: role ARN is invalid; bad endpoint.\",\"Bedrock is down.\"]");
        assertThat(cases.get("filter")).isEqualTo("[true,false,true]");
        assertThat(cases.get("understood")).isEqualTo("[[\"Kind\",\"Cross-Region inference profile ID\",null],"
                + "[\"Modelgate sends\",\"us.a\",\"understood-model-id\"],[\"Base model\",\"a\",\"\"],[\"Geography\",\"US\",null]]");
        assertThat(cases.get("apis")).isEqualTo("[\"CONVERSE\",\"INVOKE_MODEL\","
                + "{\"converseFirst\":true,\"converseTitle\":\"Converse (recommended for this family)\"},"
                + "{\"converseFirst\":false,\"converseTitle\":\"Converse\"}]");
        assertThat(cases.get("offers")).isEqualTo("[null,\"converse\",true,\"pick\"]");
        assertThat(cases.get("replaces")).isEqualTo("[false,false,true]");
        assertThat(cases.get("modalities")).isEqualTo("[\"Text, Image → Text\",\"\"]");
        assertThat(cases.get("options")).isEqualTo("[false,true]");
    }

    @Test
    void testState_previewsPaths_takesTheTestsVerdicts_andNamesTheTarget() {
        Map<String, String> cases = run("['step-test-state']", """
                (t) => {
                  const response = { content: [{ text: 'Hello' }], usage: { input_tokens: 7 } };
                  const lastTest = { outcome: 'FAILED', stages: [
                    { stage: 'INVOKE', response: { body: JSON.stringify(response) } },
                    { stage: 'MAP', fields: [{ field: 'outputMapping.text', outcome: 'MAPPED' },
                      { field: 'outputMapping.outputTokens', outcome: 'FAILED', message: 'matches nothing', rule: 'no-match' }] },
                    { stage: 'STREAM', chunks: [{ decoded: { delta: { text: 'Hel' } } }, '{"delta":{"text":"lo"}}', { decoded: { usage: { output_tokens: 3 } } }],
                      fields: [{ field: 'outputMapping.stream.text', outcome: 'MAPPED' }] },
                  ] };
                  const draft = { outputMapping: { extras: [{ name: 'stopReason', path: '' }, { name: '', path: '' }] } };
                  return {
                    parsed: [t.parseResponse(lastTest), t.parseResponse({ stages: [{ stage: 'INVOKE', response: { body: 'not json' } }] }),
                      t.rawResponseOf({ stages: [{ stage: 'INVOKE', response: { body: 'not json' } }] }), t.parseResponse(null)],
                    previews: [t.mappingPreview('text', '$.content[0].text', response, false), t.mappingPreview('text', '', response, false),
                      t.mappingPreview('tokens', '', response, false), t.mappingPreview('text', '$.nope', response, true),
                      t.mappingPreview('text', '$.content[0].text', undefined, false)],
                    streams: [t.streamPreview('text', '$.delta.text', lastTest), t.streamPreview('tokens', '$.usage.output_tokens', lastTest),
                      t.streamPreview('text', '$.missing', lastTest), t.streamPreview('text', '', lastTest), t.streamPreview('text', '$.a', null)],
                    verdicts: t.fieldVerdicts(lastTest),
                    status: [t.testStatusOf(lastTest), t.testStatusOf({ outcome: 'PASSED' })],
                    saved: [t.testsSaved({ id: null, dirty: false }, false), t.testsSaved({ id: 'm', dirty: false }, false),
                      t.testsSaved({ id: 'm', dirty: true }, false), t.testsSaved({ id: 'm', dirty: true }, true)],
                    labels: ['outputMapping.text', 'outputMapping.inputTokens', 'extra:0', 'extra:1', 'other'].map((k) => t.labelOf(k, draft)),
                    targets: [t.targetOrText('extra:3', () => false), t.targetOrText('extra:0', () => true)],
                    suggestions: [t.suggestionTarget('$.content[0].text', 'INVOKE'), t.suggestionTarget('text', 'MAP'),
                      t.suggestionTarget('us.anthropic.claude', 'INVOKE')],
                    chat: [t.chatDeclared({ a: '', b: '' }, []), t.chatDeclared({ a: '', b: 'prompt' }, []),
                      t.chatDeclared({ a: '' }, [{ field: 'chat.messages' }])],
                    placeholders: ['JSON', 'STRING', 'INTEGER'].map(t.valuePlaceholder),
                    family: [t.presetFamilyOf({ family: 'x', requestTemplate: '' }, []),
                      t.presetFamilyOf({ family: '', requestTemplate: '{}' }, [{ family: 'y', template: '{}' }]),
                      t.presetFamilyOf({ family: '', requestTemplate: '{"a":1}' }, [{ family: 'y', template: '{}' }])],
                    promote: [t.promoteHint(null), t.promoteHint(4)],
                  };
                }
                """);

        assertThat(cases.get("parsed")).isEqualTo("[{\"content\":[{\"text\":\"Hello\"}],\"usage\":{\"input_tokens\":7}},null,\"not json\",null]");
        assertThat(cases.get("previews")).isEqualTo("[{\"value\":\"Hello\",\"tone\":\"ok\"},"
                + "{\"text\":\"Required: click a value in the response, or type a path.\",\"tone\":\"muted\"},"
                + "{\"text\":\"\",\"tone\":\"muted\"},{\"text\":\"\",\"tone\":null},{\"text\":\"\",\"tone\":null}]");
        assertThat(cases.get("streams")).isEqualTo("[{\"value\":\"Hello\",\"asText\":true,\"note\":\" (2 of 3 chunks)\",\"tone\":\"ok\"},"
                + "{\"value\":3,\"asText\":false,\"note\":\" (1 of 3 chunks)\",\"tone\":\"ok\"},"
                + "{\"text\":\"matches nothing in the 3 chunks of the last Test\",\"tone\":\"bad\"},{\"text\":\"\",\"tone\":null},"
                + "{\"text\":\"\",\"tone\":null}]");
        assertThat(cases.get("verdicts")).isEqualTo("[[\"outputMapping.text\",[]],[\"outputMapping.outputTokens\","
                + "[{\"message\":\"matches nothing\",\"rule\":\"no-match\"}]],[\"outputMapping.stream.text\",[]]]");
        assertThat(cases.get("status")).isEqualTo("[\"Test failed; see the diagnosis below.\",\"Test passed.\"]");
        assertThat(cases.get("saved")).isEqualTo("[false,true,false,true]");
        assertThat(cases.get("labels")).isEqualTo("[\"Output text\",\"Input tokens\",\"Extra field stopReason\",\"Extra field 2\",\"other\"]");
        assertThat(cases.get("targets")).isEqualTo("[\"outputMapping.text\",\"extra:0\"]");
        assertThat(cases.get("suggestions")).isEqualTo("[\"mapping\",\"mapping\",\"model\"]");
        assertThat(cases.get("chat")).isEqualTo("[false,true,true]");
        assertThat(cases.get("placeholders")).isEqualTo("[\"JSON\",\"\",\"0\"]");
        assertThat(cases.get("family")).isEqualTo("[\"x\",\"y\",\"\"]");
        assertThat(cases.get("promote")).isEqualTo("[\"Agents can invoke the model once a saved revision passes its Test and is live.\","
                + "\"Saving makes a draft: agents keep getting revision 4 until a draft passes its Test and is made live.\"]");
    }
}
