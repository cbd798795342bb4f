package io.tokenatlas.api;

import io.tokenatlas.media.MediaThumbnails;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Thumbnails by the sha256 of their original image: content-addressed, so cached for good. */
@Path("/api/v1/media/{sha256}")
public class MediaResource {
    private final MediaThumbnails thumbnails;

    public MediaResource(MediaThumbnails thumbnails) {
        this.thumbnails = thumbnails;
    }

    @GET
    @Path("/thumbnail")
    @Produces({"image/png", "image/jpeg"})
    @Operation(summary = "A stored image's thumbnail", description = "size=64, 256 (the default) or 512 px on the longest"
            + " side: 64 and 256 as PNG, 512 as JPEG when the original is larger than 256 px (else the 256 one).")
    public Response thumbnail(@PathParam("sha256") String sha256, @QueryParam("size") @DefaultValue("256") int size) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("a media id is the sha256 of the image in 64 lower-case hex digits, got "
                    + sha256);
        }
        MediaThumbnails.Picture picture = thumbnails.of(sha256, size(size))
                .orElseThrow(() -> new NotFoundException("no image " + sha256 + " is stored"));
        return Response.ok(picture.bytes(), picture.mediaType()).header("ETag", "\"" + sha256 + "-" + size + "\"")
                .header("Cache-Control", "public, max-age=31536000, immutable").build();
    }

    /** A thumbnail size a client may ask for, or a 400. */
    static int size(int size) {
        if (!MediaThumbnails.SIZES.contains(size)) {
            throw new InvalidInputException("size is 64, 256 or 512, got " + size);
        }
        return size;
    }
}
