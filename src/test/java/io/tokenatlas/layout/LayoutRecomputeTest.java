package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LayoutRecomputeTest {
    @Test
    void aMapMadeWhileABackfillStillBringsTokensRunsFewerEpochs() {
        assertEquals(LayoutRecompute.PROVISIONAL_EPOCHS, LayoutRecompute.epochs(0, 5_000, 50));
        assertEquals(0, LayoutRecompute.epochs(0, 3, 50), "a few stragglers: UMAP's default, as for a settled map");
        assertEquals(0, LayoutRecompute.epochs(0, 0, 50));
        assertEquals(700, LayoutRecompute.epochs(700, 5_000, 50), "a configured number is kept");
    }
}
