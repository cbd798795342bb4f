package io.tokenatlas.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Groups images whose 64-bit perceptual hashes differ in at most {@code maxDistance} bits and
 * that a second test (their vectors' similarity) accepts. Candidates come from multi-index
 * hashing: the hash is cut into maxDistance + 1 bands, and two hashes that close must agree on at
 * least one band (pigeonhole), so only images sharing a band are compared. Pure: no I/O.
 */
public final class NearDuplicates {
    private NearDuplicates() {}

    /** Two images (indexes into the input) that are near each other by hash, with their distance. */
    public record Pair(int a, int b, int distance) {}

    /** More candidate pairs than a search may compare: the hashes are too alike at this distance. */
    public static final class TooManyPairsException extends RuntimeException {
        TooManyPairsException(String message) {
            super(message);
        }
    }

    /** Pairs of hashes within {@code maxDistance} bits, each once (a < b), closest first. */
    public static List<Pair> candidates(long[] hashes, int maxDistance) {
        return candidates(hashes, maxDistance, Integer.MAX_VALUE);
    }

    /**
     * As {@link #candidates(long[], int)}, refusing with {@link TooManyPairsException} once more than
     * {@code maxPairs} pairs are found (a collection of near-identical pictures would otherwise ask
     * for every pair of its tokens to be compared).
     */
    public static List<Pair> candidates(long[] hashes, int maxDistance, int maxPairs) {
        if (maxDistance < 0 || maxDistance > 31) {
            throw new IllegalArgumentException("the largest hash distance must be between 0 and 31, got " + maxDistance);
        }
        int bands = maxDistance + 1;
        int[] bandStart = new int[bands + 1];
        for (int b = 0; b <= bands; b++) {
            bandStart[b] = b * 64 / bands;
        }
        List<Pair> pairs = new ArrayList<>();
        for (int band = 0; band < bands; band++) {
            int from = bandStart[band];
            int width = bandStart[band + 1] - from;
            long mask = width == 64 ? -1L : (1L << width) - 1;
            Map<Long, List<Integer>> buckets = new HashMap<>();
            for (int i = 0; i < hashes.length; i++) {
                buckets.computeIfAbsent((hashes[i] >>> from) & mask, k -> new ArrayList<>()).add(i);
            }
            for (List<Integer> bucket : buckets.values()) {
                for (int x = 0; x < bucket.size(); x++) {
                    for (int y = x + 1; y < bucket.size(); y++) {
                        int a = bucket.get(x);
                        int b = bucket.get(y);
                        if (firstSharedBand(hashes[a], hashes[b], bandStart) != band) {
                            continue; // counted at the first band they share
                        }
                        int distance = Long.bitCount(hashes[a] ^ hashes[b]);
                        if (distance <= maxDistance) {
                            pairs.add(new Pair(a, b, distance));
                            if (pairs.size() > maxPairs) {
                                throw new TooManyPairsException("more than " + maxPairs + " pairs of images are within "
                                        + maxDistance + " bits of each other; ask with a smaller distance");
                            }
                        }
                    }
                }
            }
        }
        pairs.sort((p, q) -> p.distance() != q.distance() ? Integer.compare(p.distance(), q.distance())
                : p.a() != q.a() ? Integer.compare(p.a(), q.a()) : Integer.compare(p.b(), q.b()));
        return pairs;
    }

    private static int firstSharedBand(long a, long b, int[] bandStart) {
        long diff = a ^ b;
        for (int band = 0; band + 1 < bandStart.length; band++) {
            int width = bandStart[band + 1] - bandStart[band];
            long mask = width == 64 ? -1L : (1L << width) - 1;
            if (((diff >>> bandStart[band]) & mask) == 0) {
                return band;
            }
        }
        return -1;
    }

    /**
     * Joins the candidate pairs the test accepts into groups (transitively), asking the test only
     * about pairs not already in one group; groups of two or more, as lists of input indexes.
     * {@code accept} sees pairs in batches (the caller can answer a batch with one query).
     */
    public static List<List<Integer>> group(int count, List<Pair> candidates, int batch,
            java.util.function.Function<List<Pair>, List<Boolean>> accept) {
        int[] parent = new int[count];
        Arrays.setAll(parent, i -> i);
        for (int from = 0; from < candidates.size(); from = (int) Math.min((long) from + batch, candidates.size())) {
            List<Pair> open = new ArrayList<>();
            for (Pair p : candidates.subList(from, Math.min(candidates.size(), from + batch))) {
                if (root(parent, p.a()) != root(parent, p.b())) {
                    open.add(p);
                }
            }
            if (open.isEmpty()) {
                continue;
            }
            List<Boolean> accepted = accept.apply(open);
            for (int i = 0; i < open.size(); i++) {
                if (accepted.get(i)) {
                    parent[root(parent, open.get(i).a())] = root(parent, open.get(i).b());
                }
            }
        }
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < count; i++) {
            groups.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(i);
        }
        return groups.values().stream().filter(g -> g.size() > 1).toList();
    }

    /** {@link #group} with a test that needs no batching. */
    public static List<List<Integer>> group(int count, List<Pair> candidates, Predicate<Pair> accept) {
        return group(count, candidates, Integer.MAX_VALUE, batch -> batch.stream().map(accept::test).toList());
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
