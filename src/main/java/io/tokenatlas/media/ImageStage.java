package io.tokenatlas.media;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.config.MediaConfig;
import io.tokenatlas.fetch.FetchException;
import io.tokenatlas.fetch.Fetched;
import io.tokenatlas.fetch.Fetcher;
import io.tokenatlas.fetch.ResourceUri;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.GroupCommit;
import io.tokenatlas.token.StageFailure;
import io.tokenatlas.token.StageRunner;
import io.tokenatlas.token.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;

/** METADATA_RESOLVED -> IMAGE_FETCHED: fetches the image, decodes it within limits, stores a thumbnail. */
@ApplicationScoped
public class ImageStage {
    static final String STAGE = "image";
    /** JPEG quality of the larger thumbnails. */
    static final float LARGE_QUALITY = 0.85f;

    private final Fetcher fetcher;
    private final MediaRepository repository;
    private final StageRunner runner;
    private final MediaConfig config;
    private final int inFlight;
    private final boolean enabled;
    private final ImageDecoder decoder;
    private final boolean keepBlocks;
    private final GroupCommit<MediaRepository.Link> writes;

    public ImageStage(Fetcher fetcher, MediaRepository repository, StageRunner runner, AtlasConfig config) {
        this.fetcher = fetcher;
        this.repository = repository;
        this.runner = runner;
        this.config = config.media();
        this.inFlight = config.worker().inFlight();
        this.enabled = config.worker().enabled();
        this.decoder = ImageDecoder.of(this.config);
        this.keepBlocks = config.ipfs().keepBlocks();
        // Tokens that finish while a commit is under way are stored together in the next one.
        this.writes = new GroupCommit<>(repository::linkAll, inFlight);
    }

    @Scheduled(every = "${atlas.worker.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void drain() {
        if (!enabled) {
            return;
        }
        runner.keepBusy(STAGE, TokenState.METADATA_RESOLVED, inFlight, TokenState.IMAGE_FETCHED, claimed -> this::fetch);
    }

    void fetch(ClaimedToken token) {
        ResourceUri uri;
        try {
            uri = ResourceUri.parse(token.imageUri(), token.tokenId());
        } catch (IllegalArgumentException e) {
            throw StageFailure.permanent(StageFailure.INVALID_URI, "image URI cannot be fetched: " + e.getMessage());
        }
        Fetched fetched;
        try {
            fetched = fetcher.fetch(uri, config.maxImageBytes());
        } catch (FetchException e) {
            throw e.during("fetching the image failed");
        }
        String sha256 = fetched.sha256();
        StoredMedia media;
        if (repository.exists(sha256)) {
            media = StoredMedia.known(sha256, fetched.bytes().length);
        } else {
            DecodedImage decoded;
            try {
                decoded = decoder.withBackground(BackgroundColour.parse(token.backgroundColor())).decode(fetched.bytes());
            } catch (ImageRefusedException e) {
                throw StageFailure.permanent(e.code(), "image from " + fetched.source() + ": " + e.getMessage());
            }
            BufferedImage small = Thumbnails.fit(decoded.image(), config.thumbnailSize());
            BufferedImage image = decoded.image();
            byte[] large = Math.max(image.getWidth(), image.getHeight()) > Math.max(small.getWidth(), small.getHeight())
                    && config.thumbnailSize() < StoredMedia.LARGE
                    ? Thumbnails.jpeg(Thumbnails.fit(image, StoredMedia.LARGE), LARGE_QUALITY) : null;
            // Fingerprint and placeholder come from the thumbnail, as for rows stored before them (MediaFingerprints).
            media = new StoredMedia(sha256, "image/" + decoded.format(), decoded.width(),
                    decoded.height(), fetched.bytes().length, PerceptualHash.fingerprint(small), Thumbnails.png(small),
                    BlurHash.of(small), large);
        }
        writes.write(new MediaRepository.Link(token, runner.workerId(), media, fetched.verified(),
                keepBlocks ? fetched.car() : null));
    }
}
