package io.tokenatlas.embedding;

import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.media.Thumbnails;
import io.tokenatlas.token.ClaimedToken;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Claimed tokens' stored thumbnails made into one input tensor and run through the model in one
 * inference; a token whose thumbnail cannot be read is handed to {@code unreadable} and left out.
 */
final class ThumbnailBatch {
    /** The tokens that were embedded, their stored vectors and the inference, in the same order. */
    record Result(List<ClaimedToken> tokens, List<float[]> vectors, OnnxEmbedder.Inference inference) {}

    private ThumbnailBatch() {}

    /** Inference failed for these tokens (the unreadable ones were handed over already). */
    static final class Failed extends RuntimeException {
        final transient List<ClaimedToken> tokens;

        Failed(List<ClaimedToken> tokens, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.tokens = tokens;
        }
    }

    /** Null when no token's thumbnail could be read; an inference failure is thrown as {@link Failed}. */
    static Result embed(EmbeddingModel model, MediaRepository media, List<ClaimedToken> batch,
            BiConsumer<ClaimedToken, RuntimeException> unreadable) {
        Preprocessor preprocessor = model.preprocessor();
        int length = preprocessor.tensorLength();
        float[] tensor = new float[batch.size() * length];
        List<ClaimedToken> ready = new ArrayList<>(batch.size());
        List<float[]> colours = new ArrayList<>(batch.size());
        for (ClaimedToken token : batch) {
            try {
                byte[] png = media.thumbnail(token.mediaSha256()).orElseThrow(() ->
                        new IllegalStateException("the stored image " + token.mediaSha256() + " is missing"));
                BufferedImage image = Thumbnails.readPng(png);
                preprocessor.tensor(image, tensor, ready.size() * length);
                ready.add(token);
                colours.add(model.colourOf(image));
            } catch (RuntimeException e) {
                unreadable.accept(token, e);
            }
        }
        if (ready.isEmpty()) {
            return null;
        }
        long start = System.nanoTime();
        OnnxEmbedder.Inference inference;
        try {
            inference = model.embedder().infer(tensor, ready.size());
        } catch (RuntimeException e) {
            throw new Failed(ready, e);
        }
        model.recordBatch(ready.size(), System.nanoTime() - start);
        List<float[]> vectors = new ArrayList<>(ready.size());
        for (int i = 0; i < ready.size(); i++) {
            vectors.add(model.storedVector(inference.vectors()[i], colours.get(i)));
        }
        return new Result(ready, vectors, inference);
    }

    /** The tags of row {@code i}. */
    static List<ModelLabels.Tag> tags(EmbeddingModel model, OnnxEmbedder.Inference inference, int i) {
        return model.tags(inference.labelScores() == null ? null : inference.labelScores()[i]);
    }
}
