package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MapClustersTest {
    @Test
    void findsTheIslandsOfAMap() {
        Random random = new Random(7);
        double[][] centres = {{0.1, 0.1}, {0.9, 0.1}, {0.5, 0.9}, {0.1, 0.8}};
        double[][] xy = new double[400][];
        for (int i = 0; i < xy.length; i++) {
            double[] c = centres[i % 4];
            xy[i] = new double[] {c[0] + random.nextGaussian() * 0.02, c[1] + random.nextGaussian() * 0.02};
        }
        MapClusters.Result r = MapClusters.find(xy, 12, 5, 1);
        assertEquals(4, r.count());
        for (int i = 4; i < xy.length; i++) {
            assertEquals(r.labels()[i % 4], r.labels()[i], "point " + i + " is with its island");
        }
        assertArrayEquals(r.labels(), MapClusters.find(xy, 12, 5, 1).labels(), "deterministic");
    }

    @Test
    void tinyMapsAreOneCluster() {
        MapClusters.Result r = MapClusters.find(LayoutFixtures.uniform(5, 1), 12, 5, 1);
        assertEquals(1, r.count());
        assertArrayEquals(new int[5], r.labels());
    }
}
