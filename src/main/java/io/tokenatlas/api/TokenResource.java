package io.tokenatlas.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenatlas.api.Dtos.TokenDto;
import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.catalog.TokenView;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.fetch.Fetcher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** One token as the API shows it. */
@Path("/api/v1/collections/{id}/tokens/{tokenId}")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    private final CollectionRepository collections;
    private final TokenReadRepository tokens;
    private final EmbeddingModel model;
    private final Fetcher fetcher;
    private final EntityTags tags;
    private final ObjectMapper json = new ObjectMapper();

    public TokenResource(CollectionRepository collections, TokenReadRepository tokens, EmbeddingModel model,
            Fetcher fetcher, EntityTags tags) {
        this.collections = collections;
        this.tokens = tokens;
        this.model = model;
        this.fetcher = fetcher;
        this.tags = tags;
    }

    @GET
    @Operation(summary = "One token", description = "Its chain facts, state (with the error when it failed), metadata,"
            + " traits, the model's tags, its image's original URI and a URL a browser can open (imageUrl, through the"
            + " configured gateway), and its thumbnail. The ETag changes with any of it.")
    public Response get(@PathParam("id") long id, @PathParam("tokenId") String tokenId, @Context UriInfo uri,
            @Context Request request) {
        var collection = Lookups.collection(collections, id);
        TokenView t = Lookups.token(collection, tokens, tokenId);
        String thumbnail = t.hasImage()
                ? uri.getBaseUriBuilder().path("api/v1/media/{sha}/thumbnail").build(t.mediaSha256()).toString()
                : null;
        java.util.Map<String, String> sizes = null;
        if (thumbnail != null) {
            sizes = new java.util.LinkedHashMap<>();
            for (int size : io.tokenatlas.media.MediaThumbnails.SIZES) {
                sizes.put(Integer.toString(size), thumbnail + "?size=" + size);
            }
        }
        String imageUrl = t.imageUri() == null ? null : fetcher.browsableUrl(t.imageUri(), t.tokenId()).orElse(null);
        TokenDto dto = new TokenDto(id, t.tokenId().toString(),
                CaipIds.asset(collection.chainId(), collection.standard(), collection.address(), t.tokenId()), t.name(),
                t.state().name().toLowerCase(), t.error(),
                t.errorCode(), t.failedStage(), t.attempts(), t.owner(), t.supply(), t.mintedBlock(), t.burned(), t.tokenUri(),
                t.imageUri(), imageUrl, thumbnail, sizes, t.placeholder(), t.imageVerified(),
                t.phash() == null ? null : String.format("%016x", t.phash()),
                t.traits(), tokens.tags(id, t.tokenId(), model.servingFor(id).id()), parse(t.metadataJson()));
        return tags.ok(dto, request);
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
