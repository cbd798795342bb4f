package io.tokenatlas.media;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.DocumentLimits;
import com.github.weisj.jsvg.parser.DomDocument;
import com.github.weisj.jsvg.parser.DomElement;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.parser.resources.RenderableResource;
import com.github.weisj.jsvg.parser.resources.ResourceLoader;
import com.github.weisj.jsvg.parser.resources.ResourcePolicy;
import com.github.weisj.jsvg.parser.resources.ResourceSupplier;
import com.github.weisj.jsvg.parser.resources.impl.ImageResource;
import com.github.weisj.jsvg.view.FloatSize;
import com.github.weisj.jsvg.view.ViewBox;
import io.tokenatlas.fetch.ResourceUri;
import io.tokenatlas.token.StageFailure;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rasterises SVG with JSVG, which runs no scripts and whose parser reads no DTD and resolves no
 * external entity; external resources (remote hrefs, files) are denied. Drawing has a budget, not
 * only a size: at most {@value #MAX_ELEMENTS} elements (a 96x96 picture of one rect a pixel fits),
 * filter regions clamped to the picture (a blur over a region of 2e6 user units would need
 * gigabytes), inline images decoded by the raster decoder with its pixel limit and memory budget,
 * and a picture whose filters still run out of memory drawn again without them. The picture is
 * scaled so that its longer side is {@code size} pixels. No I/O.
 */
final class SvgRasteriser {
    /** Elements an SVG may have: on-chain pixel art draws one rect a pixel (64x64 = 4096). */
    static final int MAX_ELEMENTS = 20_000;
    private static final int MAX_NESTING = 30;
    private static final int MAX_USE_NESTING = 15;
    /** Filter regions in bounding-box units are kept within [-1, 2] (the default is [-0.1, 1.2]). */
    private static final double MAX_BOX_FRACTION = 3;

    private final int size;
    private final Color background;
    private final Function<byte[], BufferedImage> rasters;

    /** {@code rasters} decodes an inline raster image within the decoder's limits (or throws ImageRefusedException). */
    SvgRasteriser(int size, Color background, Function<byte[], BufferedImage> rasters) {
        this.size = size;
        this.background = background;
        this.rasters = rasters;
    }

    /** True when the bytes look like an SVG document (an XML document whose start has an svg element). */
    static boolean looksLikeSvg(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8)
                .replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
        return head.startsWith("<") && head.contains("<svg");
    }

    BufferedImage rasterise(byte[] bytes) {
        int elements = countElements(bytes);
        if (elements > MAX_ELEMENTS) {
            throw new ImageRefusedException(StageFailure.TOO_MANY_PIXELS, "SVG has " + elements
                    + " elements, over the budget of " + MAX_ELEMENTS);
        }
        try {
            return draw(bytes, false);
        } catch (OutOfMemoryError e) {
            try {
                return draw(bytes, true);
            } catch (OutOfMemoryError again) {
                throw new ImageRefusedException(StageFailure.TOO_MANY_PIXELS,
                        "SVG is too costly to draw: it runs out of memory even without its filters");
            }
        }
    }

    private BufferedImage draw(byte[] bytes, boolean withoutFilters) {
        InlineImages images = new InlineImages();
        LoaderContext context = LoaderContext.builder()
                .externalResourcePolicy(ResourcePolicy.DENY_EXTERNAL)
                .documentLimits(new DocumentLimits(MAX_NESTING, MAX_USE_NESTING, MAX_ELEMENTS))
                .resourceLoader(images)
                .preProcessor(root -> budgetFilters(root, withoutFilters))
                .build();
        SVGDocument document;
        try {
            document = new SVGLoader().load(new ByteArrayInputStream(bytes), null, context);
        } catch (RuntimeException e) {
            throw new ImageRefusedException(StageFailure.UNDECODABLE_IMAGE, "SVG does not parse: " + reason(e));
        }
        if (document == null) {
            throw new ImageRefusedException(StageFailure.UNDECODABLE_IMAGE,
                    "SVG does not parse (not well-formed XML, or a DTD or entity it refuses)");
        }
        FloatSize declared = document.size();
        float w = declared.width > 0 && Float.isFinite(declared.width) ? declared.width : size;
        float h = declared.height > 0 && Float.isFinite(declared.height) ? declared.height : size;
        float scale = size / Math.max(w, h);
        int width = Math.max(1, Math.min(size, Math.round(w * scale)));
        int height = Math.max(1, Math.min(size, Math.round(h * scale)));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            document.render(null, g, new ViewBox(0, 0, width, height));
        } catch (RuntimeException e) {
            throw new ImageRefusedException(StageFailure.UNDECODABLE_IMAGE, "SVG does not render: " + reason(e));
        } finally {
            g.dispose();
        }
        if (images.refusal != null) {
            throw images.refusal;
        }
        return image;
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Start tags in the document ('<' and a letter): what the element budget counts, before any parsing. */
    static int countElements(byte[] bytes) {
        int count = 0;
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '<' && Character.isLetter(bytes[i + 1])) {
                count++;
            }
        }
        return count;
    }

    /**
     * Clamps every filter's region so its offscreen buffers stay near the picture's size: in
     * bounding-box units to [-1, 2], in user space to the root's view box widened by half; with
     * {@code drop}, every filter reference is removed instead.
     */
    static void budgetFilters(DomElement element, boolean drop) {
        if (drop && element.attribute("filter") != null) {
            element.setAttribute("filter", "none");
        }
        if ("filter".equals(element.tagName())) {
            boolean userSpace = "userSpaceOnUse".equals(element.attribute("filterUnits"));
            double[] box = userSpace ? viewBox(root(element)) : new double[] {0, 0, 1, 1};
            double limitX = box[0] - box[2] / 2;
            double limitY = box[1] - box[3] / 2;
            double maxW = box[2] * (userSpace ? 2 : MAX_BOX_FRACTION);
            double maxH = box[3] * (userSpace ? 2 : MAX_BOX_FRACTION);
            clamp(element, "x", userSpace ? limitX : -1, userSpace ? box[0] + box[2] : 1);
            clamp(element, "y", userSpace ? limitY : -1, userSpace ? box[1] + box[3] : 1);
            clamp(element, "width", 0, maxW);
            clamp(element, "height", 0, maxH);
        }
        for (DomElement child : element.children()) {
            budgetFilters(child, drop);
        }
    }

    private static DomElement root(DomElement element) {
        DomElement current = element;
        while (current.parent() != null) {
            current = current.parent();
        }
        return current;
    }

    /** The root's view box, or its width and height, or the picture's usual size. */
    private static double[] viewBox(DomElement root) {
        String viewBox = root.attribute("viewBox");
        if (viewBox != null) {
            String[] parts = viewBox.strip().split("[\\s,]+");
            if (parts.length == 4) {
                try {
                    double[] box = new double[4];
                    for (int i = 0; i < 4; i++) {
                        box[i] = Double.parseDouble(parts[i]);
                    }
                    if (box[2] > 0 && box[3] > 0 && Double.isFinite(box[2] * box[3])) {
                        return box;
                    }
                } catch (NumberFormatException e) {
                    // fall through to width and height
                }
            }
        }
        return new double[] {0, 0, length(root.attribute("width")), length(root.attribute("height"))};
    }

    private static double length(String value) {
        try {
            double v = value == null ? 512 : Double.parseDouble(value.replaceAll("[a-zA-Z%]+$", ""));
            return v > 0 && Double.isFinite(v) ? Math.min(v, 1e5) : 512;
        } catch (NumberFormatException e) {
            return 512;
        }
    }

    /** Keeps a plain number or percentage attribute within [min, max] (percentages as fractions of 1). */
    private static void clamp(DomElement element, String attribute, double min, double max) {
        String value = element.attribute(attribute);
        if (value == null) {
            return;
        }
        String text = value.strip();
        boolean percent = text.endsWith("%");
        try {
            double v = Double.parseDouble(percent ? text.substring(0, text.length() - 1) : text);
            double scale = percent ? 100 : 1;
            double clamped = Double.isFinite(v) ? Math.max(min * scale, Math.min(max * scale, v)) : min * scale;
            if (clamped != v) {
                element.setAttribute(attribute, percent ? clamped + "%" : String.valueOf(clamped));
            }
        } catch (NumberFormatException e) {
            element.setAttribute(attribute, String.valueOf(min));
        }
    }

    /**
     * Inline (data:) images of an SVG, decoded by the raster decoder within its limits; nested SVG
     * and anything not inline are not drawn. The first refusal is kept to fail the picture with.
     */
    private final class InlineImages implements ResourceLoader {
        ImageRefusedException refusal;

        @Override
        public ResourceSupplier<RenderableResource> loadImage(DomDocument document, URI uri) throws IOException {
            if (uri == null || !"data".equalsIgnoreCase(uri.getScheme())) {
                throw new IOException("only inline images are drawn");
            }
            byte[] bytes;
            try {
                bytes = ((ResourceUri.Inline) ResourceUri.parse(uri.toString(), java.math.BigInteger.ZERO)).bytes();
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IOException("an inline image that does not decode", e);
            }
            if (looksLikeSvg(bytes)) {
                throw new IOException("an SVG inside an SVG is not drawn");
            }
            try {
                BufferedImage image = rasters.apply(bytes);
                return platform -> Optional.of(new ImageResource(image));
            } catch (ImageRefusedException e) {
                if (refusal == null) {
                    refusal = new ImageRefusedException(e.code(), "an image inside the SVG: " + e.getMessage());
                }
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
