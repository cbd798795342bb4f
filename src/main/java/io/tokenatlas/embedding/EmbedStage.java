package io.tokenatlas.embedding;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.media.Thumbnails;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.StageFailure;
import io.tokenatlas.token.StageRunner;
import io.tokenatlas.token.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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
        Preprocessor preprocessor = model.preprocessor();
        int length = preprocessor.tensorLength();
        float[] tensor = new float[batch.size() * length];
        List<ClaimedToken> ready = new ArrayList<>(batch.size());
        for (ClaimedToken token : batch) {
            try {
                byte[] png = media.thumbnail(token.mediaSha256()).orElseThrow(() ->
                        StageFailure.retryable(StageFailure.INTERNAL, "the stored image " + token.mediaSha256()
                                + " is missing", null));
                preprocessor.tensor(Thumbnails.readPng(png), tensor, ready.size() * length);
                ready.add(token);
            } catch (RuntimeException e) {
                runner.fail(STAGE, token, e);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        OnnxEmbedder.Inference inference;
        long inferStart = System.nanoTime();
        try {
            inference = model.embedder().infer(tensor, ready.size());
        } catch (RuntimeException e) {
            ready.forEach(token -> runner.fail(STAGE, token, e));
            return;
        }
        model.recordBatch(ready.size(), System.nanoTime() - inferStart);
        int modelId = model.identity().id();
        for (int i = 0; i < ready.size(); i++) {
            var tags = model.tags(inference.labelScores() == null ? null : inference.labelScores()[i]);
            if (vectors.store(ready.get(i), runner.workerId(), modelId, inference.vectors()[i], tags)) {
                runner.count(STAGE, "done");
            }
        }
    }
}
