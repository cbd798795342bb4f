package io.tokenatlas.embedding;

/** Vector arithmetic the embedder needs, and vectors as PostgreSQL sends them in binary. Pure. */
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

    /**
     * Reads a vector that PostgreSQL sent in binary ({@code SELECT vector_send(vector)}): its
     * dimensions (int16), an unused int16, then big-endian float4s. Read as text, a 1424-d vector is
     * 1424 decimal numbers to split and parse, which layouts and descriptor fits did for every token.
     */
    public static float[] fromBinary(byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        int dimensions = Short.toUnsignedInt(in.getShort());
        in.getShort();
        if (in.remaining() != 4 * dimensions) {
            throw new IllegalArgumentException("a binary vector of " + dimensions + " dimensions has "
                    + in.remaining() + " bytes of values");
        }
        float[] v = new float[dimensions];
        in.asFloatBuffer().get(v);
        return v;
    }
}
