package io.tokenatlas.api;

import io.tokenatlas.config.ApiConfig;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What every HTTP answer carries and what guards the routes outside the REST resources: security
 * headers on every answer (no content sniffing, a content security policy that allows only the
 * daemon's own scripts, styles and images, no framing), and with {@code atlas.api.keys-for-reads}
 * the metrics and OpenAPI documents behind a key too (health probes stay open for the orchestrator).
 */
@ApplicationScoped
public class HttpHardening {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(HttpHardening.class);

    private final boolean keysForReads;
    private final ApiKeys keys;

    public HttpHardening(ApiConfig apiConfig, ApiKeys keys) {
        this.keysForReads = apiConfig.keysForReads();
        this.keys = keys;
    }

    void routes(@Observes Router router) {
        // A request that fails before a resource sees it (a body that does not decode, such as a
        // malformed multipart form) is a problem answer too, a 400 when the body was at fault.
        router.route("/api/*").order(-1000).failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            int status = unreadableBody(failure) ? 400 : ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            if (ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
            if (status >= 500) {
                LOG.errorf(failure, "request %s failed (incident %s)", ctx.normalizedPath(), incident);
            }
            ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(new Problem("urn:token-atlas:problem:" + (status == 400 ? "invalid-body" : "http-" + status),
                            status == 400 ? "Request body cannot be read" : "HTTP " + status, status,
                            status == 400 ? "the request body is malformed (" + (failure == null ? "unreadable"
                                    : failure.getClass().getSimpleName()) + ")"
                                    : "the request failed inside the daemon; its log has the cause under incident " + incident,
                            ctx.normalizedPath())));
        });
        router.route().order(-1000).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> {
                var headers = ctx.response().headers();
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Content-Security-Policy", CSP);
                headers.set("X-Frame-Options", "DENY");
                headers.set("Referrer-Policy", "no-referrer");
            });
            String path = ctx.normalizedPath();
            if (keysForReads && path.startsWith("/q/") && !path.startsWith("/q/health") && !keys.isKnown(ApiKeys.presented(
                    ctx.request().getHeader(ApiKeys.HEADER), ctx.request().getHeader("Authorization")))) {
                ctx.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("WWW-Authenticate", "Bearer")
                        .end(Json.encode(new Problem("urn:token-atlas:problem:api-key", "API key required", 401,
                                "this daemon needs an API key for reads: send it in the " + ApiKeys.HEADER
                                        + " header or as Authorization: Bearer <key>", path)));
                return;
            }
            ctx.next();
        });
    }

    /** Whether a failure comes from reading the request's body (decoding, multipart parsing) rather than from the daemon. */
    static boolean unreadableBody(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.contains("Decoder") || name.contains("Multipart") || t instanceof java.io.IOException
                    || t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }
}
