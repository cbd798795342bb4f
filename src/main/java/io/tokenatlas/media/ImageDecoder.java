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
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image bytes to opaque RGB: PNG, JPEG (also CMYK and progressive), GIF (the first frame),
 * WebP, BMP, and SVG (rasterised safely, see {@link SvgRasteriser}); no other format ImageIO knows
 * (TIFF, WBMP...) is read. The size of a raster image is read from its header first, so one over
 * the pixel limit (a decompression bomb) is refused before any pixel memory is allocated; a large
 * one is decoded subsampled to at most {@value #DECODED_PIXELS} pixels (the thumbnail and the model
 * need far fewer), within the process's {@link DecodeBudget}. Transparent pixels are composited on
 * the background colour. No I/O beyond the given bytes.
 */
public final class ImageDecoder {
    /** Pixels a raster image is decoded to at most (2048 x 2048); larger ones are subsampled while reading. */
    static final long DECODED_PIXELS = 2048L * 2048;
    /** Bytes a decoded pixel may take while decoding: up to 16 bits x 4 channels, plus the RGB copy. */
    private static final int BYTES_PER_PIXEL = 12;
    private static final java.util.Set<String> FORMATS = java.util.Set.of("png", "jpeg", "jpg", "gif", "webp", "bmp");

    static {
        // The extra readers (TwelveMonkeys JPEG and WebP) register through the class path's service files.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private final long maxPixels;
    private final Color background;
    private final SvgRasteriser svg;

    private final DecodeBudget budget;
    private final int svgSize;

    public ImageDecoder(long maxPixels, Color background, int svgSize) {
        this(maxPixels, background, svgSize, DecodeBudget.shared());
    }

    ImageDecoder(long maxPixels, Color background, int svgSize, DecodeBudget budget) {
        this.maxPixels = maxPixels;
        this.background = background;
        this.budget = budget;
        this.svgSize = svgSize;
        this.svg = new SvgRasteriser(svgSize, background, bytes -> decodeRaster(bytes).image());
    }

    /** A decoder with the configured limits and background: token images and searched pictures alike. */
    public static ImageDecoder of(io.tokenatlas.config.MediaConfig media) {
        return new ImageDecoder(media.maxPixels(), media.background().color(), media.svgSize());
    }

    /** The same decoder compositing transparency on {@code colour} instead (null: this one). */
    public ImageDecoder withBackground(Color colour) {
        return colour == null || colour.equals(background) ? this : new ImageDecoder(maxPixels, colour, svgSize, budget);
    }

    /** Decodes the first frame, or throws {@link ImageRefusedException} saying why it cannot. */
    public DecodedImage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ImageRefusedException(StageFailure.UNSUPPORTED_IMAGE, "the image is empty (0 bytes)");
        }
        if (SvgRasteriser.looksLikeSvg(bytes)) {
            return new DecodedImage(svg.rasterise(bytes), "svg+xml");
        }
        return decodeRaster(bytes);
    }

    private DecodedImage decodeRaster(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRefusedException(StageFailure.UNSUPPORTED_IMAGE,
                        "not an image format this daemon decodes (" + sniff(bytes) + ")");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new ImageRefusedException(StageFailure.UNSUPPORTED_IMAGE, "a " + format.toUpperCase(Locale.ROOT)
                            + " image, not a format this daemon decodes (PNG, JPEG, GIF, WebP, BMP, SVG)");
                }
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
                int step = subsampling(width, height);
                long decoded = ((width + step - 1) / step) * ((height + step - 1) / step);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                try (DecodeBudget.Reservation memory = budget.reserve(decoded * BYTES_PER_PIXEL)) {
                    return new DecodedImage(flatten(reader.read(0, param)), format, (int) width, (int) height);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (e instanceof ImageRefusedException refused) {
                throw refused;
            }
            if (e instanceof StageFailure busy) {
                throw busy;
            }
            if (outOfMemory(e)) {
                // ImageIO wraps an OutOfMemoryError as "Caught exception during read:"; say what it was.
                throw new ImageRefusedException(StageFailure.TOO_MANY_PIXELS,
                        "the image ran out of memory while decoding, although within the pixel limit");
            }
            throw new ImageRefusedException(StageFailure.UNDECODABLE_IMAGE, "image does not decode: "
                    + (e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** Rows and columns read per decoded one, so that at most {@link #DECODED_PIXELS} are decoded. */
    static int subsampling(long width, long height) {
        int step = 1;
        while ((width / step) * (height / step) > DECODED_PIXELS) {
            step++;
        }
        return step;
    }

    private static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
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
