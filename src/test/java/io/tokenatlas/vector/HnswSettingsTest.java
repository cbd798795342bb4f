package io.tokenatlas.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HnswSettingsTest {
    @Test
    void theCandidateListGrowsWithKBetweenPgvectorsDefaultAndItsLimit() {
        assertEquals(40, HnswSettings.candidates(1, 6), "never below pgvector's default");
        assertEquals(60, HnswSettings.candidates(10, 6));
        assertEquals(120, HnswSettings.candidates(20, 6));
        assertEquals(1000, HnswSettings.candidates(200, 6), "pgvector refuses more than 1000");
        assertEquals(1000, HnswSettings.candidates(Integer.MAX_VALUE, Integer.MAX_VALUE), "no overflow");
    }
}
