package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelLabelsTest {
    final ModelLabels labels = new ModelLabels(List.of("background", "tench", "goldfish", "mask", "cab"));

    @Test
    void theBestLabelsAboveTheThresholdBestFirstWithoutBackground() {
        List<ModelLabels.Tag> tags = labels.top(new float[] {0.9f, 0.01f, 0.2f, 0.6f, 0.04f}, 5, 0.05f);
        assertEquals(List.of(new ModelLabels.Tag("mask", 0.6f), new ModelLabels.Tag("goldfish", 0.2f)), tags);
        assertEquals(1, labels.top(new float[] {0, 0.3f, 0.2f, 0.6f, 0.5f}, 1, 0f).size());
    }

    @Test
    void scoresMustMatchTheLabels() {
        assertThrows(IllegalArgumentException.class, () -> labels.top(new float[3], 5, 0f));
    }
}
