package dev.modelgate.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC's handler mapping for the controllers, asking each mapping's path before its other conditions.
 *
 * <p>A request whose path has a variable ({@code /api/v1/models/{name}/invoke}) is matched against every mapping of
 * the API, and Spring asks a mapping's method, headers, {@code consumes} (whether the request has a body: headers
 * read through every request wrapper) and {@code produces} before its path: on the invoke path that lookup was
 * 7.5 % of the server's CPU samples (bench/README.md, "Hot path, round 3"). Every condition must hold for a mapping
 * to match, so asking the path first changes no answer, only the work spent on mappings of other paths. Which
 * mappings almost matched (for 405, 406 and 415) Spring works out on its own, from every condition, when none
 * matched.
 */
@Configuration(proxyBeanMethods = false)
public class PathFirstHandlerMapping implements WebMvcRegistrations {

    @Override
    public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new Mapping();
    }

    static final class Mapping extends RequestMappingHandlerMapping {
        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            PathPatternsRequestCondition paths = info.getPathPatternsCondition();
            if (paths != null && paths.getMatchingCondition(request) == null) {
                return null;
            }
            return super.getMatchingMapping(info, request);
        }
    }
}
