package io.tokenatlas.embedding;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * After the configured model changes: embeds the already embedded tokens again with it, in the
 * background, while the old model's vectors keep answering; a collection switches to the new model
 * once every one of its tokens has a new vector, and the old vectors are removed then.
 */
@ApplicationScoped
public class ReembedStage {
    private static final Logger LOG = Logger.getLogger(ReembedStage.class);
    static final String STAGE = "reembed";

    private final EmbeddingModel model;
    private final MediaRepository media;
    private final ReembedRepository repository;
    private final StageRunner runner;
    private final AtlasConfig config;

    public ReembedStage(EmbeddingModel model, MediaRepository media, ReembedRepository repository, StageRunner runner,
            AtlasConfig config) {
        this.model = model;
        this.media = media;
        this.repository = repository;
        this.runner = runner;
        this.config = config;
    }

    @Scheduled(every = "${atlas.worker.poll-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drain() {
        if (!config.worker().enabled()) {
            return;
        }
        int modelId = model.identity().id();
        List<ClaimedToken> batch;
        while (!(batch = repository.claim(modelId, config.embedding().batchSize(), runner.workerId(),
                config.worker().lease())).isEmpty()) {
            embed(batch, modelId);
        }
        for (long collection : repository.switchCovered(modelId)) {
            LOG.infof("collection %d is now served by model %s; the other models' vectors were removed", collection,
                    model.identity().name());
        }
    }

    void embed(List<ClaimedToken> batch, int modelId) {
        ThumbnailBatch.Result result;
        try {
            result = ThumbnailBatch.embed(model, media, batch, (token, e) -> {
                LOG.warnf("%s: %s cannot be embedded again: %s", STAGE, token, e.getMessage());
                repository.giveBack(token, runner.workerId(), Duration.ofMinutes(1));
            });
        } catch (ThumbnailBatch.Failed e) {
            LOG.warnf("%s: a batch of %d failed: %s", STAGE, e.tokens.size(), e.getMessage());
            e.tokens.forEach(token -> repository.giveBack(token, runner.workerId(), Duration.ofMinutes(1)));
            return;
        }
        if (result == null) {
            return;
        }
        for (int i = 0; i < result.tokens().size(); i++) {
            repository.store(result.tokens().get(i), runner.workerId(), modelId, result.vectors().get(i),
                    ThumbnailBatch.tags(model, result.inference(), i));
            runner.count(STAGE, "done");
        }
    }
}
