package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    final ImageDecoder decoder = new ImageDecoder(40_000_000, Color.WHITE, 64);

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    @Test
    void decodesPngAndJpeg() throws IOException {
        BufferedImage rgb = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 1, Color.RED.getRGB());
        DecodedImage png = decoder.decode(encode(rgb, "png"));
        assertEquals("png", png.format());
        assertEquals(30, png.image().getWidth());
        assertEquals(Color.RED.getRGB(), png.image().getRGB(1, 1));
        DecodedImage jpeg = decoder.decode(encode(rgb, "jpeg"));
        assertEquals("jpeg", jpeg.format());
        assertEquals(20, jpeg.image().getHeight());
    }

    @Test
    void compositesTransparencyOnTheBackground() throws IOException {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0xff0000ff);
        DecodedImage decoded = new ImageDecoder(100, new Color(0x10, 0x20, 0x30), 64).decode(encode(argb, "png"));
        assertEquals(BufferedImage.TYPE_INT_RGB, decoded.image().getType());
        assertEquals(0xff0000ff, decoded.image().getRGB(0, 0));
        assertEquals(0xff102030, decoded.image().getRGB(1, 1));
    }

    /** A PNG header claiming 100,000 x 100,000 pixels: refused from the header, no pixel buffer made. */
    @Test
    void refusesADecompressionBombFromItsHeader() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(pngHeader(100_000, 100_000)));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void saysWhatTheBytesAreWhenTheyAreNoImage() {
        var html = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode("<!DOCTYPE html><html>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(html.getMessage().contains("HTML"), html.getMessage());
        var json = assertThrows(ImageRefusedException.class,
                () -> decoder.decode("{\"image\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(json.getMessage().contains("a JSON document"), json.getMessage());
        assertEquals("unsupported_image", json.code());
        var empty = assertThrows(ImageRefusedException.class, () -> decoder.decode(new byte[0]));
        assertEquals("unsupported_image", empty.code());
    }

    @Test
    void aTruncatedPngIsUndecodable() throws IOException {
        BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            rgb.setRGB(i, i, 0xff00ff);
        }
        byte[] png = encode(rgb, "png");
        var e = assertThrows(ImageRefusedException.class, () -> decoder.decode(java.util.Arrays.copyOf(png, png.length / 2)));
        assertEquals("undecodable_image", e.code());
    }

    static byte[] resource(String name) throws IOException {
        try (var in = ImageDecoderTest.class.getResourceAsStream("/images/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The fixtures: 40x30, left half red, right half blue, a green square in the middle. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"cmyk.jpg, jpeg", "progressive.jpg, jpeg", "lossless.webp, webp",
            "lossy.webp, webp", "animated.gif, gif"})
    void decodesCmykAndProgressiveJpegWebpAndTheFirstGifFrame(String file, String format) throws IOException {
        DecodedImage decoded = decoder.decode(resource(file));
        assertEquals(format, decoded.format());
        assertEquals(40, decoded.image().getWidth());
        assertEquals(30, decoded.image().getHeight());
        assertNear(new Color(255, 0, 0), decoded.image().getRGB(3, 3), file + " top left");
        assertNear(new Color(0, 0, 255), decoded.image().getRGB(36, 26), file + " bottom right");
        assertNear(new Color(0, 200, 0), decoded.image().getRGB(19, 14), file + " centre");
    }

    @Test
    void transparentWebpIsCompositedOnTheBackground() throws IOException {
        DecodedImage decoded = new ImageDecoder(40_000_000, new Color(0, 0, 0), 64).decode(resource("transparent.webp"));
        assertNear(new Color(255, 0, 0), decoded.image().getRGB(5, 5), "opaque part");
        assertNear(new Color(0, 0, 0), decoded.image().getRGB(35, 5), "transparent part");
    }

    static void assertNear(Color expected, int rgb, String where) {
        Color actual = new Color(rgb);
        int d = Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue());
        assertTrue(d < 60, where + ": expected about " + expected + ", got " + actual);
    }

    /**
     * The common on-chain style, white text on black (Loot and its kin): the words are drawn with a
     * font the machine has, not dropped. The pixels are looked at: the text's rows hold white
     * pixels, the rows between them none.
     */
    @Test
    void onChainTextIsDrawnNotLost() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' preserveAspectRatio='xMinYMin meet' viewBox='0 0 350 350'>"
                + "<style>.base { fill: white; font-family: serif; font-size: 14px; }</style>"
                + "<rect width='100%' height='100%' fill='black' /><text x='10' y='20' class='base'>Grim Shout</text>"
                + "<text x='10' y='60' class='base'>Hard Leather Armor</text></svg>";
        // At the default svg-size (512): 14 px text is 20 px high.
        BufferedImage image = new ImageDecoder(40_000_000, Color.WHITE, 512).decode(svg.getBytes(StandardCharsets.UTF_8)).image();
        double scale = image.getWidth() / 350.0;
        int firstLine = brightPixels(image, (int) (8 * scale), (int) (22 * scale));
        int between = brightPixels(image, (int) (28 * scale), (int) (44 * scale));
        int secondLine = brightPixels(image, (int) (48 * scale), (int) (62 * scale));
        assertTrue(firstLine > 50 && secondLine > firstLine, "text drawn: " + firstLine + " and " + secondLine + " bright pixels");
        assertEquals(0, between, "nothing between the lines");
    }

    private static int brightPixels(BufferedImage image, int fromRow, int toRow) {
        int bright = 0;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                bright += (image.getRGB(x, y) & 0xff) > 128 ? 1 : 0;
            }
        }
        return bright;
    }

    @Test
    void svgIsRasterisedToTheConfiguredSizeKeepingItsAspect() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100'>"
                + "<rect width='100' height='100' fill='#ff0000'/><rect x='100' width='100' height='100' fill='#0000ff'/></svg>";
        DecodedImage decoded = decoder.decode(svg.getBytes(StandardCharsets.UTF_8));
        assertEquals("svg+xml", decoded.format());
        assertEquals(64, decoded.image().getWidth());
        assertEquals(32, decoded.image().getHeight());
        assertNear(Color.RED, decoded.image().getRGB(10, 16), "left");
        assertNear(Color.BLUE, decoded.image().getRGB(54, 16), "right");
    }

    /** The parser reads no DTD: the entity is never expanded, so no text of /etc/passwd is drawn. */
    @Test
    void svgWithAnExternalEntityIsDrawnWithoutExpandingIt() {
        String svg = "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                + "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>"
                + "<text x='0' y='60' font-size='40' fill='#000000'>&xxe;</text></svg>";
        DecodedImage decoded = decoder.decode(svg.getBytes(StandardCharsets.UTF_8));
        for (int y = 0; y < decoded.image().getHeight(); y++) {
            for (int x = 0; x < decoded.image().getWidth(); x++) {
                assertEquals(0xffffffff, decoded.image().getRGB(x, y), "pixel " + x + "," + y + " was drawn on");
            }
        }
    }

    @Test
    void svgScriptsAreNotRunAndRemoteImagesNotDrawn() throws IOException {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='10' height='10'>"
                + "<script>throw new Error('ran')</script>"
                + "<rect width='10' height='10' fill='#00ff00'/>"
                + "<image xlink:href='http://127.0.0.1:9/x.png' width='10' height='10'/></svg>";
        DecodedImage decoded = decoder.decode(svg.getBytes(StandardCharsets.UTF_8));
        assertNear(Color.GREEN, decoded.image().getRGB(32, 32), "the rectangle, nothing over it");
    }

    @Test
    void aPerceptualHashBarelyChangesForARescaledCopyAndMuchForAnotherPicture() throws IOException {
        BufferedImage a = decoder.decode(io.tokenatlas.testkit.FamilyArt.draw(0, 1).png()).image();
        BufferedImage smaller = Thumbnails.scale(a, a.getWidth() * 3 / 5, a.getHeight() * 3 / 5);
        BufferedImage recompressed = decoder.decode(encode(a, "jpeg")).image();
        long h = PerceptualHash.of(a);
        int toSmaller = PerceptualHash.distance(h, PerceptualHash.of(smaller));
        int toJpeg = PerceptualHash.distance(h, PerceptualHash.of(recompressed));
        assertTrue(toSmaller <= 6, "a rescaled copy differs in " + toSmaller + " bits");
        assertTrue(toJpeg <= 6, "a JPEG copy differs in " + toJpeg + " bits");
        for (int family = 1; family < io.tokenatlas.testkit.FamilyArt.FAMILIES.size(); family++) {
            BufferedImage other = decoder.decode(io.tokenatlas.testkit.FamilyArt.draw(family, 1).png()).image();
            int d = PerceptualHash.distance(h, PerceptualHash.of(other));
            assertTrue(d >= 12, "another family's picture differs in only " + d + " bits");
        }
    }

    static byte[] pngHeader(int width, int height) {
        return io.tokenatlas.testkit.SyntheticPng.zeros(width, height, io.tokenatlas.testkit.SyntheticPng.RGB, 8, false);
    }

    /** A PNG of width x height zero pixels (RGB, 8 or 16 bits a channel), deflated to a small file. */
    static byte[] zeroPng(int width, int height, int bitDepth) {
        return io.tokenatlas.testkit.SyntheticPng.zeros(width, height, io.tokenatlas.testkit.SyntheticPng.RGB, bitDepth, true);
    }

    @Test
    void aLargeImageWithinThePixelLimitIsDecodedSubsampledAndKeepsItsSize() throws IOException {
        byte[] png = zeroPng(6324, 6324, 8);
        assertTrue(png.length < 200_000, "a small file: " + png.length);
        DecodedImage decoded = new ImageDecoder(40_000_000, Color.WHITE, 64, new DecodeBudget(64L << 20)).decode(png);
        assertEquals(6324, decoded.width());
        assertEquals(6324, decoded.height());
        assertTrue((long) decoded.image().getWidth() * decoded.image().getHeight() <= ImageDecoder.DECODED_PIXELS,
                decoded.image().getWidth() + "x" + decoded.image().getHeight());
        assertEquals(0xff000000, decoded.image().getRGB(100, 100));
    }

    @Test
    void aLarge16BitImageIsDecodedSubsampledToo() throws IOException {
        DecodedImage decoded = decoder.decode(zeroPng(6000, 6000, 16));
        assertEquals(6000, decoded.width());
        assertEquals(2000, decoded.image().getWidth(), "every third row and column");
    }

    @Test
    void subsamplingTakesTheSmallestStepThatFits() {
        assertEquals(1, ImageDecoder.subsampling(2048, 2048));
        assertEquals(2, ImageDecoder.subsampling(2049, 2049));
        assertEquals(3, ImageDecoder.subsampling(6000, 6000));
        assertEquals(1, ImageDecoder.subsampling(24, 24));
    }

    @Test
    void aReservationLargerThanTheBudgetTakesAllOfItAndGivesItBack() {
        DecodeBudget budget = new DecodeBudget(16L << 20);
        try (DecodeBudget.Reservation all = budget.reserve(1L << 30)) {
            assertTrue(budget.bytes() == 16L << 20);
        }
        try (DecodeBudget.Reservation again = budget.reserve(8L << 20);
             DecodeBudget.Reservation more = budget.reserve(7L << 20)) {
            assertTrue(again != more);
        }
    }

    @Test
    void formatsOutsideTheListAreNotRead() throws IOException {
        BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ImageRefusedException e = assertThrows(ImageRefusedException.class, () -> decoder.decode(encode(rgb, "tiff")));
        assertEquals("unsupported_image", e.code());
        assertTrue(e.getMessage().contains("a TIF image, not a format this daemon decodes"), e.getMessage());
    }

    @Test
    void onChainPixelArtOfOneRectAPixelIsDrawn() {
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64' shape-rendering='crispEdges'>");
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                svg.append("<rect x='").append(x).append("' y='").append(y).append("' width='1' height='1' fill='")
                        .append(y < 32 ? "#ff0000" : "#0000ff").append("'/>");
            }
        }
        DecodedImage decoded = decoder.decode(svg.append("</svg>").toString().getBytes(StandardCharsets.UTF_8));
        assertNear(Color.RED, decoded.image().getRGB(32, 10), "the top half");
        assertNear(Color.BLUE, decoded.image().getRGB(32, 54), "the bottom half");
    }

    @Test
    void anSvgOverTheElementBudgetIsRefusedWithThatReason() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'>" + "<rect width='1' height='1'/>".repeat(25_000)
                + "</svg>";
        ImageRefusedException e = assertThrows(ImageRefusedException.class,
                () -> decoder.decode(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("too_many_pixels", e.code());
        assertTrue(e.getMessage().contains("SVG has 25001 elements, over the budget of 20000"), e.getMessage());
    }

    @Test
    void aFilterOverAHugeRegionIsDrawnWithinThePicture() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'><filter id='f' x='-1e6' y='-1e6'"
                + " width='2e6' height='2e6'><feGaussianBlur stdDeviation='3'/></filter>"
                + "<rect width='64' height='64' fill='#00ff00' filter='url(#f)'/></svg>";
        DecodedImage decoded = decoder.decode(svg.getBytes(StandardCharsets.UTF_8));
        assertNear(Color.GREEN, decoded.image().getRGB(32, 32), "the blurred rectangle's middle");
        String userSpace = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><filter id='f' filterUnits='userSpaceOnUse'"
                + " x='-1e7' y='-1e7' width='3e7' height='3e7'><feGaussianBlur stdDeviation='0.5'/></filter>"
                + "<rect width='10' height='10' fill='#0000ff' filter='url(#f)'/></svg>";
        assertNear(Color.BLUE, decoder.decode(userSpace.getBytes(StandardCharsets.UTF_8)).image().getRGB(32, 32), "in user space");
    }

    @Test
    void aHugeImageInsideAnSvgIsRefusedByThePixelLimit() throws IOException {
        String png = java.util.Base64.getEncoder().encodeToString(zeroPng(20_000, 20_000, 8));
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='64' height='64'>"
                + "<image width='64' height='64' xlink:href='data:image/png;base64," + png + "'/></svg>";
        ImageRefusedException e = assertThrows(ImageRefusedException.class,
                () -> decoder.decode(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("too_many_pixels", e.code());
        assertTrue(e.getMessage().contains("an image inside the SVG: image is 20000x20000 pixels, over the limit"),
                e.getMessage());
    }

    @Test
    void aSmallImageInsideAnSvgIsDrawn() throws IOException {
        BufferedImage red = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 16; i++) {
            red.setRGB(i % 4, i / 4, Color.RED.getRGB());
        }
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='64' height='64'>"
                + "<image width='64' height='64' xlink:href='data:image/png;base64,"
                + java.util.Base64.getEncoder().encodeToString(encode(red, "png")) + "'/></svg>";
        assertNear(Color.RED, decoder.decode(svg.getBytes(StandardCharsets.UTF_8)).image().getRGB(32, 32), "the inline image");
    }
}
