package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.token.ClaimedToken;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pipeline with the real model: what happens to claimed tokens when a step after the model
 * fails. Storing is replaced by a sink that fails, since a real database cannot be made to fail
 * one batch's commit on demand.
 */
@QuarkusTest
class EmbeddingPipelineTest {
    @Inject
    EmbeddingPipeline pipeline;

    @Test
    @Timeout(120) // a hang guard: the old storing thread died on an Error and the run never ended
    void aBatchThatCannotBeStoredHandsEachOfItsTokensToTheFailurePathAndTheRunEnds() {
        List<ClaimedToken> tokens = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            tokens.add(new ClaimedToken(1, 31337, "0xaa", BigInteger.valueOf(i), null, null, null, 0, false, null));
        }
        AtomicInteger claims = new AtomicInteger();
        Set<BigInteger> stored = ConcurrentHashMap.newKeySet();
        Set<BigInteger> failed = ConcurrentHashMap.newKeySet();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger batches = new AtomicInteger();

        int embedded = pipeline.run(() -> claims.getAndIncrement() == 0 ? tokens : List.of(),
                token -> new BufferedImage(24, 24, BufferedImage.TYPE_INT_ARGB),
                new EmbeddingPipeline.Sink() {
                    @Override
                    public void stored(EmbeddingPipeline.Embedded batch) {
                        if (batches.getAndIncrement() % 2 == 0) {
                            // An Error, the kind that used to end the storing thread and leave the model waiting on it.
                            throw new OutOfMemoryError("storing this batch ran out of memory");
                        }
                        batch.tokens().forEach(t -> stored.add(t.tokenId()));
                    }

                    @Override
                    public void failed(ClaimedToken token, Throwable error) {
                        failed.add(token.tokenId());
                        errors.add(error);
                    }
                });

        assertEquals(40, embedded, "the model answered for every token");
        assertTrue(batches.get() >= 2, "more than one batch went to the store: " + batches.get());
        assertEquals(40, stored.size() + failed.size(), "every token was stored or failed, none left on its lease");
        assertTrue(Collections.disjoint(stored, failed), "no token both stored and failed");
        assertTrue(!failed.isEmpty() && errors.stream().allMatch(e -> e instanceof OutOfMemoryError),
                "the batches that could not be stored failed with their error: " + errors);
    }
}
