package io.tokenatlas.embedding;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.WorkerConfig;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.media.Thumbnails;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.StageRunner;
import io.tokenatlas.token.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

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
        // The thumbnails of each claim are read in one query; a token whose thumbnail that query
        // did not bring (it was stored meanwhile) reads its own.
        Map<ClaimedToken, byte[]> read = new ConcurrentHashMap<>();
        Supplier<List<ClaimedToken>> claims = () -> {
            List<ClaimedToken> claimed = runner.claim(TokenState.IMAGE_FETCHED, pipeline.claimSize());
            Map<String, byte[]> thumbnails = media.thumbnails(claimed.stream().map(ClaimedToken::mediaSha256).toList());
            claimed.forEach(t -> {
                byte[] png = thumbnails.get(t.mediaSha256());
                if (png != null) {
                    read.put(t, png);
                }
            });
            return claimed;
        };
        Function<ClaimedToken, BufferedImage> load = token -> {
            byte[] png = read.remove(token);
            return png == null ? media.thumbnailOf(token) : Thumbnails.readPng(png);
        };
        pipeline.run(claims, load, new EmbeddingPipeline.Sink() {
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
