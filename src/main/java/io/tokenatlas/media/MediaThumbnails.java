package io.tokenatlas.media;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A stored image's thumbnail in the sizes clients ask for: 64 px (made from the stored one when
 * asked), the stored one (PNG, {@code atlas.media.thumbnail-size}) and 512 px (the larger JPEG
 * made at ingest; the stored one when the original was no larger, or was stored before there were
 * larger ones).
 */
@ApplicationScoped
public class MediaThumbnails {
    /** The sizes served, longest side in pixels. */
    public static final int SMALL = 64;
    public static final int MEDIUM = 256;
    /** Every size a client may ask for, smallest first. */
    public static final java.util.List<Integer> SIZES = java.util.List.of(SMALL, MEDIUM, StoredMedia.LARGE);

    /** Encoded picture bytes and their media type. */
    public record Picture(byte[] bytes, String mediaType) {}

    private final MediaRepository media;

    public MediaThumbnails(MediaRepository media) {
        this.media = media;
    }

    /** The thumbnail of {@code sha256} at {@code size} (64, 256 or 512), or empty when the image is not stored. */
    public Optional<Picture> of(String sha256, int size) {
        if (size == StoredMedia.LARGE) {
            Optional<byte[]> large = media.largeThumbnail(sha256);
            if (large.isPresent()) {
                return Optional.of(new Picture(large.get(), "image/jpeg"));
            }
        }
        return media.thumbnail(sha256).map(png -> size == SMALL
                ? new Picture(Thumbnails.png(Thumbnails.fit(Thumbnails.readPng(png), SMALL)), "image/png")
                : new Picture(png, "image/png"));
    }
}
