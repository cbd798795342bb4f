package io.tokenatlas.api;

import io.tokenatlas.fetch.GatewayHealth;
import io.tokenatlas.fetch.IpfsClient;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The IPFS gateways in the order they are tried, with their health scores (this process's view). */
@Path("/api/v1/ipfs/gateways")
@Produces(MediaType.APPLICATION_JSON)
public class GatewaysResource {
    private final IpfsClient ipfs;

    public GatewaysResource(IpfsClient ipfs) {
        this.ipfs = ipfs;
    }

    @GET
    public List<GatewayHealth.Score> list() {
        return ipfs.scores();
    }
}
