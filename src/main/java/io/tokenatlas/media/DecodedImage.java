package io.tokenatlas.media;

import java.awt.image.BufferedImage;

/**
 * An image decoded to opaque RGB, with the format it came in and its size as stored (a large
 * image is decoded subsampled, so {@code image} may be smaller than {@code width} x {@code height}).
 */
public record DecodedImage(BufferedImage image, String format, int width, int height) {
    public DecodedImage(BufferedImage image, String format) {
        this(image, format, image.getWidth(), image.getHeight());
    }
}
