package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    final ImageDecoder decoder = new ImageDecoder(40_000_000, Color.WHITE);

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
        DecodedImage decoded = new ImageDecoder(100, new Color(0x10, 0x20, 0x30)).decode(encode(argb, "png"));
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
        var svg = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(svg.getMessage().contains("SVG"), svg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(new byte[0]));
    }

    @Test
    void thumbnailsKeepTheAspectRatio() {
        BufferedImage big = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_RGB);
        BufferedImage thumb = Thumbnails.fit(big, 256);
        assertEquals(256, thumb.getWidth());
        assertEquals(128, thumb.getHeight());
        BufferedImage small = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
        assertEquals(small, Thumbnails.fit(small, 256));
        BufferedImage back = Thumbnails.readPng(Thumbnails.png(thumb));
        assertEquals(256, back.getWidth());
    }

    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer chunk = ByteBuffer.allocate(8 + 8 + 13 + 4);
        chunk.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).put(ihdr.array());
        CRC32 crc = new CRC32();
        crc.update("IHDR".getBytes(StandardCharsets.US_ASCII));
        crc.update(ihdr.array());
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }
}
