package io.tokenatlas.media;

/** A decoded image as stored: its identity, size, and thumbnail PNG (null when already stored). */
public record StoredMedia(String sha256, String mimeType, int width, int height, long byteSize, byte[] thumbnail) {}
