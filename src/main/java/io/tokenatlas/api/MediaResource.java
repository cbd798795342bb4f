package io.tokenatlas.api;

import io.tokenatlas.media.MediaRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** Thumbnails by the sha256 of their original image: content-addressed, so cached for good. */
@Path("/api/v1/media/{sha256}")
public class MediaResource {
    private final MediaRepository media;

    public MediaResource(MediaRepository media) {
        this.media = media;
    }

    @GET
    @Path("/thumbnail")
    @Produces("image/png")
    public Response thumbnail(@PathParam("sha256") String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("a media id is the sha256 of the image in 64 lower-case hex digits, got "
                    + sha256);
        }
        byte[] png = media.thumbnail(sha256).orElseThrow(() -> new NotFoundException("no image " + sha256 + " is stored"));
        return Response.ok(png, "image/png").header("ETag", "\"" + sha256 + "\"")
                .header("Cache-Control", "public, max-age=31536000, immutable").build();
    }
}
