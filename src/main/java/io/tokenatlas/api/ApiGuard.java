package io.tokenatlas.api;

import io.tokenatlas.config.ApiConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * In front of every /api request: writes need a configured API key (reads too when so configured),
 * and each client (its key, else its address: the peer's, or the forwarded one when the peer is a
 * trusted proxy) gets its share of the rate limit, expensive reads counting more; beyond it the
 * answer is 429 with Retry-After. The limit is per replica.
 */
@ApplicationScoped
public class ApiGuard {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The request property naming the client whose bucket paid for it. */
    private static final String CLIENT = "atlas.rate-limit.client";

    private final ApiKeys keys;
    private final boolean keysForReads;
    private final int imageSearchCost;
    private final int expensiveReadCost;
    private final ClientRateLimits limits;
    private final ClientAddress addresses;

    public ApiGuard(ApiConfig apiConfig, ApiKeys keys) {
        this.keys = keys;
        this.keysForReads = apiConfig.keysForReads();
        this.imageSearchCost = apiConfig.imageSearchCost();
        this.expensiveReadCost = apiConfig.expensiveReadCost();
        this.addresses = new ClientAddress(apiConfig.trustedProxies().orElse(List.of()));
        this.limits = new ClientRateLimits(apiConfig.rateLimit(), apiConfig.rateBurst());
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> guard(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        boolean imageSearch = path.startsWith("/api/v1/search/image");
        // A search by image is posted, but it reads.
        boolean write = WRITES.contains(request.getMethod()) && !imageSearch
                // Webhooks' URLs and delivery state, and what is watched for copies, are the operator's, read as well as written.
                || path.startsWith("/api/v1/webhooks") || path.startsWith("/api/v1/watches");
        String presented = ApiKeys.presented(request.getHeaderString(ApiKeys.HEADER), request.getHeaderString("Authorization"));
        boolean known = keys.isKnown(presented);
        if (write || keysForReads) {
            if (keys.none()) {
                return Optional.of(ProblemMapper.problem(403, "writes-closed", "No API keys configured",
                        "this daemon has no API keys (atlas.api.keys), so its write endpoints are closed", path));
            }
            if (!known) {
                return Optional.of(Response.fromResponse(ProblemMapper.problem(401, "api-key", "API key required",
                        (presented == null ? "this request needs an API key" : "the API key given is not one of this daemon's")
                                + ": send it in the " + ApiKeys.HEADER + " header or as Authorization: Bearer <key>", path))
                        .header("WWW-Authenticate", "Bearer").build());
            }
        }
        String client = known ? "key:" + digest(presented)
                : "address:" + addresses.of(http.remoteAddress().hostAddress(), request.getHeaderString("X-Forwarded-For"));
        long waitNanos = limits.take(client, imageSearch ? imageSearchCost : expensive(path) ? expensiveReadCost : 1);
        request.setProperty(CLIENT, client);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            return Optional.of(Response.fromResponse(ProblemMapper.problem(429, "rate-limited", "Too many requests",
                    "this client is over its rate limit; try again in " + seconds + " s", path))
                    .header("Retry-After", seconds).build());
        }
        return Optional.empty();
    }

    /**
     * Every /api answer says the client's rate limit as the IETF RateLimit header fields do:
     * {@code RateLimit-Policy} (the bucket's size and the seconds it takes to fill) and
     * {@code RateLimit} (requests left now, seconds until full again). Kept per replica.
     */
    @ServerResponseFilter
    public void rateLimitFields(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(CLIENT) instanceof String client && limits.enabled()) {
            long[] standing = limits.standing(client);
            response.getHeaders().putSingle("RateLimit-Policy", limits.policy());
            response.getHeaders().putSingle("RateLimit", "\"default\";r=" + standing[0] + ";t=" + standing[1]);
        }
    }

    /** Reads that draw or scan much: mosaics, atlas sheets, near-duplicates, text search. */
    static boolean expensive(String path) {
        return path.endsWith("/mosaic.png") || path.contains("/atlas") || path.startsWith("/api/v1/duplicates")
                || path.startsWith("/api/v1/search");
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
