package io.tokenatlas.api;

import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.config.MediaConfig;
import io.tokenatlas.layout.MosaicRenderer;
import io.tokenatlas.layout.SheetCache;
import io.tokenatlas.layout.TextureAtlas;
import io.tokenatlas.media.MediaRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A texture atlas of a collection's thumbnails: sprite sheets of at most 4096 x 4096 pixels and an
 * index saying which slot of which sheet holds each token's image, so that a browser draws a
 * whole collection from a few images.
 */
@Path("/api/v1/collections/{id}/atlas")
public class AtlasResource {
    private static final CacheControl FOREVER = CacheControl.valueOf("public, max-age=31536000, immutable");

    private final CollectionRepository collections;
    private final TokenReadRepository tokens;
    private final MediaRepository media;
    private final SheetCache cache;
    private final int background;
    private final RenderSlots renders;

    public AtlasResource(CollectionRepository collections, TokenReadRepository tokens, MediaRepository media,
            SheetCache cache, MediaConfig mediaConfig, RenderSlots renders) {
        this.renders = renders;
        this.collections = collections;
        this.tokens = tokens;
        this.media = media;
        this.cache = cache;
        this.background = mediaConfig.background().rgb();
    }

    /**
     * Token i's image is slot {@code slots[i]}: sheet slot / slotsPerSheet, then column and row
     * (slot % slotsPerSheet) % columns and / columns, each cell {@code cell} pixels. Slot s's image
     * has the average colour {@code colours[s]} (0xRRGGBB, from its placeholder; -1 when it has none
     * yet), for drawing before the sheet arrives.
     */
    public record AtlasDto(long collectionId, int cell, int columns, int slotsPerSheet, String tag, List<String> sheets,
            List<String> tokenIds, int[] slots, int[] colours) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The index of the collection's texture atlas",
            description = "Every live token with an image, the slot its thumbnail has, and the sheet URLs. The tag"
                    + " (also the ETag) changes when an image is added, changed or removed; sheet URLs carry it, so"
                    + " a sheet can be cached for good.")
    public Response index(@PathParam("id") long id, @QueryParam("cell") @DefaultValue("32") int cell,
            @Context Request request, @Context UriInfo uri) {
        TextureAtlas atlas = atlas(id, cell);
        EntityTag tag = new EntityTag(atlas.tag());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.cacheControl(EntityTags.REVALIDATE).build();
        }
        List<String> sheets = new ArrayList<>();
        for (int s = 0; s < atlas.sheets(); s++) {
            sheets.add(uri.getBaseUriBuilder().path("api/v1/collections/{id}/atlas/{sheet}.png")
                    .queryParam("cell", cell).queryParam("tag", atlas.tag()).build(id, s).toString());
        }
        java.util.Map<String, String> placeholders = media.placeholders(atlas.slotMedia());
        int[] colours = atlas.slotMedia().stream().mapToInt(sha -> placeholders.containsKey(sha)
                ? io.tokenatlas.media.BlurHash.averageColour(placeholders.get(sha)) : -1).toArray();
        AtlasDto dto = new AtlasDto(id, cell, atlas.columns(), atlas.slotsPerSheet(), atlas.tag(), sheets,
                atlas.tokenIds().stream().map(BigInteger::toString).toList(), atlas.slots(), colours);
        return Response.ok(dto).tag(tag).cacheControl(EntityTags.REVALIDATE).build();
    }

    @GET
    @Path("/{sheet}.png")
    @Produces("image/png")
    @Operation(summary = "One sprite sheet of the texture atlas")
    public Response sheet(@PathParam("id") long id, @PathParam("sheet") int sheet,
            @QueryParam("cell") @DefaultValue("32") int cell, @QueryParam("tag") String wanted,
            @Context Request request) {
        TextureAtlas atlas = atlas(id, cell);
        if (sheet < 0 || sheet >= atlas.sheets()) {
            throw new NotFoundException("the atlas of collection " + id + " at cell=" + cell + " has " + atlas.sheets()
                    + " sheets; there is no sheet " + sheet);
        }
        EntityTag tag = new EntityTag(atlas.tag() + "-" + sheet);
        // A URL naming the current tag never changes; others are revalidated.
        CacheControl caching = atlas.tag().equals(wanted) ? FOREVER : EntityTags.REVALIDATE;
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.cacheControl(caching).build();
        }
        byte[] png = cache.get(id + "/" + atlas.tag() + "/" + sheet, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (RenderSlots.Slot slot = renders.take("/api/v1/collections/" + id + "/atlas/" + sheet + ".png")) {
                MosaicRenderer.render(atlas.sheetGrid(sheet), atlas.sheetCells(sheet), cell, background, media::thumbnails, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
        return Response.ok(png, "image/png").tag(tag).cacheControl(caching).build();
    }

    private TextureAtlas atlas(long id, int cell) {
        Lookups.collection(collections, id);
        if (cell < 8 || cell > 256) {
            throw new InvalidInputException("cell must be between 8 and 256 pixels, not " + cell);
        }
        return TextureAtlas.of(tokens.images(id), cell);
    }
}
