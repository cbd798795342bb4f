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
        assertTrue(second.alignment().reflect(), "the mirror image is taken over");
        double moved = 0;
        for (int i = 0; i < second.xy().length; i++) {
            double[] was = previous.get(input.tokenIds().get(i));
            moved += Math.hypot(second.xy()[i][0] - was[0], second.xy()[i][1] - was[1]);
        }
        assertTrue(moved / 300 < 0.01, "the same input lands where it was: " + moved / 300);
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
