package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Lists {@link ErrorCode} in the OpenAPI document: the extension {@code x-error-codes} (each code with its
 * {@code type}, {@code status} (absent for a diagnosis the API never answers), {@code title}, {@code meaning},
 * {@code retry} and, for a diagnosis only the Test gives, {@code answeredAs}), and the schema {@code Problem} of
 * every error answer, whose {@code type} is one of the codes the API answers.
 */
@Component
class ErrorCodesDocument implements OpenApiCustomizer {

    static final String EXTENSION = "x-error-codes";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.addExtension(EXTENSION, Arrays.stream(ErrorCode.values()).map(ErrorCodesDocument::entry).toList());
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas("Problem", problem());
    }

    /** One code as the document lists it. */
    static Map<String, Object> entry(ErrorCode code) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("code", code.code());
        entry.put("type", code.type());
        if (code.status() != 0) {
            entry.put("status", code.status());
        }
        entry.put("title", code.title());
        entry.put("meaning", code.meaning());
        entry.put("retry", code.retry().advice());
        code.answeredAs().ifPresent(api -> entry.put("answeredAs", api.code()));
        return entry;
    }

    private static ObjectSchema problem() {
        List<String> types = Arrays.stream(ErrorCode.values()).filter(ErrorCode::answered).map(ErrorCode::type)
                .toList();
        ObjectSchema problem = new ObjectSchema();
        problem.setDescription("RFC 9457 problem+json, the answer of every error; x-error-codes lists each code's "
                + "status, meaning and retry advice");
        StringSchema type = new StringSchema();
        type.setFormat("uri");
        type.setEnum(types);
        type.setDescription("https://modelgate.dev/problems/<code>: clients switch on it");
        problem.addProperty("type", type);
        problem.addProperty("title", new StringSchema().description("the code's title"));
        problem.addProperty("status", new IntegerSchema().description("the code's HTTP status"));
        problem.addProperty("detail", new StringSchema().description("what is wrong and what to do, for people"));
        problem.addProperty("instance", new StringSchema().description("the request's path"));
        return problem;
    }
}
