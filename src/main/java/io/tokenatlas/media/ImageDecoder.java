package io.tokenatlas.media;

import io.tokenatlas.token.StageFailure;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image bytes to opaque RGB: PNG, JPEG (also CMYK and progressive), GIF (the first frame),
 * WebP, BMP, and SVG (rasterised safely, see {@link SvgRasteriser}). The size of a raster image is
 * read from its header first, so one over the pixel limit (a decompression bomb) is refused before
 * any pixel memory is allocated. Transparent pixels are composited on the background colour.
 * No I/O beyond the given bytes.
 */
public final class ImageDecoder {
    static {
        // The extra readers (TwelveMonkeys JPEG and WebP) register through the class path's service files.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private final long maxPixels;
    private final Color background;
    private final SvgRasteriser svg;

    public ImageDecoder(long maxPixels, Color background, int svgSize) {
        this.maxPixels = maxPixels;
        this.background = background;
        this.svg = new SvgRasteriser(svgSize, background);
    }

    /** A decoder with the configured limits and background: token images and searched pictures alike. */
    public static ImageDecoder of(io.tokenatlas.config.AtlasConfig.Media media) {
        return new ImageDecoder(media.maxPixels(), new Color(Integer.parseInt(media.background(), 16)), media.svgSize());
    }

    /** Decodes the first frame, or throws {@link ImageRefusedException} saying why it cannot. */
    public DecodedImage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ImageRefusedException(StageFailure.UNSUPPORTED_IMAGE, "the image is empty (0 bytes)");
        }
        if (SvgRasteriser.looksLikeSvg(bytes)) {
            try {
                return new DecodedImage(svg.rasterise(bytes), "svg+xml");
            } catch (IllegalArgumentException e) {
                throw new ImageRefusedException(StageFailure.UNDECODABLE_IMAGE, e.getMessage());
            }
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRefusedException(StageFailure.UNSUPPORTED_IMAGE,
                        "not an image format this daemon decodes (" + sniff(bytes) + ")");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new ImageRefusedException(StageFailure.UNDECODABLE_IMAGE,
                            "image has no pixels (" + width + "x" + height + ")");
                }
                if (width * height > maxPixels) {
                    throw new ImageRefusedException(StageFailure.TOO_MANY_PIXELS, "image is " + width + "x" + height
                            + " pixels, over the limit of " + maxPixels);
                }
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                return new DecodedImage(flatten(reader.read(0)), format);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRefusedException refused) {
                throw refused;
            }
            throw new ImageRefusedException(StageFailure.UNDECODABLE_IMAGE, "image does not decode: " + e.getMessage());
        }
    }

    private BufferedImage flatten(BufferedImage source) {
        if (source.getType() == BufferedImage.TYPE_INT_RGB) {
            return source;
        }
        BufferedImage rgb = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(source, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static String sniff(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.ISO_8859_1)
                .strip().toLowerCase(Locale.ROOT);
        if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
            return "an HTML page";
        }
        if (head.startsWith("{") || head.startsWith("[")) {
            return "a JSON document";
        }
        return bytes.length + " bytes starting " + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length));
    }
}
