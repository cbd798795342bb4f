package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import smile.graph.NearestNeighborGraph;

class NeighbourDescentTest {
    @Test
    void findsNearlyEveryTrueNeighbourOfClusteredPoints() {
        double[][] data = LayoutFixtures.families(4000, 50, 20, 11, null);
        NearestNeighborGraph graph = NeighbourDescent.of(data, 15, 5);
        assertEquals(4000, graph.size());
        double recall = recall(data, graph, 15);
        assertTrue(recall >= 0.95, "recall of the 15 nearest: " + recall);
        for (int i = 0; i < data.length; i++) {
            double[] d = graph.distances()[i];
            for (int s = 0; s < 15; s++) {
                assertTrue(graph.neighbors()[i][s] != i, "no point is its own neighbour");
                assertEquals(Math.sqrt(NeighbourDescent.squared(data[i], data[graph.neighbors()[i][s]])), d[s], 1e-9);
                assertTrue(s == 0 || d[s - 1] <= d[s], "nearest first");
            }
            assertEquals(15, Arrays.stream(graph.neighbors()[i]).distinct().count(), "no neighbour twice");
        }
    }

    @Test
    void findsNeighboursOfUniformNoise() {
        // No clusters to lean on: the hardest input for the trees' first guess.
        Random random = new Random(3);
        double[][] data = new double[3000][20];
        for (double[] row : data) {
            Arrays.setAll(row, j -> random.nextDouble());
        }
        double recall = recall(data, NeighbourDescent.of(data, 10, 1), 10);
        assertTrue(recall >= 0.9, "recall of the 10 nearest: " + recall);
    }

    @Test
    void copiesOfOnePointAreEachOthersNeighboursAndTinyInputsAreComplete() {
        double[][] data = LayoutFixtures.families(500, 8, 4, 2, null);
        for (int i = 1; i < 40; i++) {
            data[i] = data[0].clone();
        }
        NearestNeighborGraph graph = NeighbourDescent.of(data, 15, 9);
        for (int i = 0; i < 40; i++) {
            for (int s = 0; s < 15; s++) {
                assertTrue(graph.neighbors()[i][s] < 40, "a copy's neighbours are copies: row " + i);
                assertEquals(0.0, graph.distances()[i][s]);
            }
        }

        double[][] three = {{0, 0}, {1, 0}, {5, 5}};
        NearestNeighborGraph small = NeighbourDescent.of(three, 2, 1);
        assertEquals(Set.of(1, 2), Set.of(small.neighbors()[0][0], small.neighbors()[0][1]));
        assertEquals(1, small.neighbors()[0][0], "nearest first");
        assertThrows(IllegalArgumentException.class, () -> NeighbourDescent.of(three, 3, 1));
    }

    /** The share of the true k nearest (brute force) that the graph holds. */
    static double recall(double[][] data, NearestNeighborGraph graph, int k) {
        long found = 0;
        Integer[] order = new Integer[data.length];
        for (int i = 0; i < data.length; i++) {
            double[] dist = new double[data.length];
            for (int j = 0; j < data.length; j++) {
                dist[j] = j == i ? Double.POSITIVE_INFINITY : NeighbourDescent.squared(data[i], data[j]);
                order[j] = j;
            }
            Arrays.sort(order, (x, y) -> Double.compare(dist[x], dist[y]));
            Set<Integer> got = new HashSet<>();
            for (int id : graph.neighbors()[i]) {
                got.add(id);
            }
            double kth = dist[order[k - 1]];
            for (int s = 0; s < k; s++) {
                // A tie with the k-th true distance counts as found.
                if (got.contains(order[s]) || dist[graph.neighbors()[i][k - 1]] <= kth) {
                    found++;
                }
            }
        }
        return (double) found / ((long) data.length * k);
    }
}
