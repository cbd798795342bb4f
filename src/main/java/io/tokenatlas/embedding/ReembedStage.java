package io.tokenatlas.embedding;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.StageRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
    private final EmbeddingPipeline pipeline;
    private final AtlasConfig config;

    public ReembedStage(EmbeddingModel model, MediaRepository media, ReembedRepository repository, StageRunner runner,
            EmbeddingPipeline pipeline, AtlasConfig config) {
        this.model = model;
        this.media = media;
        this.repository = repository;
        this.runner = runner;
        this.pipeline = pipeline;
        this.config = config;
    }

    @Scheduled(every = "${atlas.worker.poll-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void drain() {
        if (!config.worker().enabled() || runner.stopping()) {
            return;
        }
        int modelId = model.identity().id();
        embed(modelId);
        for (long collection : repository.switchCovered(modelId)) {
            LOG.infof("collection %d is now served by model %s; the other models' vectors were removed", collection,
                    model.identity().name());
        }
    }

    void embed(int modelId) {
        pipeline.run(() -> runner.stopping() ? java.util.List.<ClaimedToken>of()
                        : repository.claim(modelId, pipeline.claimSize(), runner.workerId(), config.worker().lease()),
                media::thumbnailOf,
                new EmbeddingPipeline.Sink() {
                    @Override
                    public void stored(EmbeddingPipeline.Embedded batch) {
                        for (int i = 0; i < batch.tokens().size(); i++) {
                            repository.store(batch.tokens().get(i), runner.workerId(), modelId, batch.vectors().get(i),
                                    batch.tags(model, i));
                            runner.count(STAGE, "done");
                        }
                    }

                    @Override
                    public void failed(ClaimedToken token, Throwable error) {
                        LOG.warnf("%s: %s cannot be embedded again: %s", STAGE, token, error.getMessage());
                        repository.giveBack(token, runner.workerId(), Duration.ofMinutes(1));
                    }
                });
    }
}
