package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BackgroundColourTest {
    @Test
    void sixHexDigitsWithOrWithoutAHash() {
        assertEquals(new Color(0x1a2b3c), BackgroundColour.parse("1A2B3C"));
        assertEquals(new Color(0xff0000), BackgroundColour.parse(" #ff0000 "));
        for (String other : new String[] {null, "", "red", "fff", "#12345", "1234567", "rgb(1,2,3)", "0x123456"}) {
            assertNull(BackgroundColour.parse(other), other);
        }
    }

    @Test
    void aTransparentPictureIsCompositedOnTheTokensOwnBackground() throws Exception {
        BufferedImage transparent = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
        transparent.setRGB(20, 20, 0xff000000);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(transparent, "png", png);
        ImageDecoder decoder = new ImageDecoder(1_000_000, Color.WHITE, 256);
        assertEquals(0xffffff, decoder.decode(png.toByteArray()).image().getRGB(0, 0) & 0xffffff);
        ImageDecoder own = decoder.withBackground(BackgroundColour.parse("00ff00"));
        assertEquals(0x00ff00, own.decode(png.toByteArray()).image().getRGB(0, 0) & 0xffffff);
        assertEquals(0x000000, own.decode(png.toByteArray()).image().getRGB(20, 20) & 0xffffff);
        assertEquals(decoder, decoder.withBackground(null));
    }
}
