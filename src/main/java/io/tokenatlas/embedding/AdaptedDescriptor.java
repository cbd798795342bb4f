package io.tokenatlas.embedding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A descriptor fitted to one collection: the model part of the stored vectors centred on the
 * collection's mean and whitened on its first principal axes (up to {@value #MODEL_AXES}, fewer
 * for small collections), the colour part likewise on {@value #COLOUR_AXES}, each made unit length and mixed with
 * {@link #COLOUR_WEIGHT}. Whitening gives the directions in which the collection's tokens differ
 * (an accessory, a type's palette) the weight that the directions shared by every token (the
 * drop's common pose, outline and background) take in the raw vector. Both the axes and the
 * weight were chosen on generated drops by {@code scripts/bench} (docs/descriptors.md). Pure.
 */
public final class AdaptedDescriptor {
    public static final int MODEL_AXES = 128;
    public static final int COLOUR_AXES = 32;
    /** Length of an adapted vector (fewer axes than this when fitted on few tokens: zero-padded). */
    public static final int DIMENSION = MODEL_AXES + COLOUR_AXES;
    public static final float COLOUR_WEIGHT = 0.4f;

    /** One part's whitening: {@code axes[i] . (v - mean)} is coordinate i, at unit variance over the collection. */
    record Whitening(float[] mean, float[][] axes) {
        float[] apply(float[] part) {
            float[] out = new float[axes.length];
            for (int i = 0; i < axes.length; i++) {
                double sum = 0;
                float[] axis = axes[i];
                for (int d = 0; d < part.length; d++) {
                    sum += axis[d] * (part[d] - mean[d]);
                }
                out[i] = (float) sum;
            }
            return Vectors.normalise(out);
        }

        static Whitening fit(double[][] parts, int wanted) {
            int dimension = parts[0].length;
            PrincipalAxes pca = PrincipalAxes.fit(parts, wanted);
            int k = pca.axes().length;
            float[] mean = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                mean[d] = (float) pca.mean()[d];
            }
            float[][] axes = new float[k][dimension];
            for (int i = 0; i < k; i++) {
                double variance = pca.variances()[i];
                double scale = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
                for (int d = 0; d < dimension; d++) {
                    axes[i][d] = (float) (pca.axes()[i][d] * scale);
                }
            }
            return new Whitening(mean, axes);
        }
    }

    private final int modelDimension;
    private final Whitening model;
    private final Whitening colour;

    AdaptedDescriptor(int modelDimension, Whitening model, Whitening colour) {
        this.modelDimension = modelDimension;
        this.model = model;
        this.colour = colour;
    }

    /**
     * Model axes a fit of {@code tokens} vectors keeps: a sixth of the tokens, between 16 and
     * {@value #MODEL_AXES}. Whitening directions that few tokens vary along amplifies their noise
     * (on a 200-token drop, 128 axes cost gender 0.84 to 0.80 and headwear 0.66 to 0.44 against 32).
     */
    static int modelAxes(int tokens) {
        return Math.max(16, Math.min(MODEL_AXES, tokens / 6));
    }

    /** The fewest tokens a fit is made from: fewer cannot say which directions matter. */
    public static final int MIN_TOKENS = 3;

    /**
     * Fits the descriptor on a collection's stored vectors, whose first {@code modelDimension}
     * values are the model's part and the rest (if any) the colour part.
     */
    public static AdaptedDescriptor fit(List<float[]> stored, int modelDimension) {
        if (stored.size() < MIN_TOKENS) {
            throw new IllegalArgumentException("a fit needs at least " + MIN_TOKENS + " vectors, got " + stored.size());
        }
        int colourDimension = stored.getFirst().length - modelDimension;
        double[][] models = new double[stored.size()][];
        double[][] colours = colourDimension == 0 ? null : new double[stored.size()][];
        for (int i = 0; i < stored.size(); i++) {
            models[i] = doubles(part(stored.get(i), 0, modelDimension));
            if (colours != null) {
                colours[i] = doubles(part(stored.get(i), modelDimension, colourDimension));
            }
        }
        return new AdaptedDescriptor(modelDimension, Whitening.fit(models, modelAxes(stored.size())),
                colours == null ? null : Whitening.fit(colours, COLOUR_AXES));
    }

    /** The adapted vector of a stored vector (unit length, {@link #DIMENSION} values). */
    public float[] project(float[] stored) {
        float[] out = new float[DIMENSION];
        float[] m = model.apply(part(stored, 0, modelDimension));
        float modelWeight = colour == null ? 1 : 1 - COLOUR_WEIGHT;
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i] * modelWeight;
        }
        if (colour != null) {
            float[] c = colour.apply(part(stored, modelDimension, stored.length - modelDimension));
            for (int i = 0; i < c.length; i++) {
                out[MODEL_AXES + i] = c[i] * COLOUR_WEIGHT;
            }
        }
        return Vectors.normalise(out);
    }

    /** Values [from, from + length) made unit length. */
    static float[] part(float[] v, int from, int length) {
        return Vectors.normalise(java.util.Arrays.copyOfRange(v, from, from + length));
    }

    private static double[] doubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** The fit as bytes for the database: dimensions, then each whitening's mean and axes, float32 little-endian. */
    public byte[] toBytes() {
        int floats = size(model) + size(colour);
        ByteBuffer out = ByteBuffer.allocate(16 + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(modelDimension);
        out.putInt(model.axes().length);
        out.putInt(colour == null ? 0 : colour.mean().length);
        out.putInt(colour == null ? 0 : colour.axes().length);
        put(out, model);
        if (colour != null) {
            put(out, colour);
        }
        return out.array();
    }

    public static AdaptedDescriptor fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int modelDimension = in.getInt();
        int modelAxes = in.getInt();
        int colourDimension = in.getInt();
        int colourAxes = in.getInt();
        Whitening model = get(in, modelDimension, modelAxes);
        Whitening colour = colourDimension == 0 ? null : get(in, colourDimension, colourAxes);
        return new AdaptedDescriptor(modelDimension, model, colour);
    }

    private static int size(Whitening w) {
        return w == null ? 0 : w.mean().length * (1 + w.axes().length);
    }

    private static void put(ByteBuffer out, Whitening w) {
        for (float x : w.mean()) {
            out.putFloat(x);
        }
        for (float[] axis : w.axes()) {
            for (float x : axis) {
                out.putFloat(x);
            }
        }
    }

    private static Whitening get(ByteBuffer in, int dimension, int axes) {
        float[] mean = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            mean[d] = in.getFloat();
        }
        float[][] out = new float[axes][dimension];
        for (int i = 0; i < axes; i++) {
            for (int d = 0; d < dimension; d++) {
                out[i][d] = in.getFloat();
            }
        }
        return new Whitening(mean, out);
    }
}
