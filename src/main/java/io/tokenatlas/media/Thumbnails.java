package io.tokenatlas.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Downscaling and PNG coding of thumbnails. Pure. */
public final class Thumbnails {
    /** Enlargements by at least this factor keep hard pixels (see {@link #scale}). */
    static final int PIXEL_ART_FACTOR = 3;

    private Thumbnails() {}

    /** Scales so that the longer side is at most {@code maxSide}, halving step by step for quality. */
    public static BufferedImage fit(BufferedImage source, int maxSide) {
        BufferedImage current = source;
        int w = source.getWidth();
        int h = source.getHeight();
        int longest = Math.max(w, h);
        if (longest <= maxSide) {
            return source;
        }
        int targetW = Math.max(1, Math.round((float) w * maxSide / longest));
        int targetH = Math.max(1, Math.round((float) h * maxSide / longest));
        while (w != targetW || h != targetH) {
            w = Math.max(targetW, w / 2);
            h = Math.max(targetH, h / 2);
            current = scale(current, w, h);
        }
        return current;
    }

    /**
     * Scales to exactly {@code width} x {@code height}: bilinear, except that an image enlarged three
     * times or more (pixel art: 24-64 px drops) is enlarged by nearest neighbour, so its pixels stay
     * the sharp squares its artist drew instead of a blur the model has never seen.
     */
    public static BufferedImage scale(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        boolean pixelArt = width >= PIXEL_ART_FACTOR * source.getWidth() && height >= PIXEL_ART_FACTOR * source.getHeight();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, pixelArt
                    ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An image as a JPEG of the given quality (0 to 1), drawn opaque first when it is not. */
    public static byte[] jpeg(BufferedImage image, float quality) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            image = scale(image, image.getWidth(), image.getHeight());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static BufferedImage readPng(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("stored thumbnail does not decode");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every pixel as packed 0xAARRGGBB, row by row, as {@link BufferedImage#getRGB} answers them;
     * an image stored as packed ints (what {@link #scale} draws, and a part of one) is copied row by
     * row instead of converted a pixel at a time through its colour model, which took a few
     * milliseconds per 224 x 224 model input.
     */
    public static int[] argb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int type = image.getType();
        boolean packed = type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB;
        if (!packed || !(image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model)
                || !(image.getRaster().getDataBuffer() instanceof DataBufferInt buffer)) {
            return image.getRGB(0, 0, w, h, null, 0, w);
        }
        Raster raster = image.getRaster();
        int[] data = buffer.getData();
        int stride = model.getScanlineStride();
        int first = buffer.getOffset() - raster.getSampleModelTranslateY() * stride - raster.getSampleModelTranslateX();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(data, first + y * stride, out, y * w, w);
        }
        if (type == BufferedImage.TYPE_INT_RGB) {
            for (int i = 0; i < out.length; i++) {
                out[i] |= 0xff000000;
            }
        }
        return out;
    }
}
