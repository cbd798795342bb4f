package io.tokenatlas.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 6, 10, 20})
    void findsExactlyThePairsBruteForceFinds(int maxDistance) {
        Random random = new Random(maxDistance);
        long[] hashes = new long[600];
        for (int i = 0; i < hashes.length; i++) {
            if (i >= 200 && random.nextBoolean()) {
                // A copy of an earlier image with a few bits flipped.
                long h = hashes[random.nextInt(i)];
                for (int f = random.nextInt(maxDistance + 4); f > 0; f--) {
                    h ^= 1L << random.nextInt(64);
                }
                hashes[i] = h;
            } else {
                hashes[i] = random.nextLong();
            }
        }
        Set<String> expected = new HashSet<>();
        for (int a = 0; a < hashes.length; a++) {
            for (int b = a + 1; b < hashes.length; b++) {
                if (Long.bitCount(hashes[a] ^ hashes[b]) <= maxDistance) {
                    expected.add(a + "-" + b);
                }
            }
        }
        List<NearDuplicates.Pair> found = NearDuplicates.candidates(hashes, maxDistance);
        Set<String> got = new HashSet<>();
        for (NearDuplicates.Pair p : found) {
            assertEquals(Long.bitCount(hashes[p.a()] ^ hashes[p.b()]), p.distance());
            got.add(p.a() + "-" + p.b());
        }
        assertEquals(found.size(), got.size(), "each pair once");
        assertEquals(expected, got);
        for (int i = 1; i < found.size(); i++) {
            assertEquals(true, found.get(i - 1).distance() <= found.get(i).distance(), "closest first");
        }
    }

    @Test
    void groupsAreTransitiveAndTheTestCanRefuseAPair() {
        long[] hashes = {0b0000L, 0b0001L, 0b0011L, 0xFFFF_0000_0000_0000L, 0xFFFF_0000_0000_0001L, 0x0F0F_0F0F_0F0F_0F0FL};
        var pairs = NearDuplicates.candidates(hashes, 1);
        // 0-1, 1-2 (and 0-2 at distance 2 is not a candidate), 3-4; the test refuses 3-4.
        List<List<Integer>> groups = NearDuplicates.group(hashes.length, pairs, p -> !(p.a() == 3 && p.b() == 4));
        assertEquals(List.of(List.of(0, 1, 2)), groups);
    }

    @Test
    void pairsAlreadyJoinedAreNotAskedAbout() {
        long[] hashes = new long[50]; // fifty copies of one image: 1225 pairs, 49 joins suffice
        List<NearDuplicates.Pair> asked = new ArrayList<>();
        var groups = NearDuplicates.group(hashes.length, NearDuplicates.candidates(hashes, 2), 1, batch -> {
            asked.addAll(batch);
            return batch.stream().map(p -> true).toList();
        });
        assertEquals(1, groups.size());
        assertEquals(50, groups.get(0).size());
        assertEquals(49, asked.size());
    }

    @Test
    void tooManyAlikePicturesAreRefusedInsteadOfComparedPairByPair() {
        long[] hashes = new long[100]; // one picture a hundred times: 4950 pairs
        var e = org.junit.jupiter.api.Assertions.assertThrows(NearDuplicates.TooManyPairsException.class,
                () -> NearDuplicates.candidates(hashes, 0, 1000));
        assertEquals(true, e.getMessage().contains("smaller distance"), e.getMessage());
        assertEquals(4950, NearDuplicates.candidates(hashes, 0, 4950).size());
    }

    @Test
    void distancesBeyondTheBandsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NearDuplicates.candidates(new long[2], 32));
        assertThrows(IllegalArgumentException.class, () -> NearDuplicates.candidates(new long[2], -1));
    }
}
