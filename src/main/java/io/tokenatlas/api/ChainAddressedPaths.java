package io.tokenatlas.api;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tokenatlas.chain.CollectionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Collections reachable by chain and contract as well as by id: a request for
 * {@code /api/v1/collections/eip155:1:0xabc.../...} is answered as the same request for the
 * collection's id; one not registered is a 404, a malformed id a 400.
 */
@ApplicationScoped
public class ChainAddressedPaths {
    static final String PREFIX = "/api/v1/collections/";

    private final CollectionRepository collections;

    public ChainAddressedPaths(CollectionRepository collections) {
        this.collections = collections;
    }

    /** Null (go on) for every other request; the lookup runs off the I/O thread. */
    @ServerRequestFilter(preMatching = true)
    public Uni<Response> rewrite(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        int end = path.indexOf('/', PREFIX.length());
        String segment = path.substring(PREFIX.length(), end < 0 ? path.length() : end);
        if (!CaipIds.looksLikeAccount(segment)) {
            return null;
        }
        CaipIds.ChainAddress named;
        try {
            named = CaipIds.parseAccount(segment);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ProblemMapper.problem(400, "invalid-input", "Invalid request", e.getMessage(), path));
        }
        return Uni.createFrom().item(() -> collections.byAddress(named.chainId(), named.address()).map(c -> c.id()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(id -> {
                    if (id.isEmpty()) {
                        return ProblemMapper.problem(404, "http-404", "Not Found", "collection " + segment
                                + " is not registered", path);
                    }
                    String rewritten = PREFIX + id.get() + (end < 0 ? "" : path.substring(end));
                    request.setRequestUri(request.getUriInfo().getRequestUriBuilder().replacePath(rewritten).build());
                    return null;
                });
    }
}
