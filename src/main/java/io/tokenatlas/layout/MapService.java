package io.tokenatlas.layout;

import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.vector.SimilarityRepository;
import io.tokenatlas.vector.TokenVector;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** A collection's 2-D map from the current model's vectors (PCA for now). */
@ApplicationScoped
public class MapService {
    private final SimilarityRepository vectors;
    private final EmbeddingModel model;

    public MapService(SimilarityRepository vectors, EmbeddingModel model) {
        this.vectors = vectors;
        this.model = model;
    }

    public List<MapPoint> map(long collectionId) {
        List<TokenVector> rows = vectors.allVectors(collectionId, model.servingFor(collectionId));
        double[][] data = new double[rows.size()][];
        for (int i = 0; i < data.length; i++) {
            float[] v = rows.get(i).vector();
            data[i] = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                data[i][j] = v[j];
            }
        }
        double[][] xy = PcaProjection.project(data);
        List<MapPoint> points = new ArrayList<>(rows.size());
        for (int i = 0; i < xy.length; i++) {
            points.add(new MapPoint(rows.get(i).tokenId(), xy[i][0], xy[i][1]));
        }
        return points;
    }
}
