package io.tokenatlas.media;

/**
 * A decoded image as stored: its identity, size, fingerprint for near-duplicate search, thumbnail
 * PNG, BlurHash placeholder and larger thumbnail (JPEG; null when the original is no larger than
 * the thumbnail). Everything but the identity and size is null when the image is already stored.
 */
public record StoredMedia(String sha256, String mimeType, int width, int height, long byteSize,
        PerceptualHash.Fingerprint fingerprint, byte[] thumbnail, String placeholder, byte[] large) {
    /** Longest side of the larger thumbnail. */
    public static final int LARGE = 512;

    /** An image already stored: only its identity and size are known. */
    static StoredMedia known(String sha256, long byteSize) {
        return new StoredMedia(sha256, null, 0, 0, byteSize, null, null, null, null);
    }
}
