package io.tokenatlas.embedding;

/** Vector arithmetic the embedder needs. Pure. */
public final class Vectors {
    private Vectors() {}

    /** Scales to unit length in place (a zero vector stays zero) and returns it. */
    public static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }
}
