package io.tokenatlas.api;

import io.tokenatlas.config.AtlasConfig;
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

    private final boolean keysForReads;
    private final ApiKeys keys;

    public HttpHardening(AtlasConfig config, ApiKeys keys) {
        this.keysForReads = config.api().keysForReads();
        this.keys = keys;
    }

    void routes(@Observes Router router) {
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
}
