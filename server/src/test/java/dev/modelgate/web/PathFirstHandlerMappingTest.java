package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/** The path-first mapping finds what Spring's own finds, for matches and for each kind of near miss. */
class PathFirstHandlerMappingTest {

    private StaticWebApplicationContext context;
    private RequestMappingHandlerMapping spring;
    private RequestMappingHandlerMapping pathFirst;

    @RestController
    static class Endpoints {
        @PostMapping(path = "/api/models/{name}/invoke", consumes = "application/json", produces = "application/json")
        String invoke(@PathVariable String name) {
            return name;
        }

        @GetMapping("/api/models/{name}")
        String model(@PathVariable String name) {
            return name;
        }

        @PostMapping(path = "/api/models", consumes = "application/json")
        String create() {
            return "";
        }

        @GetMapping(path = "/api/models/{name}/usage", produces = "text/csv")
        String usage(@PathVariable String name) {
            return name;
        }
    }

    @BeforeEach
    void mappings() {
        context = new StaticWebApplicationContext();
        context.registerSingleton("endpoints", Endpoints.class);
        context.refresh();
        spring = init(new RequestMappingHandlerMapping());
        pathFirst = init(new PathFirstHandlerMapping().getRequestMappingHandlerMapping());
    }

    @AfterEach
    void close() {
        context.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            POST | /api/models/m1/invoke | application/json | application/json | invoke
            POST | /api/models/m1/invoke | text/plain       | application/json | HttpMediaTypeNotSupportedException
            POST | /api/models/m1/invoke | application/json | text/html        | HttpMediaTypeNotAcceptableException
            GET  | /api/models/m1/invoke | -                | -                | HttpRequestMethodNotSupportedException
            GET  | /api/models/m1        | -                | -                | model
            POST | /api/models           | application/json | -                | create
            GET  | /api/models/m1/usage  | -                | text/csv         | usage
            GET  | /api/models/m1/usage  | -                | application/json | HttpMediaTypeNotAcceptableException
            GET  | /api/nothing          | -                | -                | none
            """)
    void findsWhatSpringFinds(String method, String path, String contentType, String accept, String expected) {
        String springAnswer = lookup(spring, method, path, contentType, accept);
        String pathFirstAnswer = lookup(pathFirst, method, path, contentType, accept);

        assertThat(springAnswer).isEqualTo(expected);
        assertThat(pathFirstAnswer).isEqualTo(springAnswer);
    }

    @ParameterizedTest
    @CsvSource({"/api/models/m1/invoke, m1", "/api/models/a.b-c/invoke, a.b-c"})
    void match_exposesThePathVariables(String path, String name) throws Exception {
        MockHttpServletRequest request = request("POST", path, "application/json", "application/json");

        HandlerExecutionChain chain = pathFirst.getHandler(request);

        assertThat(chain).isNotNull();
        assertThat(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)).isEqualTo(Map.of("name", name));
        assertThat(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE).toString())
                .isEqualTo("/api/models/{name}/invoke");
    }

    private RequestMappingHandlerMapping init(RequestMappingHandlerMapping mapping) {
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return mapping;
    }

    private static String lookup(RequestMappingHandlerMapping mapping, String method, String path, String contentType,
                                 String accept) {
        try {
            HandlerExecutionChain chain = mapping.getHandler(request(method, path, contentType, accept));
            return chain == null ? "none" : ((HandlerMethod) chain.getHandler()).getMethod().getName();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private static MockHttpServletRequest request(String method, String path, String contentType, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (contentType != null) {
            request.setContentType(contentType);
            request.setContent("{}".getBytes());
        }
        if (accept != null) {
            request.addHeader("Accept", List.of(MediaType.parseMediaType(accept)).getFirst().toString());
        }
        ServletRequestPathUtils.parseAndCache(request);
        return request;
    }
}
