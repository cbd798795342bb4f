package io.tokenatlas.embedding;

import io.tokenatlas.media.Thumbnails;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Turns an RGB image into a model's input tensor (planar RGB, NCHW): resize the shorter side to
 * the input size, centre-crop, then (pixel - mean) / std per channel on the 0-255 scale. Pure.
 */
public final class Preprocessor {
    private final int size;
    private final float[] mean;
    private final float[] std;

    public Preprocessor(int size, List<Float> mean, List<Float> std) {
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("mean and std need three values (R, G, B), got " + mean + " and " + std);
        }
        this.size = size;
        this.mean = new float[] {mean.get(0), mean.get(1), mean.get(2)};
        this.std = new float[] {std.get(0), std.get(1), std.get(2)};
        for (float s : this.std) {
            if (s == 0) {
                throw new IllegalArgumentException("std must not be zero");
            }
        }
    }

    /** Values one image takes in the batch tensor. */
    public int tensorLength() {
        return 3 * size * size;
    }

    public int size() {
        return size;
    }

    public float[] tensor(BufferedImage image) {
        BufferedImage square = centreCrop(image);
        int plane = size * size;
        float[] out = new float[3 * plane];
        int[] rgb = square.getRGB(0, 0, size, size, null, 0, size);
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[i] = (((p >> 16) & 0xff) - mean[0]) / std[0];
            out[plane + i] = (((p >> 8) & 0xff) - mean[1]) / std[1];
            out[2 * plane + i] = ((p & 0xff) - mean[2]) / std[2];
        }
        return out;
    }

    BufferedImage centreCrop(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = (double) size / Math.min(w, h);
        int scaledW = Math.max(size, (int) Math.round(w * scale));
        int scaledH = Math.max(size, (int) Math.round(h * scale));
        BufferedImage scaled = Thumbnails.fit(image, Math.max(scaledW, scaledH));
        if (scaled.getWidth() != scaledW || scaled.getHeight() != scaledH) {
            scaled = Thumbnails.scale(scaled, scaledW, scaledH);
        }
        int x = (scaledW - size) / 2;
        int y = (scaledH - size) / 2;
        return scaled.getSubimage(x, y, size, size);
    }
}
