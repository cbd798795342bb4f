package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.layout.ClusterNames.Feature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayoutComputationTest {
    private static final LayoutComputation.Settings SETTINGS =
            new LayoutComputation.Settings(UmapProjection.Params.defaults(3), 1000, 12, 5);

    @Test
    void aNewVersionTakesThePreviousVersionsOrientation() {
        LayoutComputation.Input input = input(300);
        LayoutComputation.Output first = LayoutComputation.compute(input, Map.of(), SETTINGS);
        // The previous version as a user saw it: mirrored and turned by 90 degrees.
        Map<BigInteger, double[]> previous = new HashMap<>();
        for (int i = 0; i < first.xy().length; i++) {
            previous.put(input.tokenIds().get(i), new double[] {first.xy()[i][1], first.xy()[i][0]});
        }
        LayoutComputation.Output second = LayoutComputation.compute(input, previous, SETTINGS);
        assertEquals(300, second.alignedOn());
        // UMAP does not repeat itself to the digit (see UmapProjectionTest), so the new map is not the
        // old one; but of its eight turns and mirrors, the one served is the nearest to what the user saw.
        double served = distance(second.xy(), previous, input, 0);
        for (int variant = 1; variant < 8; variant++) {
            double other = distance(second.xy(), previous, input, variant);
            // Procrustes minimises squared distances before the map is scaled into the unit square: a margin.
            assertTrue(served <= 1.05 * other, "turn/mirror " + variant + " would be nearer the previous version: "
                    + other + " < " + served);
        }
    }

    /** Mean squared distance to the previous positions after one of the square's 8 symmetries about its centre. */
    private static double distance(double[][] xy, Map<BigInteger, double[]> previous, LayoutComputation.Input input,
            int variant) {
        double sum = 0;
        for (int i = 0; i < xy.length; i++) {
            double x = xy[i][0] - 0.5;
            double y = xy[i][1] - 0.5;
            for (int t = 0; t < variant % 4; t++) {
                double turned = -y;
                y = x;
                x = turned;
            }
            if (variant >= 4) {
                x = -x;
            }
            double[] was = previous.get(input.tokenIds().get(i));
            double dx = x + 0.5 - was[0];
            double dy = y + 0.5 - was[1];
            sum += dx * dx + dy * dy;
        }
        return sum / xy.length;
    }

    @Test
    void everyTokenGetsAPointACellAndANamedCluster() {
        LayoutComputation.Input input = input(240);
        LayoutComputation.Output out = LayoutComputation.compute(input, Map.of(), SETTINGS);
        assertEquals(240, out.xy().length);
        Set<Integer> cells = new HashSet<>();
        for (int cell : out.cells()) {
            assertTrue(cells.add(cell));
        }
        assertTrue(out.clusters().size() >= 2, "families form clusters: " + out.clusters());
        int total = 0;
        for (LayoutComputation.Cluster c : out.clusters()) {
            total += c.size();
            assertTrue(c.name().matches("Family \\d( family)?.*|.*Family \\d.*"), "named after its family: " + c.name());
        }
        assertEquals(240, total);
    }

    /** Tokens in 6 families whose "Family" trait is their family. */
    private static LayoutComputation.Input input(int n) {
        int[] family = new int[n];
        double[][] vectors = LayoutFixtures.families(n, 48, 6, 9, family);
        List<BigInteger> ids = new ArrayList<>();
        List<Set<Feature>> features = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(BigInteger.valueOf(i + 1));
            features.add(Set.of(new Feature("Family", "Family " + family[i], false),
                    new Feature("Edition", "unique " + i, false)));
        }
        return new LayoutComputation.Input(ids, vectors, features);
    }
}
