package io.tokenatlas.media;

/**
 * A decoded image as stored: its identity, size, fingerprint for near-duplicate search and
 * thumbnail PNG (fingerprint and thumbnail null when the image is already stored).
 */
public record StoredMedia(String sha256, String mimeType, int width, int height, long byteSize,
        PerceptualHash.Fingerprint fingerprint, byte[] thumbnail) {}
