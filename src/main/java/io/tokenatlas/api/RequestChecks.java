package io.tokenatlas.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Query parameters checked before any resource sees them: a NUL character (which PostgreSQL
 * refuses in text) and a number that is not one are a 400 naming the parameter, not a 500 or a
 * bare 404 (what a failed conversion would give).
 */
public class RequestChecks {
    private static final Map<String, String> NUMERIC = Map.of(
            "k", "an integer", "limit", "an integer", "cell", "an integer", "version", "an integer",
            "collection", "an integer", "maxDistance", "an integer", "minSimilarity", "a number");

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of(ProblemMapper.problem(400, "invalid-input", "Invalid request",
                    "the path contains a NUL character", "/api"));
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String name = parameter.getKey();
            for (String value : parameter.getValue()) {
                String problem = problem(name, value);
                if (problem != null) {
                    return Optional.of(ProblemMapper.problem(400, "invalid-input", "Invalid request", problem, path));
                }
            }
        }
        return Optional.empty();
    }

    /** What is wrong with one query parameter, or null. */
    static String problem(String name, String value) {
        if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
            return "query parameter " + printable(name) + " contains a NUL character";
        }
        String kind = NUMERIC.get(name);
        if (kind == null || ("collection".equals(name) && value.isEmpty())) {
            return null;
        }
        try {
            if (kind.equals("a number")) {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
            } else {
                Long.parseLong(value.strip());
            }
            return null;
        } catch (NumberFormatException e) {
            return "query parameter " + name + " must be " + kind + ", not '" + printable(value) + "'";
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
