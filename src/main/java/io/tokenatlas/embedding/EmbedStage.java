package io.tokenatlas.embedding;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.WorkerConfig;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.StageRunner;
import io.tokenatlas.token.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * IMAGE_FETCHED -> EMBEDDED: stored thumbnails are decoded and preprocessed in parallel with
 * inference ({@link EmbeddingPipeline}), embedded in dynamic batches, and stored with their tags.
 */
@ApplicationScoped
public class EmbedStage {
    static final String STAGE = "embed";

    private final EmbeddingModel model;
    private final MediaRepository media;
    private final EmbeddingRepository vectors;
    private final StageRunner runner;
    private final boolean enabled;
    private final EmbeddingPipeline pipeline;

    public EmbedStage(EmbeddingModel model, MediaRepository media, EmbeddingRepository vectors, StageRunner runner,
            EmbeddingPipeline pipeline, WorkerConfig workerConfig) {
        this.model = model;
        this.media = media;
        this.vectors = vectors;
        this.runner = runner;
        this.pipeline = pipeline;
        this.enabled = workerConfig.enabled();
    }

    @Scheduled(every = "${atlas.worker.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void drain() {
        if (!enabled) {
            return;
        }
        runner.drainFor(TokenState.IMAGE_FETCHED, this::embedWaiting);
    }

    private void embedWaiting() {
        pipeline.run(() -> runner.claim(TokenState.IMAGE_FETCHED, pipeline.claimSize()), media::thumbnailOf, new EmbeddingPipeline.Sink() {
            @Override
            public void stored(EmbeddingPipeline.Embedded batch) {
                store(batch);
            }

            @Override
            public void failed(ClaimedToken token, Throwable error) {
                runner.fail(STAGE, token, error);
            }
        });
    }

    private void store(EmbeddingPipeline.Embedded batch) {
        List<List<ModelLabels.Tag>> tags = new ArrayList<>(batch.tokens().size());
        for (int i = 0; i < batch.tokens().size(); i++) {
            tags.add(batch.tags(model, i));
        }
        int stored = vectors.storeAll(batch.tokens(), runner.workerId(), model.identity().id(), batch.vectors(), tags);
        for (int i = 0; i < stored; i++) {
            runner.count(STAGE, "done");
        }
        if (stored > 0) {
            runner.announce(TokenState.EMBEDDED);
        }
    }
}
