package io.tokenatlas.embedding;

import io.tokenatlas.config.EmbeddingConfig.Resize;
import io.tokenatlas.config.EmbeddingConfig.TensorLayout;
import io.tokenatlas.media.Thumbnails;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Turns an RGB image into a model's input tensor: to a square of the input size (the shorter side
 * resized and the centre cropped, or the whole picture letterboxed on a background), then each
 * channel value v (0-255) becomes {@code v * scale + offset} per channel, laid out as planes
 * (NCHW) or interleaved (NHWC). Pure.
 */
public final class Preprocessor {
    private final int size;
    private final TensorLayout layout;
    private final Resize resize;
    private final float[] scale;
    private final float[] offset;
    private final Color background;

    /** Centre-cropped NCHW with (v - mean) / std per channel. */
    public Preprocessor(int size, List<Float> mean, List<Float> std) {
        this(size, TensorLayout.NCHW, Resize.CROP, fromStd(std), fromMean(mean, std), Color.WHITE);
    }

    public Preprocessor(int size, TensorLayout layout, Resize resize, float[] scale, float[] offset, Color background) {
        if (size < 1) {
            throw new IllegalArgumentException("the input size must be positive, got " + size);
        }
        if (scale.length != 3 || offset.length != 3) {
            throw new IllegalArgumentException("scale and offset need three values (R, G, B)");
        }
        this.size = size;
        this.layout = layout;
        this.resize = resize;
        this.scale = scale.clone();
        this.offset = offset.clone();
        this.background = background;
    }

    /** The per-channel scale of mean/std normalisation: 1 / std. */
    public static float[] fromStd(List<Float> std) {
        if (std.size() != 3) {
            throw new IllegalArgumentException("std needs three values (R, G, B), got " + std);
        }
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            if (std.get(c) == 0) {
                throw new IllegalArgumentException("std must not be zero");
            }
            out[c] = 1f / std.get(c);
        }
        return out;
    }

    /** The per-channel offset of mean/std normalisation: -mean / std. */
    public static float[] fromMean(List<Float> mean, List<Float> std) {
        if (mean.size() != 3) {
            throw new IllegalArgumentException("mean needs three values (R, G, B), got " + mean);
        }
        float[] scale = fromStd(std);
        return new float[] {-mean.get(0) * scale[0], -mean.get(1) * scale[1], -mean.get(2) * scale[2]};
    }

    /** Values one image takes in the batch tensor. */
    public int tensorLength() {
        return 3 * size * size;
    }

    public int size() {
        return size;
    }

    public TensorLayout layout() {
        return layout;
    }

    public float[] tensor(BufferedImage image) {
        float[] out = new float[tensorLength()];
        tensor(image, out, 0);
        return out;
    }

    /** Writes the image's tensor into {@code out} from {@code at} (one slot of a batch). */
    public void tensor(BufferedImage image, float[] out, int at) {
        BufferedImage square = resize == Resize.LETTERBOX ? letterbox(image) : centreCrop(image);
        int plane = size * size;
        int[] rgb = Thumbnails.argb(square);
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            float r = ((p >> 16) & 0xff) * scale[0] + offset[0];
            float g = ((p >> 8) & 0xff) * scale[1] + offset[1];
            float b = (p & 0xff) * scale[2] + offset[2];
            if (layout == TensorLayout.NCHW) {
                out[at + i] = r;
                out[at + plane + i] = g;
                out[at + 2 * plane + i] = b;
            } else {
                out[at + 3 * i] = r;
                out[at + 3 * i + 1] = g;
                out[at + 3 * i + 2] = b;
            }
        }
    }

    BufferedImage centreCrop(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double s = (double) size / Math.min(w, h);
        int scaledW = Math.max(size, (int) Math.round(w * s));
        int scaledH = Math.max(size, (int) Math.round(h * s));
        BufferedImage scaled = Thumbnails.fit(image, Math.max(scaledW, scaledH));
        if (scaled.getWidth() != scaledW || scaled.getHeight() != scaledH) {
            scaled = Thumbnails.scale(scaled, scaledW, scaledH);
        }
        int x = (scaledW - size) / 2;
        int y = (scaledH - size) / 2;
        return scaled.getSubimage(x, y, size, size);
    }

    /** The whole picture, its longer side fitted to the size, centred on the background. */
    BufferedImage letterbox(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double s = (double) size / Math.max(w, h);
        int scaledW = Math.max(1, (int) Math.round(w * s));
        int scaledH = Math.max(1, (int) Math.round(h * s));
        BufferedImage scaled = Thumbnails.fit(image, size);
        if (scaled.getWidth() != scaledW || scaled.getHeight() != scaledH) {
            scaled = Thumbnails.scale(scaled, scaledW, scaledH);
        }
        BufferedImage square = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = square.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, size, size);
            g.drawImage(scaled, (size - scaledW) / 2, (size - scaledH) / 2, null);
        } finally {
            g.dispose();
        }
        return square;
    }
}
