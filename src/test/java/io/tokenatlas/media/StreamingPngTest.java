package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class StreamingPngTest {
    @Test
    void writesAPngThatDecodesToTheSamePixels() throws Exception {
        int width = 301;
        int height = 257; // more than one 64 KiB IDAT chunk of noise
        Random random = new Random(1);
        int[][] rows = new int[height][width];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamingPng png = new StreamingPng(out, width, height)) {
            for (int[] row : rows) {
                for (int x = 0; x < width; x++) {
                    row[x] = random.nextInt(0x1000000);
                }
                png.writeRow(row);
            }
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                assertEquals(rows[y][x], image.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void refusesAnUnfinishedPicture() throws Exception {
        StreamingPng png = new StreamingPng(new ByteArrayOutputStream(), 2, 2);
        png.writeRow(new int[2]);
        assertThrows(IllegalStateException.class, png::close);
    }
}
