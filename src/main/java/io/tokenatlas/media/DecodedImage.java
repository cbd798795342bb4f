package io.tokenatlas.media;

import java.awt.image.BufferedImage;

/** An image decoded to opaque RGB, with the format it came in. */
public record DecodedImage(BufferedImage image, String format) {}
