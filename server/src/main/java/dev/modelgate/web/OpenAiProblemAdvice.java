package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem Spring MVC's advices ({@link ProblemResponses}, {@link InvocationProblems}) answer to a request under
 * {@code /v1}, rewritten into OpenAI's error shape ({@link OpenAiErrors}) as it is written: the status from the
 * {@code /v1} table, {@code Content-Type: application/json}, the retry headers and the {@link ProblemHeaders}. The
 * advices themselves stay as they are, and so does every answer of the native API.
 */
@RestControllerAdvice
class OpenAiProblemAdvice implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                  Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (!(body instanceof ProblemDetail problem) || !(request instanceof ServletServerHttpRequest servlet)
                || !OpenAiErrors.applies(servlet.getServletRequest().getRequestURI())) {
            return body;
        }
        ErrorCode code = OpenAiErrors.code(problem);
        Object modelParam = servlet.getServletRequest().getAttribute(OpenAiErrors.MODEL_NOT_FOUND);
        response.setStatusCode(HttpStatusCode.valueOf(OpenAiErrors.status(code)));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        OpenAiErrors.headers(code, response.getHeaders().getFirst("Retry-After"), response.getHeaders()::set);
        ProblemHeaders.HEADERS.forEach(response.getHeaders()::set);
        return OpenAiErrors.body(problem, modelParam instanceof String name ? name : null);
    }
}
