package io.tokenatlas.media;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Fingerprints stored images that have none of the current version (images stored before it),
 * from their thumbnails, as new images are fingerprinted; likewise their BlurHash placeholders. Runs in rounds of {@link #BATCH}; safe on
 * several replicas at once (a row is written once, by whichever gets there first).
 */
@ApplicationScoped
public class MediaFingerprints {
    private static final Logger LOG = Logger.getLogger(MediaFingerprints.class);
    static final int BATCH = 200;
    /** The BlurHash of a plain mid grey. */
    static final String GREY = BlurHash.of(solid(0x808080));

    private final MediaRepository repository;

    public MediaFingerprints(MediaRepository repository) {
        this.repository = repository;
    }

    @Scheduled(every = "15s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void upkeep() {
        try {
            int done;
            do {
                done = fingerprintBatch();
            } while (done == BATCH);
            do {
                done = placeholderBatch();
            } while (done == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("fingerprinting stored images failed: %s", e.getMessage());
        }
    }

    /** Gives one batch of images stored before placeholders their BlurHash, from their thumbnails; returns how many. */
    public int placeholderBatch() {
        Map<String, byte[]> thumbnails = repository.withoutPlaceholder(BATCH);
        Map<String, String> out = new HashMap<>();
        thumbnails.forEach((sha256, png) -> {
            try {
                out.put(sha256, BlurHash.of(Thumbnails.readPng(png)));
            } catch (RuntimeException e) {
                // A thumbnail that cannot be read gets a neutral grey, so it is not read again and again.
                LOG.warnf("the thumbnail of image %s cannot be read (%s): its placeholder is grey", sha256, e.getMessage());
                out.put(sha256, GREY);
            }
        });
        if (!out.isEmpty()) {
            repository.storePlaceholders(out);
        }
        return thumbnails.size();
    }

    private static java.awt.image.BufferedImage solid(int rgb) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** Fingerprints one batch; returns how many images it took. */
    public int fingerprintBatch() {
        Map<String, byte[]> thumbnails = repository.unfingerprinted(BATCH);
        Map<String, PerceptualHash.Fingerprint> out = new HashMap<>();
        thumbnails.forEach((sha256, png) -> {
            try {
                out.put(sha256, PerceptualHash.fingerprint(Thumbnails.readPng(png)));
            } catch (RuntimeException e) {
                LOG.warnf("the thumbnail of image %s cannot be read (%s): it is left out of near-duplicate search",
                        sha256, e.getMessage());
                out.put(sha256, null);
            }
        });
        if (!out.isEmpty()) {
            repository.storeFingerprints(out);
        }
        return thumbnails.size();
    }
}
