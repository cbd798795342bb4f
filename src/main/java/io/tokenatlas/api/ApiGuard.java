package io.tokenatlas.api;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tokenatlas.config.ApiConfig;
import io.tokenatlas.coordination.ApiRateLimits;
import io.tokenatlas.coordination.RateLimits;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * In front of every /api request: writes need a configured API key (reads too when so configured),
 * and each client (its key, else its address: the peer's, or the forwarded one when the peer is a
 * trusted proxy) gets its share of the rate limit, expensive reads counting more; beyond it the
 * answer is 429 with Retry-After. The limit is shared by the replicas (through PostgreSQL, so it is
 * taken off the I/O thread).
 */
@ApplicationScoped
public class ApiGuard {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The request property holding what the client's bucket said ({@link RateLimits.Taken}). */
    private static final String TAKEN = "atlas.rate-limit.taken";

    private final ApiKeys keys;
    private final boolean keysForReads;
    private final int imageSearchCost;
    private final int expensiveReadCost;
    private final RateLimits limits;
    private final boolean blocking;
    private final ClientAddress addresses;

    public ApiGuard(ApiConfig apiConfig, ApiKeys keys, ApiRateLimits limits) {
        this.keys = keys;
        this.keysForReads = apiConfig.keysForReads();
        this.imageSearchCost = apiConfig.imageSearchCost();
        this.expensiveReadCost = apiConfig.expensiveReadCost();
        this.addresses = new ClientAddress(apiConfig.trustedProxies().orElse(List.of()));
        this.limits = limits.limits();
        this.blocking = limits.blocking();
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> guard(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return null;
        }
        boolean imageSearch = path.startsWith("/api/v1/search/image");
        // A search by image is posted, but it reads.
        boolean write = WRITES.contains(request.getMethod()) && !imageSearch
                // Webhooks' URLs and delivery state, and what is watched, are the operator's: read as well as written.
                || path.startsWith("/api/v1/webhooks") || path.startsWith("/api/v1/watches");
        String presented = ApiKeys.presented(request.getHeaderString(ApiKeys.HEADER), request.getHeaderString("Authorization"));
        boolean known = keys.isKnown(presented);
        if (write || keysForReads) {
            if (keys.none()) {
                return Uni.createFrom().item(ProblemMapper.problem(403, "writes-closed", "No API keys configured",
                        "this daemon has no API keys (atlas.api.keys), so its write endpoints are closed", path));
            }
            if (!known) {
                return Uni.createFrom().item(Response.fromResponse(ProblemMapper.problem(401, "api-key", "API key required",
                        (presented == null ? "this request needs an API key" : "the API key given is not one of this daemon's")
                                + ": send it in the " + ApiKeys.HEADER + " header or as Authorization: Bearer <key>", path))
                        .header("WWW-Authenticate", "Bearer").build());
            }
        }
        if (!limits.enabled()) {
            return null;
        }
        // Who pays, and how much: only worked out when there is a limit to pay (a key's digest is a SHA-256).
        String client = known ? "key:" + digest(presented)
                : "address:" + addresses.of(http.remoteAddress().hostAddress(), request.getHeaderString("X-Forwarded-For"));
        int cost = imageSearch ? imageSearchCost : expensive(path) ? expensiveReadCost : 1;
        if (!blocking) {
            Response refused = paid(request, limits.take(client, cost), path);
            return refused == null ? null : Uni.createFrom().item(refused);
        }
        return Uni.createFrom().item(() -> limits.take(client, cost))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(taken -> paid(request, taken, path));
    }

    /** Null (go on) when the bucket paid for the request, else the 429 answer. */
    private static Response paid(ContainerRequestContext request, RateLimits.Taken taken, String path) {
        request.setProperty(TAKEN, taken);
        if (taken.waitNanos() <= 0) {
            return null;
        }
        long seconds = Math.max(1, (taken.waitNanos() + 999_999_999L) / 1_000_000_000L);
        return Response.fromResponse(ProblemMapper.problem(429, "rate-limited", "Too many requests",
                "this client is over its rate limit; try again in " + seconds + " s", path))
                .header("Retry-After", seconds).build();
    }

    /**
     * Every /api answer says the client's rate limit as the IETF RateLimit header fields do:
     * {@code RateLimit-Policy} (the bucket's size and the seconds it takes to fill) and
     * {@code RateLimit} (requests left when the request was paid for, seconds until full again).
     */
    @ServerResponseFilter
    public void rateLimitFields(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(TAKEN) instanceof RateLimits.Taken taken) {
            response.getHeaders().putSingle("RateLimit-Policy", limits.policy());
            response.getHeaders().putSingle("RateLimit", "\"default\";r=" + taken.remaining() + ";t=" + taken.secondsToFull());
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
