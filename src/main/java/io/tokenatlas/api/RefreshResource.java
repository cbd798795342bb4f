package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.RefreshDto;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.token.RefreshRepository;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;

/**
 * Re-resolves tokens on demand, as an ERC-4906 event would: metadata, image and vector are made
 * again, and the old ones stay served until the new ones are ready.
 */
@Path("/api/v1/collections/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class RefreshResource {
    private static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private final CollectionRepository collections;
    private final RefreshRepository refreshes;

    public RefreshResource(CollectionRepository collections, RefreshRepository refreshes) {
        this.collections = collections;
        this.refreshes = refreshes;
    }

    @POST
    @Path("/refresh")
    public Response collection(@PathParam("id") long id) {
        Lookups.collection(collections, id);
        return accepted(id, refreshes.refresh(id, BigInteger.ZERO, MAX_UINT256));
    }

    /** Sends every failed token of the collection through the pipeline again. */
    @POST
    @Path("/tokens/retry")
    public Response retryFailed(@PathParam("id") long id) {
        Lookups.collection(collections, id);
        return accepted(id, refreshes.retryFailed(id));
    }

    @POST
    @Path("/tokens/{tokenId}/refresh")
    public Response token(@PathParam("id") long id, @PathParam("tokenId") String tokenId) {
        Lookups.collection(collections, id);
        BigInteger parsed = QueryValues.tokenId(tokenId);
        int refreshed = refreshes.refresh(id, parsed, parsed);
        if (refreshed == 0) {
            throw new NotFoundException("token " + tokenId + " of collection " + id + " is not known or was burned");
        }
        return accepted(id, refreshed);
    }

    private static Response accepted(long id, int refreshed) {
        return Response.accepted(new RefreshDto(id, refreshed)).build();
    }
}
