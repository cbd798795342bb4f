package io.tokenatlas.layout;

import java.util.Random;

/** Vectors with structure at two scales: families of sub-families of points, like a PFP collection. */
final class LayoutFixtures {
    private LayoutFixtures() {}

    /** n points of {@code dim} dimensions in {@code families} families of 5 sub-families each; label = family. */
    static double[][] families(int n, int dim, int families, long seed, int[] familyOf) {
        Random r = new Random(seed);
        int sub = 5;
        double[][] centre = new double[families][dim];
        double[][] subCentre = new double[families * sub][dim];
        for (double[] row : centre) {
            for (int j = 0; j < dim; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (int s = 0; s < subCentre.length; s++) {
            for (int j = 0; j < dim; j++) {
                subCentre[s][j] = centre[s / sub][j] + r.nextGaussian() * 0.35;
            }
        }
        double[][] data = new double[n][dim];
        for (int i = 0; i < n; i++) {
            int s = i % subCentre.length;
            if (familyOf != null) {
                familyOf[i] = s / sub;
            }
            for (int j = 0; j < dim; j++) {
                data[i][j] = subCentre[s][j] + r.nextGaussian() * 0.15;
            }
        }
        return data;
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
