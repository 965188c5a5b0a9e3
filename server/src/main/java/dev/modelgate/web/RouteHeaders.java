package dev.modelgate.web;

import dev.modelgate.invoke.Router;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an answer says which model served a routed call ({@link Router}): the {@value #SERVED_BY} header (the serving
 * model's name) and {@value #ROUTE_REASON} (why it was tried: {@code PRIMARY}, {@code BALANCED}, or the failure of the
 * link before it), on every invocation path, set before anything of the body is written; and the {@code route}
 * member of a stream's last event.
 */
final class RouteHeaders {

    /** The name of the model that served the call. */
    static final String SERVED_BY = "Modelgate-Served-By";
    /** Why the model that served was tried. */
    static final String ROUTE_REASON = "Modelgate-Route-Reason";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RouteHeaders() {
    }

    static void set(HttpServletResponse response, Router.Route route) {
        response.setHeader(SERVED_BY, route.served());
        response.setHeader(ROUTE_REASON, route.reason());
    }

    /** {@code {"requested": …, "served": …, "reason": …, "tried": [{"model", "outcome", "skipped"}]}}. */
    static ObjectNode json(Router.Route route) {
        return JSON.valueToTree(route);
    }
}
