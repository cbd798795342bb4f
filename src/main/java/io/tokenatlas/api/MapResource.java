package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.MapClusterDto;
import io.tokenatlas.api.Dtos.MapColumnsDto;
import io.tokenatlas.api.Dtos.MapDto;
import io.tokenatlas.api.Dtos.MapPointDto;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.config.MediaConfig;
import io.tokenatlas.layout.Grid;
import io.tokenatlas.layout.LayoutPoint;
import io.tokenatlas.layout.LayoutReads;
import io.tokenatlas.layout.LayoutVersion;
import io.tokenatlas.layout.LayoutVersions;
import io.tokenatlas.layout.MosaicRenderer;
import io.tokenatlas.media.MediaRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * A collection's map: the current layout version (or a kept earlier one) with every token's
 * position, grid cell, cluster and provisional flag, and the grid rendered as a mosaic. Both
 * carry an ETag that changes with the version and whenever tokens are placed or removed, so that
 * polling with If-None-Match costs a 304.
 */
@Path("/api/v1/collections/{id}")
public class MapResource {
    /** Largest mosaic, in pixels (about 10,000 x 10,000). */
    static final long MAX_MOSAIC_PIXELS = 100_000_000L;

    private final CollectionRepository collections;
    private final LayoutVersions versions;
    private final LayoutReads layouts;
    private final MediaRepository media;
    private final int background;
    private final RenderSlots renders;

    public MapResource(CollectionRepository collections, LayoutVersions versions, LayoutReads layouts, MediaRepository media,
            MediaConfig mediaConfig, RenderSlots renders) {
        this.renders = renders;
        this.collections = collections;
        this.versions = versions;
        this.layouts = layouts;
        this.media = media;
        this.background = mediaConfig.background().rgb();
    }

    @GET
    @Path("/map")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The collection's map",
            description = "x and y in [0, 1] (y down), the grid cell (col, row; null for a provisional token that found "
                    + "the grid full), cluster and provisional flag of every token of the layout version, with the "
                    + "clusters' names. form=columnar returns the points as parallel arrays (compact for 100k tokens). "
                    + "Before the first layout the answer has version 0 and no points.")
    public Response map(@PathParam("id") long id,
            @Parameter(description = "rows (default) or columnar") @QueryParam("form") @DefaultValue("rows") String form,
            @Parameter(description = "a kept earlier version (default: the current one)") @QueryParam("version") Integer version,
            @Context Request request) {
        Lookups.collection(collections, id);
        boolean columnar = switch (form) {
            case "rows" -> false;
            case "columnar" -> true;
            default -> throw new InvalidInputException("form must be rows or columnar, not '" + form + "'");
        };
        Optional<LayoutVersion> chosen = choose(id, version);
        if (chosen.isEmpty()) {
            return Response.ok(new MapDto(id, 0, null, 0, null, null, 0, null, 0, List.of(),
                    columnar ? new MapColumnsDto(List.of(), new float[0], new float[0], new int[0], new int[0], new boolean[0])
                            : List.of())).cacheControl(EntityTags.REVALIDATE).build();
        }
        LayoutVersion v = chosen.get();
        EntityTag tag = new EntityTag(layouts.stateTag(v.id()) + "-" + form);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.cacheControl(EntityTags.REVALIDATE).build();
        }
        List<LayoutPoint> points = layouts.points(v.id());
        Grid grid = v.grid();
        Object body = columnar ? columns(points, grid) : points.stream().map(p -> new MapPointDto(p.tokenId().toString(),
                p.x(), p.y(), p.cell() < 0 ? null : grid.col(p.cell()), p.cell() < 0 ? null : grid.row(p.cell()),
                p.cluster(), p.provisional())).toList();
        List<MapClusterDto> clusters = layouts.clusters(v.id()).stream()
                .map(c -> new MapClusterDto(c.id(), c.name(), c.size(), (float) c.x(), (float) c.y())).toList();
        MapDto dto = new MapDto(id, v.version(), v.createdAt().toString(), v.revision(), v.modelName(),
                new Dtos.GridDto(grid.cols(), grid.rows()), v.tokenCount(), v.params(),
                provisionalCount(points), clusters, body);
        return Response.ok(dto).tag(tag).cacheControl(EntityTags.REVALIDATE).build();
    }

    @GET
    @Path("/mosaic.png")
    @Produces("image/png")
    @Operation(summary = "The layout's grid as one picture, each token's thumbnail in its cell")
    public Response mosaic(@PathParam("id") long id,
            @Parameter(description = "side of a cell in pixels, 4 to 256") @QueryParam("cell") @DefaultValue("32") int cell,
            @QueryParam("version") Integer version, @Context Request request) {
        Lookups.collection(collections, id);
        if (cell < 4 || cell > 256) {
            throw new InvalidInputException("cell must be between 4 and 256 pixels, not " + cell);
        }
        LayoutVersion v = choose(id, version).orElseThrow(() ->
                new NotFoundException("collection " + id + " has no layout yet: it appears once tokens are embedded"));
        Grid grid = v.grid();
        long pixels = (long) grid.cols() * cell * grid.rows() * cell;
        if (pixels > MAX_MOSAIC_PIXELS) {
            long largest = (long) Math.floor(Math.sqrt((double) MAX_MOSAIC_PIXELS / ((long) grid.cols() * grid.rows())));
            throw new InvalidInputException("a " + grid.cols() + " x " + grid.rows() + " mosaic at cell=" + cell
                    + " would have " + pixels + " pixels, more than " + MAX_MOSAIC_PIXELS + "; use cell=" + largest + " or less");
        }
        EntityTag tag = new EntityTag(layouts.stateTag(v.id()) + "-mosaic-" + cell);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.cacheControl(EntityTags.REVALIDATE).build();
        }
        List<LayoutReads.CellImage> cells = layouts.cellImages(v.id());
        RenderSlots.Slot slot = renders.take("/api/v1/collections/" + id + "/mosaic.png");
        StreamingOutput png = out -> {
            try (slot) {
                MosaicRenderer.render(grid, cells, cell, background, media::thumbnails, out);
            }
        };
        return Response.ok(png, "image/png").tag(tag).cacheControl(EntityTags.REVALIDATE).build();
    }

    private Optional<LayoutVersion> choose(long id, Integer version) {
        if (version == null) {
            return versions.current(id);
        }
        return Optional.of(versions.versions(id).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new NotFoundException("collection " + id + " keeps no layout version " + version)));
    }

    private static int provisionalCount(List<LayoutPoint> points) {
        return (int) points.stream().filter(LayoutPoint::provisional).count();
    }

    private static MapColumnsDto columns(List<LayoutPoint> points, Grid grid) {
        int n = points.size();
        float[] x = new float[n];
        float[] y = new float[n];
        int[] cell = new int[n];
        int[] cluster = new int[n];
        boolean[] provisional = new boolean[n];
        List<String> ids = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LayoutPoint p = points.get(i);
            ids.add(p.tokenId().toString());
            x[i] = Math.round(p.x() * 1e4f) / 1e4f;
            y[i] = Math.round(p.y() * 1e4f) / 1e4f;
            cell[i] = p.cell();
            cluster[i] = p.cluster();
            provisional[i] = p.provisional();
        }
        return new MapColumnsDto(ids, x, y, cell, cluster, provisional);
    }
}
