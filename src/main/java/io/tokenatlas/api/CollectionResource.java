package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.CollectionDto;
import io.tokenatlas.api.Dtos.RegisterCollection;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRegistry;
import io.tokenatlas.chain.CollectionRepository;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Registering collections and reading their progress. */
@Path("/api/v1/collections")
@Produces(MediaType.APPLICATION_JSON)
public class CollectionResource {
    private final CollectionRegistry registry;
    private final CollectionRepository collections;
    private final CollectionViews views;

    public CollectionResource(CollectionRegistry registry, CollectionRepository collections, CollectionViews views) {
        this.registry = registry;
        this.collections = collections;
        this.views = views;
    }

    /** Registers an ERC-721 contract: 202 and its URL when new, 200 when it was registered before. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(RegisterCollection body, @Context UriInfo uri) {
        if (body == null || body.chainId() == null) {
            throw new InvalidInputException("the body must name a chainId and an address");
        }
        if (body.address() == null || !CollectionRegistry.ADDRESS.matcher(body.address()).matches()) {
            throw new InvalidInputException("address must be 0x followed by 40 hex digits, got " + body.address());
        }
        if (body.fromBlock() != null && body.fromBlock() < 0) {
            throw new InvalidInputException("fromBlock must be 0 or more, got " + body.fromBlock());
        }
        var registration = registry.register(body.chainId(), body.address(), body.fromBlock());
        CollectionDto dto = dto(registration.collection(), uri);
        return Response.status(registration.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create(dto.url()))
                .entity(dto)
                .build();
    }

    @GET
    public List<CollectionDto> list(@Context UriInfo uri) {
        return collections.all().stream().map(c -> dto(c, uri)).toList();
    }

    /** A collection with its progress: tokens per state, the cursor and the head. */
    @GET
    @Path("/{id}")
    public CollectionDto get(@PathParam("id") long id, @Context UriInfo uri) {
        return dto(Lookups.collection(collections, id), uri);
    }

    /** Stops following and processing the collection until it is resumed; what is indexed stays readable. */
    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause a collection", description = "Its chain is no longer followed and none of its tokens"
            + " are processed; everything indexed stays readable. Idempotent.")
    public CollectionDto pause(@PathParam("id") long id, @Context UriInfo uri) {
        return setPaused(id, true, uri);
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused collection", description = "Following goes on from its cursor. Idempotent.")
    public CollectionDto resume(@PathParam("id") long id, @Context UriInfo uri) {
        return setPaused(id, false, uri);
    }

    private CollectionDto setPaused(long id, boolean paused, UriInfo uri) {
        if (!collections.setPaused(id, paused)) {
            throw new NotFoundException("collection " + id + " is not registered");
        }
        return dto(Lookups.collection(collections, id), uri);
    }

    /** Removes the collection with its tokens, vectors and layouts. */
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a collection", description = "Removes its tokens, logs, vectors, tags and layouts,"
            + " and the stored images and IPFS blocks no other collection uses. 204, or 404 when it is not registered.")
    public Response delete(@PathParam("id") long id) {
        if (!collections.delete(id)) {
            throw new NotFoundException("collection " + id + " is not registered");
        }
        return Response.noContent().build();
    }

    private CollectionDto dto(Collection c, UriInfo uri) {
        return views.of(c, uri);
    }
}
