package dev.modelgate.testrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.preset.Presets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The diagnoses of failures the emulator cannot cause for real: a session Bedrock finds expired right after STS
 * issued it (only clocks that disagree do that), and an STS answer no reason describes; and that every failure is
 * diagnosed with the code the API answers for it.
 */
class DiagnosesTest {

    private static final SessionKey KEY = new SessionKey(RoleArn.parse("arn:aws:iam::222222222222:role/R"),
            ExternalId.of("mg-acme"), StsEndpoint.regional(Region.of("us-east-1")));

    @Test
    void expiredCredentials_isSessionExpired_pointingAtTheHostsClock() {
        ModelConfiguration configuration = ModelConfiguration.compile(Presets.builtIn().forFamily("ANTHROPIC_CLAUDE")
                .orElseThrow().draft("m", KEY.roleArn().arn(), null, "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0"));
        InvokeException e = new InvokeException(InvokeException.Kind.EXPIRED_CREDENTIALS,
                "The security token included in the request is expired", 403, "ExpiredTokenException", "r-1", 2, null);
        Diagnosis.AwsError aws = new Diagnosis.AwsError("ExpiredTokenException",
                "The security token included in the request is expired", 403, "r-1");

        Diagnosis diagnosis = new InvokeDiagnoses(null).of(e, new InvokeDiagnoses.Call("w", KEY, configuration,
                new byte[0]), aws);

        assertThat(diagnosis).isEqualTo(Diagnosis.of(ErrorCode.SESSION_EXPIRED, "Bedrock found the session expired",
                "Bedrock refused a session of the role that STS had just issued as expired (The security token "
                        + "included in the request is expired): the clocks of this host and AWS disagree.",
                List.of("The Modelgate operator synchronises this host's clock (NTP).", "Then run the Test again."), aws));
    }

    @Test
    void unclassifiedStsAnswer_keepsAwsCodeAndMessage() {
        AssumeRoleException e = new AssumeRoleException(AssumeRoleException.Reason.UNCLASSIFIED, KEY.roleArn(),
                KEY.stsEndpoint(), "OptInRequired", "The account is not opted in.", 403, "r-2", null);

        Diagnosis diagnosis = AssumeRoleDiagnoses.of(e, KEY, Optional.empty(), Optional.of(Instant.EPOCH));

        assertThat(diagnosis.code()).isEqualTo("sts-unexpected-answer");
        assertThat(diagnosis.detail()).isEqualTo("AssumeRole failed in a way Modelgate does not recognise: "
                + "OptInRequired: The account is not opted in.");
        assertThat(diagnosis.evidence()).isEmpty();
        assertThat(diagnosis.aws()).isEqualTo(new Diagnosis.AwsError("OptInRequired", "The account is not opted in.",
                403, "r-2"));
    }

    @Test
    void platformCredentialsMissing_saysSoWithoutAnAwsAnswer() {
        AssumeRoleException e = new AssumeRoleException(AssumeRoleException.Reason.INVALID_PLATFORM_CREDENTIALS,
                KEY.roleArn(), KEY.stsEndpoint(), null, "Modelgate's own AWS credentials are unavailable: none found",
                0, null, null);

        Diagnosis diagnosis = AssumeRoleDiagnoses.of(e, KEY, Optional.empty(), Optional.empty());

        assertThat(diagnosis.code()).isEqualTo("platform-credentials");
        assertThat(diagnosis.detail()).isEqualTo("This is a problem of this Modelgate installation, not of the "
                + "tenant's role: Modelgate's own AWS credentials are unavailable: none found. Nothing in the tenant "
                + "account needs to change.");
        assertThat(diagnosis.aws()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = InvokeException.Kind.class, names = {"MODEL_NOT_FOUND", "ON_DEMAND_NOT_SUPPORTED"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyInvokeFailure_isDiagnosedWithTheCodeTheApiAnswers(InvokeException.Kind kind) {
        // The other two ask Bedrock's catalogue through the tenant's role: TestRunInvokeAndMapIT and ErrorCodesAgreeIT.
        ModelConfiguration configuration = ModelConfiguration.compile(Presets.builtIn().forFamily("ANTHROPIC_CLAUDE")
                .orElseThrow().draft("m", KEY.roleArn().arn(), null, "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0"));
        InvokeException e = new InvokeException(kind, "Bedrock's words", 400, "SomeException", "r-1", 1, null);

        Diagnosis diagnosis = new InvokeDiagnoses(null).of(e, new InvokeDiagnoses.Call("w", KEY, configuration,
                new byte[0]), null);

        assertThat(diagnosis.code()).isEqualTo(kind.code().code()).isEqualTo(e.code().code());
    }

    @ParameterizedTest
    @EnumSource(AssumeRoleException.Reason.class)
    void everyAssumeRoleFailure_isDiagnosedWithACodeThatNamesTheOneTheApiAnswers(AssumeRoleException.Reason reason) {
        AssumeRoleException e = new AssumeRoleException(reason, KEY.roleArn(), KEY.stsEndpoint(), "SomeError",
                "User: arn:aws:iam::111111111111:user/p is not authorized to perform: sts:AssumeRole on resource: "
                        + KEY.roleArn(), 403, "r-3", null);

        Diagnosis diagnosis = AssumeRoleDiagnoses.of(e, KEY, Optional.empty(), Optional.empty());

        ErrorCode diagnosed = ErrorCode.of(diagnosis.code()).orElseThrow();
        assertThat(diagnosed.answeredAs().orElse(diagnosed)).as("%s diagnosed as %s", reason, diagnosed)
                .isEqualTo(reason.code()).isEqualTo(e.code());
    }

    @Test
    void aDiagnosisWithACodeOutsideTheTable_isRefused() {
        assertThatThrownBy(() -> new Diagnosis("timed-out", "t", "d", List.of(), List.of(), List.of(), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a diagnosis code is one of ErrorCode's, got \"timed-out\"");
    }
}
