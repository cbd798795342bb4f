package io.tokenatlas.testkit;

import java.util.Random;

/**
 * Synthetic embeddings with structure at two scales, like a PFP collection's: families of
 * sub-families of points (family centres N(0, 1), sub-family offsets 0.35, point noise 0.15).
 */
public final class FamilyVectors {
    private FamilyVectors() {}

    /**
     * n points of {@code dim} dimensions; point i belongs to sub-family i mod (families x
     * subFamilies). {@code familyOf}, if given, receives each point's family.
     */
    public static double[][] generate(int n, int dim, int families, int subFamilies, long seed, int[] familyOf) {
        Random r = new Random(seed);
        double[][] centre = new double[families][dim];
        double[][] subCentre = new double[families * subFamilies][dim];
        for (double[] row : centre) {
            for (int j = 0; j < dim; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (int s = 0; s < subCentre.length; s++) {
            for (int j = 0; j < dim; j++) {
                subCentre[s][j] = centre[s / subFamilies][j] + r.nextGaussian() * 0.35;
            }
        }
        double[][] data = new double[n][dim];
        for (int i = 0; i < n; i++) {
            int s = i % subCentre.length;
            if (familyOf != null) {
                familyOf[i] = s / subFamilies;
            }
            for (int j = 0; j < dim; j++) {
                data[i][j] = subCentre[s][j] + r.nextGaussian() * 0.15;
            }
        }
        return data;
    }
}
