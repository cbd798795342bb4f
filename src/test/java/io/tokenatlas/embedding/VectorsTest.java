package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VectorsTest {
    @Test
    void readsAVectorAsPostgresSendsItInBinary() {
        // SELECT vector_send('[1,2.5]'::vector), as pgvector answers it.
        byte[] sent = HexFormat.of().parseHex("000200003f80000040200000");
        assertArrayEquals(new float[] {1f, 2.5f}, Vectors.fromBinary(sent));
    }

    @Test
    void refusesBytesThatDoNotHoldTheDimensionsTheyAnnounce() {
        assertThrows(IllegalArgumentException.class, () -> Vectors.fromBinary(HexFormat.of().parseHex("000300003f800000")));
    }

    @Test
    void normalisesToUnitLength() {
        assertArrayEquals(new float[] {0.6f, 0.8f}, Vectors.normalise(new float[] {3, 4}), 1e-6f);
    }
}
