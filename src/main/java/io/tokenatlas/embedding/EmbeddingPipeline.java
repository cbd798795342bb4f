package io.tokenatlas.embedding;

import io.tokenatlas.token.ClaimedToken;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The embedding stage's steps running at once: threads decode and preprocess claimed tokens'
 * thumbnails while the model runs the previous batch and another thread stores the batch before.
 * A batch goes to the model when it is full or when no more input came for the batch wait. The
 * queues between the steps are bounded, so a slow step holds back the ones before it (claims
 * included) instead of growing memory.
 */
@jakarta.enterprise.context.ApplicationScoped
public class EmbeddingPipeline {
    private static final Logger LOG = Logger.getLogger(EmbeddingPipeline.class);

    /** A token ready for the model: its input tensor and (for hybrid vectors) its colour descriptor. */
    record Prepared(ClaimedToken token, float[] tensor, float[] colour) {}

    /** A batch the model answered. */
    record Embedded(List<ClaimedToken> tokens, List<float[]> vectors, OnnxEmbedder.Inference inference) {
        /** The tags of row {@code i}, from the model's labels. */
        List<ModelLabels.Tag> tags(EmbeddingModel model, int i) {
            return model.tags(inference.labelScores() == null ? null : inference.labelScores()[i]);
        }
    }

    /** Where finished batches and failures go. */
    interface Sink {
        void stored(Embedded batch);

        void failed(ClaimedToken token, Throwable error);
    }

    private static final Prepared END = new Prepared(null, null, null);
    private static final Embedded DONE = new Embedded(null, null, null);

    private final EmbeddingModel model;
    private final int batchSize;
    private final Duration batchWait;
    // Daemon threads kept for the process's life: the stage runs the pipeline every poll.
    private final ExecutorService workers;

    public EmbeddingPipeline(EmbeddingModel model, io.tokenatlas.config.EmbeddingConfig embeddingConfig) {
        this.model = model;
        this.batchSize = embeddingConfig.batchSize();
        this.batchWait = embeddingConfig.batchWait();
        int threads = embeddingConfig.prepareThreads();
        this.workers = Executors.newFixedThreadPool(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                Thread.ofPlatform().daemon().name("embed-prepare-", 0).factory());
    }

    /** Tokens claimed ahead of the model: enough to keep it busy while claims and decoding go on. */
    int claimSize() {
        return Math.max(2 * batchSize, 32);
    }

    private int inFlight() {
        return 2 * claimSize();
    }

    /**
     * Claims with {@code source} until it hands out nothing, loads each token's picture with
     * {@code load}, and embeds everything; returns how many tokens were embedded.
     */
    int run(Supplier<List<ClaimedToken>> source, Function<ClaimedToken, BufferedImage> load, Sink sink) {
        BlockingQueue<Prepared> prepared = new ArrayBlockingQueue<>(inFlight() + 1);
        BlockingQueue<Embedded> toStore = new ArrayBlockingQueue<>(2);
        Semaphore slots = new Semaphore(inFlight());
        Thread feeder = Thread.ofVirtual().name("embed-feed").start(() -> feed(source, load, sink, prepared, slots, workers));
        Thread storer = Thread.ofVirtual().name("embed-store").start(() -> store(toStore, sink));
        int embedded = 0;
        try {
            embedded = infer(prepared, toStore, slots, sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                toStore.put(DONE);
                storer.join();
                feeder.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return embedded;
    }

    private void feed(Supplier<List<ClaimedToken>> source, Function<ClaimedToken, BufferedImage> load, Sink sink,
            BlockingQueue<Prepared> prepared, Semaphore slots, ExecutorService workers) {
        Phaser running = new Phaser(1);
        try {
            List<ClaimedToken> claimed;
            while (!(claimed = source.get()).isEmpty()) {
                for (ClaimedToken token : claimed) {
                    slots.acquire();
                    running.register();
                    workers.execute(() -> {
                        try {
                            BufferedImage image = load.apply(token);
                            float[] tensor = model.preprocessor().tensor(image);
                            prepared.put(new Prepared(token, tensor, model.colourOf(image)));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Throwable e) {
                            slots.release();
                            failed(sink, token, e);
                        } finally {
                            running.arriveAndDeregister();
                        }
                    });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "claiming tokens to embed failed");
        } finally {
            running.arriveAndAwaitAdvance();
            try {
                prepared.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int infer(BlockingQueue<Prepared> prepared, BlockingQueue<Embedded> toStore, Semaphore slots, Sink sink)
            throws InterruptedException {
        int embedded = 0;
        int length = model.preprocessor().tensorLength();
        boolean end = false;
        while (!end) {
            Prepared first = prepared.take();
            if (first == END) {
                break;
            }
            List<Prepared> batch = new ArrayList<>(batchSize);
            batch.add(first);
            long deadline = System.nanoTime() + batchWait.toNanos();
            while (batch.size() < batchSize) {
                Prepared next = prepared.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                if (next == END) {
                    end = true;
                    break;
                }
                batch.add(next);
            }
            slots.release(batch.size());
            float[] tensor = new float[batch.size() * length];
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(batch.get(i).tensor(), 0, tensor, i * length, length);
            }
            List<ClaimedToken> tokens = batch.stream().map(Prepared::token).toList();
            OnnxEmbedder.Inference inference;
            long start = System.nanoTime();
            try {
                inference = model.embedder().infer(tensor, batch.size());
            } catch (RuntimeException | Error e) {
                tokens.forEach(t -> failed(sink, t, e));
                continue;
            }
            model.recordBatch(batch.size(), System.nanoTime() - start);
            List<float[]> vectors = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                vectors.add(model.storedVector(inference.vectors()[i], batch.get(i).colour()));
            }
            toStore.put(new Embedded(tokens, vectors, inference));
            embedded += batch.size();
        }
        return embedded;
    }

    private static void store(BlockingQueue<Embedded> toStore, Sink sink) {
        try {
            Embedded batch;
            while ((batch = toStore.take()) != DONE) {
                try {
                    sink.stored(batch);
                } catch (RuntimeException | Error e) {
                    // A batch is stored in one transaction, so none of it was: each token gets the failure (and its
                    // retry) at once instead of waiting out a lease renewed for the maximum work time.
                    LOG.errorf(e, "storing a batch of %d vectors failed", batch.tokens().size());
                    batch.tokens().forEach(t -> failed(sink, t, e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records a token's failure; a failure to record it (the database gone for a moment) is logged
     * and leaves the token to its lease, but never stops the pipeline's threads, which would hold
     * every other claimed token with them.
     */
    private static void failed(Sink sink, ClaimedToken token, Throwable error) {
        try {
            sink.failed(token, error);
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "recording the failure of %s failed (its lease runs out instead): %s", token, error.getMessage());
        }
    }
}
