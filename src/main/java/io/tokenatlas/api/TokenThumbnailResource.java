package io.tokenatlas.api;

import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.media.MediaThumbnails;
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
    private final MediaThumbnails thumbnails;

    public TokenThumbnailResource(TokenReadRepository tokens, MediaThumbnails thumbnails) {
        this.tokens = tokens;
        this.thumbnails = thumbnails;
    }

    /**
     * The token's current thumbnail at 64, 256 (the default) or 512 px. A refresh may change it, so it
     * is revalidated (the ETag is the image's sha256 and the size); {@code /api/v1/media/{sha256}/thumbnail} never changes and is cached for a year.
     */
    @GET
    @Produces({"image/png", "image/jpeg"})
    public Response thumbnail(@PathParam("id") long id, @PathParam("tokenId") String tokenId,
            @jakarta.ws.rs.QueryParam("size") @jakarta.ws.rs.DefaultValue("256") int size,
            @jakarta.ws.rs.HeaderParam("If-None-Match") String ifNoneMatch) {
        MediaResource.size(size);
        String sha = tokens.mediaSha256(id, QueryValues.tokenId(tokenId)).orElseThrow(() ->
                new NotFoundException("token " + tokenId + " has no image yet"));
        String etag = "\"" + sha + "-" + size + "\"";
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().header("ETag", etag).build();
        }
        MediaThumbnails.Picture picture = thumbnails.of(sha, size)
                .orElseThrow(() -> new NotFoundException("image " + sha + " is missing"));
        return Response.ok(picture.bytes(), picture.mediaType()).header("ETag", etag)
                .header("Cache-Control", "public, max-age=300, must-revalidate").build();
    }
}
