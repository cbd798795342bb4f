package io.tokenatlas.embedding;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.StageFailure;
import io.tokenatlas.token.StageRunner;
import io.tokenatlas.token.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** IMAGE_FETCHED -> EMBEDDED: preprocesses stored thumbnails and embeds them in batches. */
@ApplicationScoped
public class EmbedStage {
    static final String STAGE = "embed";

    private final EmbeddingModel model;
    private final MediaRepository media;
    private final EmbeddingRepository vectors;
    private final StageRunner runner;
    private final int batchSize;
    private final boolean enabled;

    public EmbedStage(EmbeddingModel model, MediaRepository media, EmbeddingRepository vectors, StageRunner runner,
            AtlasConfig config) {
        this.model = model;
        this.media = media;
        this.vectors = vectors;
        this.runner = runner;
        this.batchSize = config.embedding().batchSize();
        this.enabled = config.worker().enabled();
    }

    @Scheduled(every = "${atlas.worker.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drain() {
        if (!enabled) {
            return;
        }
        List<ClaimedToken> batch;
        while (!(batch = runner.claim(TokenState.IMAGE_FETCHED, batchSize)).isEmpty()) {
            embed(batch);
        }
    }

    /** Embeds a claimed batch; a token whose thumbnail cannot be read fails alone. */
    void embed(List<ClaimedToken> batch) {
        ThumbnailBatch.Result result;
        try {
            result = ThumbnailBatch.embed(model, media, batch, (token, e) -> runner.fail(STAGE, token,
                    StageFailure.retryable(StageFailure.INTERNAL, e.getMessage(), e)));
        } catch (ThumbnailBatch.Failed e) {
            e.tokens.forEach(token -> runner.fail(STAGE, token, e.getCause()));
            return;
        }
        if (result == null) {
            return;
        }
        int modelId = model.identity().id();
        for (int i = 0; i < result.tokens().size(); i++) {
            if (vectors.store(result.tokens().get(i), runner.workerId(), modelId, result.vectors().get(i),
                    ThumbnailBatch.tags(model, result.inference(), i))) {
                runner.count(STAGE, "done");
            }
        }
    }
}
