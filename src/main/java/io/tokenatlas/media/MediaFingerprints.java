package io.tokenatlas.media;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Fingerprints stored images that have none of the current version (images stored before it),
 * from their thumbnails, as new images are fingerprinted. Runs in rounds of {@link #BATCH}; safe on
 * several replicas at once (a row is written once, by whichever gets there first).
 */
@ApplicationScoped
public class MediaFingerprints {
    private static final Logger LOG = Logger.getLogger(MediaFingerprints.class);
    static final int BATCH = 200;

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
        } catch (RuntimeException e) {
            LOG.warnf("fingerprinting stored images failed: %s", e.getMessage());
        }
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
