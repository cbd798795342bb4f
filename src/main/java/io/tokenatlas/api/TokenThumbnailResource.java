package io.tokenatlas.api;

import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.media.MediaRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** A token's current thumbnail. */
@Path("/api/v1/collections/{id}/tokens/{tokenId}/thumbnail")
public class TokenThumbnailResource {
    private final TokenReadRepository tokens;
    private final MediaRepository media;

    public TokenThumbnailResource(TokenReadRepository tokens, MediaRepository media) {
        this.tokens = tokens;
        this.media = media;
    }

    /**
     * The token's current thumbnail. A refresh may change it, so it is revalidated (the ETag is the
     * image's sha256); {@code /api/v1/media/{sha256}/thumbnail} never changes and is cached for a year.
     */
    @GET
    @Produces("image/png")
    public Response thumbnail(@PathParam("id") long id, @PathParam("tokenId") String tokenId,
            @jakarta.ws.rs.HeaderParam("If-None-Match") String ifNoneMatch) {
        String sha = tokens.mediaSha256(id, QueryValues.tokenId(tokenId)).orElseThrow(() ->
                new NotFoundException("token " + tokenId + " has no image yet"));
        String etag = "\"" + sha + "\"";
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().header("ETag", etag).build();
        }
        byte[] png = media.thumbnail(sha).orElseThrow(() -> new NotFoundException("image " + sha + " is missing"));
        return Response.ok(png, "image/png").header("ETag", etag)
                .header("Cache-Control", "public, max-age=300, must-revalidate").build();
    }
}
