package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.CollectionDto;
import io.tokenatlas.api.Dtos.RegisterCollection;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRegistry;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.token.TokenReadRepository;
import jakarta.ws.rs.Consumes;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Registering collections and reading their progress. */
@Path("/api/v1/collections")
@Produces(MediaType.APPLICATION_JSON)
public class CollectionResource {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final CollectionRegistry registry;
    private final CollectionRepository collections;
    private final TokenReadRepository tokens;
    private final io.tokenatlas.embedding.EmbeddingModel model;
    private final io.tokenatlas.embedding.ReembedRepository reembedding;

    public CollectionResource(CollectionRegistry registry, CollectionRepository collections, TokenReadRepository tokens,
            io.tokenatlas.embedding.EmbeddingModel model, io.tokenatlas.embedding.ReembedRepository reembedding) {
        this.registry = registry;
        this.collections = collections;
        this.tokens = tokens;
        this.model = model;
        this.reembedding = reembedding;
    }

    /** Registers an ERC-721 contract: 202 and its URL when new, 200 when it was registered before. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(RegisterCollection body, @Context UriInfo uri) {
        if (body == null || body.chainId() == null) {
            throw new InvalidInputException("the body must name a chainId and an address");
        }
        if (body.address() == null || !ADDRESS.matcher(body.address()).matches()) {
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
        return dto(find(collections, id), uri);
    }

    static Collection find(CollectionRepository collections, long id) {
        return collections.byId(id).orElseThrow(() -> new NotFoundException("collection " + id + " is not registered"));
    }

    private CollectionDto dto(Collection c, UriInfo uri) {
        Map<String, Long> counts = new LinkedHashMap<>();
        tokens.countsByState(c.id()).forEach((state, n) -> counts.put(state.name().toLowerCase(), n));
        String url = uri.getBaseUriBuilder().path("api/v1/collections/{id}").build(c.id()).toString();
        var serving = model.servingFor(c.id());
        Dtos.ModelSwitchDto switching = null;
        if (serving.id() != model.identity().id()) {
            long[] progress = reembedding.progress(c.id(), model.identity().id());
            switching = new Dtos.ModelSwitchDto(model.identity().name(), progress[0], progress[1]);
        }
        return new CollectionDto(c.id(), c.chainId(), c.address(), c.name(), c.symbol(), c.status().name(), c.error(),
                c.fromBlock(), c.fromBlockSource(), c.cursorBlock(), c.headBlock(), c.enumerable(), c.erc4906(),
                c.supplyCheck(), counts, serving.name(), switching, url);
    }
}
