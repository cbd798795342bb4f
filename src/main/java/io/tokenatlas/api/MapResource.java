package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.MapDto;
import io.tokenatlas.api.Dtos.MapPointDto;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.layout.MapService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A collection's 2-D map: x and y in [0, 1] for every embedded token. */
@Path("/api/v1/collections/{id}/map")
@Produces(MediaType.APPLICATION_JSON)
public class MapResource {
    private final CollectionRepository collections;
    private final MapService maps;
    private final EmbeddingModel model;

    public MapResource(CollectionRepository collections, MapService maps, EmbeddingModel model) {
        this.collections = collections;
        this.maps = maps;
        this.model = model;
    }

    @GET
    public MapDto map(@PathParam("id") long id) {
        CollectionResource.find(collections, id);
        var points = maps.map(id).stream().map(p -> new MapPointDto(p.tokenId().toString(), p.x(), p.y())).toList();
        return new MapDto(id, model.servingFor(id).name(), "pca", points);
    }
}
