package dev.myelin.homeserver.http;

import dev.myelin.protocol.error.MatrixException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps (method, path) to an endpoint. Templates are '/'-separated; a {@code {name}} segment matches one decoded
 * segment (possibly empty, as for the empty state key). A path no route matches is 404 {@code M_UNRECOGNIZED}; a path
 * that matches only with other methods is 405 {@code M_UNRECOGNIZED}, as Synapse answers.
 */
public final class Router {
    /** Client-Server prefixes served for every client route: js-sdk uses v3; older clients r0. */
    private static final List<String> CLIENT_PREFIXES = List.of("/_matrix/client/v3", "/_matrix/client/r0");

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, parse(template), endpoint));
        return this;
    }

    /** Adds a Client-Server route under each supported version prefix ({@code /login} → v3 and r0). */
    public Router client(String method, String template, Endpoint endpoint) {
        for (String prefix : CLIENT_PREFIXES) {
            add(method, prefix + template, endpoint);
        }
        return this;
    }

    /** The endpoint and path parameters for a request; HEAD is served as GET. */
    Match resolve(String method, List<String> segments) {
        String effective = method.equals("HEAD") ? "GET" : method;
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> parameters = route.match(segments);
            if (parameters != null) {
                if (route.method().equals(effective)) {
                    return new Match(route.endpoint(), parameters);
                }
                pathKnown = true;
            }
        }
        throw pathKnown
                ? MatrixException.unrecognized(405, "Unrecognized request: method not allowed")
                : MatrixException.unrecognized(404, "Unrecognized request");
    }

    record Match(Endpoint endpoint, Map<String, String> pathParameters) {
    }

    private static List<Segment> parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("route template must start with '/': " + template);
        }
        var segments = new ArrayList<Segment>();
        for (String piece : template.substring(1).split("/", -1)) {
            if (piece.startsWith("{") && piece.endsWith("}")) {
                segments.add(new Segment(piece.substring(1, piece.length() - 1), true));
            } else {
                segments.add(new Segment(piece, false));
            }
        }
        return List.copyOf(segments);
    }

    private record Segment(String text, boolean parameter) {
    }

    private record Route(String method, List<Segment> template, Endpoint endpoint) {
        Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(endpoint, "endpoint");
        }

        /** The parameters if the segments match, else null (private helper; never escapes). */
        Map<String, String> match(List<String> segments) {
            if (segments.size() != template.size()) {
                return null;
            }
            var parameters = new HashMap<String, String>();
            for (int i = 0; i < segments.size(); i++) {
                Segment segment = template.get(i);
                if (segment.parameter()) {
                    parameters.put(segment.text(), segments.get(i));
                } else if (!segment.text().equals(segments.get(i))) {
                    return null;
                }
            }
            return parameters;
        }
    }
}
