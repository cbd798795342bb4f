package io.tokenatlas.media;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.parser.resources.ResourcePolicy;
import com.github.weisj.jsvg.view.FloatSize;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Rasterises SVG with JSVG, which runs no scripts and whose parser reads no DTD and resolves no
 * external entity; external resources (remote hrefs, files) are denied, inline data: images are
 * drawn. The picture is scaled so that its longer side is {@code size} pixels. No I/O.
 */
final class SvgRasteriser {
    private static final LoaderContext SAFE = LoaderContext.builder()
            .externalResourcePolicy(ResourcePolicy.DENY_EXTERNAL)
            .build();

    private final int size;
    private final Color background;

    SvgRasteriser(int size, Color background) {
        this.size = size;
        this.background = background;
    }

    /** True when the bytes look like an SVG document (an XML document whose start has an svg element). */
    static boolean looksLikeSvg(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8)
                .replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
        return head.startsWith("<") && head.contains("<svg");
    }

    BufferedImage rasterise(byte[] bytes) {
        SVGDocument document;
        try {
            document = new SVGLoader().load(new ByteArrayInputStream(bytes), null, SAFE);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("SVG does not parse: " + e.getMessage());
        }
        if (document == null) {
            throw new IllegalArgumentException("SVG does not parse (not well-formed XML, or a DTD or entity it refuses)");
        }
        FloatSize declared = document.size();
        float w = declared.width > 0 && Float.isFinite(declared.width) ? declared.width : size;
        float h = declared.height > 0 && Float.isFinite(declared.height) ? declared.height : size;
        float scale = size / Math.max(w, h);
        int width = Math.max(1, Math.round(w * scale));
        int height = Math.max(1, Math.round(h * scale));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            document.render(null, g, new ViewBox(0, 0, width, height));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("SVG does not render: " + e.getMessage());
        } finally {
            g.dispose();
        }
        return image;
    }
}
