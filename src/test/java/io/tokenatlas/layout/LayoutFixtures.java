package io.tokenatlas.layout;

import io.tokenatlas.testkit.FamilyVectors;
import java.util.Random;

/** Inputs for the layout tests. */
final class LayoutFixtures {
    private LayoutFixtures() {}

    /** n points of {@code dim} dimensions in {@code families} families of 5 sub-families each; label = family. */
    static double[][] families(int n, int dim, int families, long seed, int[] familyOf) {
        return FamilyVectors.generate(n, dim, families, 5, seed, familyOf);
    }

    /** Uniform random points in the unit square. */
    static double[][] uniform(int n, long seed) {
        Random r = new Random(seed);
        double[][] xy = new double[n][2];
        for (double[] p : xy) {
            p[0] = r.nextDouble();
            p[1] = r.nextDouble();
        }
        return xy;
    }
}
