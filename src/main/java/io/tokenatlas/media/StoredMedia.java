package io.tokenatlas.media;

/**
 * A decoded image as stored: its identity, size, perceptual hash and thumbnail PNG (thumbnail null
 * when the image is already stored).
 */
public record StoredMedia(String sha256, String mimeType, int width, int height, long byteSize, long phash,
        byte[] thumbnail) {}
