package io.tokenatlas.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenatlas.api.Dtos.NeighbourDto;
import io.tokenatlas.api.Dtos.SimilarDto;
import io.tokenatlas.api.Dtos.TokenDto;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.token.TokenReadRepository;
import io.tokenatlas.token.TokenView;
import io.tokenatlas.vector.SimilarityRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigInteger;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** One token, its thumbnail, and the tokens that look like it. */
@Path("/api/v1/collections/{id}/tokens/{tokenId}")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    static final int MAX_K = 200;

    private final CollectionRepository collections;
    private final TokenReadRepository tokens;
    private final SimilarityRepository similarity;
    private final MediaRepository media;
    private final EmbeddingModel model;
    private final ObjectMapper json = new ObjectMapper();

    public TokenResource(CollectionRepository collections, TokenReadRepository tokens, SimilarityRepository similarity,
            MediaRepository media, EmbeddingModel model) {
        this.collections = collections;
        this.tokens = tokens;
        this.similarity = similarity;
        this.media = media;
        this.model = model;
    }

    @GET
    public TokenDto get(@PathParam("id") long id, @PathParam("tokenId") String tokenId, @Context UriInfo uri) {
        TokenView t = find(id, tokenId);
        String thumbnail = t.hasImage()
                ? uri.getBaseUriBuilder().path("api/v1/media/{sha}/thumbnail").build(t.mediaSha256()).toString()
                : null;
        return new TokenDto(id, t.tokenId().toString(), t.name(), t.state().name().toLowerCase(), t.error(),
                t.errorCode(), t.failedStage(), t.attempts(), t.owner(), t.mintedBlock(), t.burned(), t.tokenUri(),
                t.imageUri(), thumbnail, t.imageVerified(), t.phash() == null ? null : String.format("%016x", t.phash()),
                t.traits(), tokens.tags(id, t.tokenId(), model.servingFor(id).id()), parse(t.metadataJson()));
    }

    /** The k most similar tokens of the same collection by cosine similarity of the current model's vectors. */
    @GET
    @Path("/similar")
    @Operation(summary = "Tokens that look like this one", description = "The k nearest by cosine similarity of the"
            + " serving model's vectors, within the collection (scope=collection) or across every collection"
            + " (scope=all). trait=type:value (repeatable) filters inside the vector search, so k results come"
            + " back whenever k tokens pass the filter.")
    public SimilarDto similar(@PathParam("id") long id, @PathParam("tokenId") String tokenId,
            @QueryParam("k") @DefaultValue("10") int k,
            @Parameter(description = "collection or all") @QueryParam("scope") @DefaultValue("collection") String scope,
            @Parameter(description = "type:value, e.g. Background:Blue") @QueryParam("trait") java.util.List<String> traits) {
        if (k < 1 || k > MAX_K) {
            throw new InvalidInputException("k must be between 1 and " + MAX_K + ", got " + k);
        }
        boolean all = switch (scope) {
            case "collection" -> false;
            case "all" -> true;
            default -> throw new InvalidInputException("scope must be collection or all, not '" + scope + "'");
        };
        io.tokenatlas.token.TraitFilter filter = TokenListResource.traitFilter(traits);
        BigInteger token = parseId(tokenId);
        ModelIdentity cached = model.recentServingFor(id);
        // The common case in two queries: the live token's vector, then its neighbours.
        java.util.Optional<float[]> vector = similarity.liveVectorOf(id, token, cached);
        ModelIdentity serving = vector.isPresent() ? cached : model.servingFor(id);
        if (vector.isEmpty() && serving.id() != cached.id()) {
            vector = similarity.liveVectorOf(id, token, serving);
        }
        float[] query = vector.orElseGet(() -> {
            TokenView t = find(id, tokenId);
            if (t.burned()) {
                throw new NotFoundException("token " + tokenId + " of collection " + id + " was burned");
            }
            throw new NotFoundException("token " + tokenId + " has no embedding yet (state "
                    + t.state().name().toLowerCase() + (t.error() == null ? "" : ": " + t.error()) + ")");
        });
        var found = all || !filter.isEmpty()
                ? similarity.similar(new SimilarityRepository.Scope(all ? null : id, filter), query,
                        new io.tokenatlas.vector.Neighbour(id, token, 1), serving, k)
                : similarity.similar(id, query, token, serving, k);
        var results = found.stream().map(n -> new NeighbourDto(n.collectionId(), n.tokenId().toString(), n.score()))
                .toList();
        return new SimilarDto(id, token.toString(), serving.name(), scope, traits == null ? List.of() : traits, results);
    }

    /**
     * The token's current thumbnail. A refresh may change it, so it is revalidated (the ETag is the
     * image's sha256); {@code /api/v1/media/{sha256}/thumbnail} never changes and is cached for a year.
     */
    @GET
    @Path("/thumbnail")
    @Produces("image/png")
    public Response thumbnail(@PathParam("id") long id, @PathParam("tokenId") String tokenId,
            @jakarta.ws.rs.HeaderParam("If-None-Match") String ifNoneMatch) {
        String sha = tokens.mediaSha256(id, parseId(tokenId)).orElseThrow(() ->
                new NotFoundException("token " + tokenId + " has no image yet"));
        String etag = "\"" + sha + "\"";
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().header("ETag", etag).build();
        }
        byte[] png = media.thumbnail(sha).orElseThrow(() -> new NotFoundException("image " + sha + " is missing"));
        return Response.ok(png, "image/png").header("ETag", etag)
                .header("Cache-Control", "public, max-age=300, must-revalidate").build();
    }

    private TokenView find(long id, String tokenId) {
        CollectionResource.find(collections, id);
        BigInteger parsed = parseId(tokenId);
        return tokens.find(id, parsed).orElseThrow(() ->
                new NotFoundException("token " + tokenId + " of collection " + id + " is not known (yet)"));
    }

    static BigInteger parseId(String tokenId) {
        try {
            BigInteger id = new BigInteger(tokenId);
            if (id.signum() < 0 || id.bitLength() > 256) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("token id must be a decimal uint256, got " + tokenId);
        }
    }

    private Object parse(String metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            return json.readTree(metadata);
        } catch (JsonProcessingException e) {
            return metadata;
        }
    }
}
