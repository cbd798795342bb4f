package io.tokenatlas.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tokenatlas.media.PerceptualHash;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NearDuplicatesTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 6, 10, 20})
    void findsExactlyThePairsBruteForceFinds(int maxDistance) {
        Random random = new Random(maxDistance);
        int n = 600;
        long[] hashes = new long[n];
        long[] centres = new long[n];
        long[] owners = new long[n];
        for (int i = 0; i < n; i++) {
            if (i >= 200 && random.nextBoolean()) {
                // A copy of an earlier image, flipped or turned, or cropped, with a few bits off.
                int source = random.nextInt(i);
                long[] variants = PerceptualHash.variants(random.nextInt(4) == 0 ? centres[source] : hashes[source]);
                long h = variants[random.nextInt(variants.length)];
                for (int f = random.nextInt(maxDistance + 4); f > 0; f--) {
                    h ^= 1L << random.nextInt(64);
                }
                hashes[i] = h;
            } else {
                hashes[i] = random.nextLong();
            }
            centres[i] = random.nextInt(3) == 0 ? hashes[i] : hashes[i] ^ random.nextLong() & random.nextLong();
            owners[i] = random.nextInt(4);
        }
        Set<String> expected = new HashSet<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                boolean sameOwner = owners[a] == owners[b];
                if (!sameOwner && PerceptualHash.copyDistance(hashes[a], centres[a], hashes[b], centres[b]) <= maxDistance) {
                    expected.add(a + "-" + b);
                }
            }
        }
        List<NearDuplicates.Pair> found = NearDuplicates.candidates(hashes, centres, owners, maxDistance, Integer.MAX_VALUE);
        Set<String> got = new HashSet<>();
        for (NearDuplicates.Pair p : found) {
            assertEquals(PerceptualHash.copyDistance(hashes[p.a()], centres[p.a()], hashes[p.b()], centres[p.b()]),
                    p.distance());
            got.add(p.a() + "-" + p.b());
        }
        assertEquals(found.size(), got.size(), "each pair once");
        assertEquals(expected, got);
        for (int i = 1; i < found.size(); i++) {
            assertEquals(true, found.get(i - 1).distance() <= found.get(i).distance(), "closest first");
        }
    }

    @Test
    void aCopyJoinsTheEarlierImageItMatchesBestNotEveryLookAlike() {
        // 0 and 1 are siblings (never paired: one collection); 2 copies 0 and looks a little like 1;
        // 3 copies 2 (a copy of a copy); 4 and 5 match only each other; 6 is alone.
        List<NearDuplicates.Scored> accepted = List.of(
                scored(0, 2, 0.97), scored(1, 2, 0.81), scored(2, 3, 0.9), scored(1, 3, 0.95), scored(4, 5, 0.8));
        assertEquals(List.of(List.of(0, 2), List.of(1, 3), List.of(4, 5)), NearDuplicates.link(7, accepted),
                "3 matches 1 better than 2, so it joins 1");
        assertEquals(List.of(List.of(0, 2, 3), List.of(4, 5)),
                NearDuplicates.link(7, List.of(scored(0, 2, 0.97), scored(1, 2, 0.81), scored(2, 3, 0.9), scored(4, 5, 0.8))),
                "a copy of a copy is in its original's group");
    }

    private static NearDuplicates.Scored scored(int a, int b, double score) {
        return new NearDuplicates.Scored(new NearDuplicates.Pair(a, b, 0), score);
    }

    @Test
    void imagesOfOneOwnerAreNeverPaired() {
        long[] hashes = new long[4];
        assertEquals(0, NearDuplicates.candidates(hashes, hashes, new long[] {7, 7, 7, 7}, 3, 100).size());
        assertEquals(List.of("0-3", "1-3", "2-3"), NearDuplicates.candidates(hashes, hashes, new long[] {7, 7, 7, 8}, 3, 100)
                .stream().map(p -> p.a() + "-" + p.b()).toList());
    }

    @Test
    void tooManyAlikePicturesAreRefusedInsteadOfComparedPairByPair() {
        long[] hashes = new long[100]; // one picture a hundred times in a hundred collections: 4950 pairs
        long[] owners = new long[100];
        java.util.Arrays.setAll(owners, i -> i);
        var e = assertThrows(NearDuplicates.TooManyPairsException.class,
                () -> NearDuplicates.candidates(hashes, hashes, owners, 0, 1000));
        assertEquals(true, e.getMessage().contains("smaller distance"), e.getMessage());
        assertEquals(4950, NearDuplicates.candidates(hashes, hashes, owners, 0, 4950).size());
    }

    @Test
    void distancesBeyondTheBandsAreRefused() {
        long[] two = new long[2];
        assertThrows(IllegalArgumentException.class, () -> NearDuplicates.candidates(two, two, new long[] {1, 2}, 32, 10));
        assertThrows(IllegalArgumentException.class, () -> NearDuplicates.candidates(two, two, new long[] {1, 2}, -1, 10));
    }
}
