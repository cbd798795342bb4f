package io.tokenatlas.api;

import io.tokenatlas.config.AtlasConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * In front of every /api request: writes need a configured API key (reads too when so configured),
 * and each client (its key, else its address) gets its share of the rate limit; beyond it the
 * answer is 429 with Retry-After. The limit is per replica.
 */
@ApplicationScoped
public class ApiGuard {
    static final String KEY_HEADER = "X-API-Key";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final List<byte[]> keys;
    private final boolean keysForReads;
    private final int imageSearchCost;
    private final ClientRateLimits limits;

    public ApiGuard(AtlasConfig config) {
        this.keys = config.api().keys().orElse(List.of()).stream()
                .filter(k -> !k.isBlank()).map(k -> k.strip().getBytes(StandardCharsets.UTF_8)).toList();
        this.keysForReads = config.api().keysForReads();
        this.imageSearchCost = config.api().imageSearchCost();
        this.limits = new ClientRateLimits(config.api().rateLimit(), config.api().rateBurst());
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> guard(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        boolean imageSearch = path.startsWith("/api/v1/search/image");
        // A search by image is posted, but it reads.
        boolean write = WRITES.contains(request.getMethod()) && !imageSearch;
        String presented = presentedKey(request);
        boolean known = presented != null && isKnown(presented);
        if (write || keysForReads) {
            if (keys.isEmpty()) {
                return Optional.of(ProblemMapper.problem(403, "writes-closed", "No API keys configured",
                        "this daemon has no API keys (atlas.api.keys), so its write endpoints are closed", path));
            }
            if (!known) {
                return Optional.of(Response.fromResponse(ProblemMapper.problem(401, "api-key", "API key required",
                        (presented == null ? "this request needs an API key" : "the API key given is not one of this daemon's")
                                + ": send it in the " + KEY_HEADER + " header or as Authorization: Bearer <key>", path))
                        .header("WWW-Authenticate", "Bearer").build());
            }
        }
        String client = known ? "key:" + digest(presented) : "address:" + http.remoteAddress().hostAddress();
        long waitNanos = limits.take(client, imageSearch ? imageSearchCost : 1);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            return Optional.of(Response.fromResponse(ProblemMapper.problem(429, "rate-limited", "Too many requests",
                    "this client is over its rate limit; try again in " + seconds + " s", path))
                    .header("Retry-After", seconds).build());
        }
        return Optional.empty();
    }

    private static String presentedKey(ContainerRequestContext request) {
        String key = request.getHeaderString(KEY_HEADER);
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return null;
    }

    private boolean isKnown(String presented) {
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] key : keys) {
            found |= MessageDigest.isEqual(key, given);
        }
        return found;
    }

    private static String digest(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
