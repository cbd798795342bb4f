package io.tokenatlas.api;

import io.tokenatlas.chain.ChainNodes;
import io.tokenatlas.chain.ChainStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The configured chains: head, the RPC URL in use, each URL's health, recent errors. */
@Path("/api/v1/chains")
@Produces(MediaType.APPLICATION_JSON)
public class ChainsResource {
    private final ChainNodes nodes;

    public ChainsResource(ChainNodes nodes) {
        this.nodes = nodes;
    }

    @GET
    public List<ChainStatus> list() {
        return nodes.chainIds().stream().map(id -> nodes.node(id).status()).toList();
    }
}
