package io.tokenatlas.vector;

import io.tokenatlas.media.PerceptualHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds images whose perceptual hashes say one may be a copy of the other, and joins the copies
 * that a closer look accepts to their likely originals. Pure: no I/O.
 *
 * <p>Candidates: two images are candidates when {@link PerceptualHash#copyDistance} (flips,
 * quarter turns and a 5 % crop allowed) is at most {@code maxDistance} bits and they have
 * different owners (collections). Multi-index hashing finds them without comparing every pair: the
 * 64 bits are cut into maxDistance + 1 bands, and two hashes that close agree on at least one band
 * (pigeonhole), so each image's eight flipped and turned hashes are looked up band by band among
 * every image's hash and centre hash.
 */
public final class NearDuplicates {
    private NearDuplicates() {}

    /** Two images (indexes into the input, a < b) whose hashes are close, with their distance. */
    public record Pair(int a, int b, int distance) {}

    /** A candidate pair with how alike a closer look found them (higher is more alike). */
    public record Scored(Pair pair, double score) {}

    /** More candidate pairs than a search may compare: the hashes are too alike at this distance. */
    public static final class TooManyPairsException extends RuntimeException {
        TooManyPairsException(String message) {
            super(message);
        }
    }

    /**
     * Pairs within {@code maxDistance} bits, each once, closest first.
     *
     * @param centres the hashes of the images' centres ({@link PerceptualHash.Fingerprint#centreHash})
     * @param owners  who holds each image (the collection of its earliest mint): images of one
     *                owner are not paired
     * @param maxPairs refuses with {@link TooManyPairsException} beyond this many pairs
     */
    public static List<Pair> candidates(long[] hashes, long[] centres, long[] owners, int maxDistance, int maxPairs) {
        if (maxDistance < 0 || maxDistance > 31) {
            throw new IllegalArgumentException("the largest hash distance must be between 0 and 31, got " + maxDistance);
        }
        int n = hashes.length;
        int bands = maxDistance + 1;
        int[] bandStart = new int[bands + 1];
        for (int b = 0; b <= bands; b++) {
            bandStart[b] = b * 64 / bands;
        }
        long[][] variants = new long[n][];
        for (int i = 0; i < n; i++) {
            variants[i] = PerceptualHash.variants(hashes[i]);
        }
        Map<Long, Integer> found = new LinkedHashMap<>();
        for (int band = 0; band < bands; band++) {
            int from = bandStart[band];
            int width = bandStart[band + 1] - from;
            long mask = width == 64 ? -1L : (1L << width) - 1;
            // Entries 0..n-1 are the images' hashes, n..2n-1 their centres' hashes.
            Map<Long, List<Integer>> buckets = new HashMap<>();
            for (int e = 0; e < 2 * n; e++) {
                long key = e < n ? hashes[e] : centres[e - n];
                if (e >= n && key == hashes[e - n]) {
                    continue;
                }
                buckets.computeIfAbsent((key >>> from) & mask, k -> new ArrayList<>()).add(e);
            }
            for (int j = 0; j < n; j++) {
                for (long probe : variants[j]) {
                    List<Integer> bucket = buckets.get((probe >>> from) & mask);
                    if (bucket == null) {
                        continue;
                    }
                    for (int e : bucket) {
                        int i = e % n;
                        if (i == j || owners[i] == owners[j]) {
                            continue;
                        }
                        int distance = Long.bitCount(probe ^ (e < n ? hashes[i] : centres[i]));
                        if (distance > maxDistance) {
                            continue;
                        }
                        long key = (long) Math.min(i, j) * n + Math.max(i, j);
                        Integer known = found.get(key);
                        if (known == null || distance < known) {
                            found.put(key, distance);
                            if (found.size() > maxPairs) {
                                throw new TooManyPairsException("more than " + maxPairs + " pairs of images are within "
                                        + maxDistance + " bits of each other; ask with a smaller distance");
                            }
                        }
                    }
                }
            }
        }
        List<Pair> pairs = new ArrayList<>(found.size());
        found.forEach((key, distance) -> pairs.add(new Pair((int) (key / n), (int) (key % n), distance)));
        pairs.sort((p, q) -> p.distance() != q.distance() ? Integer.compare(p.distance(), q.distance())
                : p.a() != q.a() ? Integer.compare(p.a(), q.a()) : Integer.compare(p.b(), q.b()));
        return pairs;
    }

    /**
     * Joins each image to its likely original: of the accepted pairs, the partner with the highest
     * score among those before it (the input is ordered oldest first). The joins form trees rooted
     * at an image with no earlier partner; groups are those trees of two or more, each listed root
     * first, then by index.
     */
    public static List<List<Integer>> link(int count, List<Scored> accepted) {
        int[] parent = new int[count];
        double[] best = new double[count];
        Arrays.fill(parent, -1);
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (Scored s : accepted) {
            int later = Math.max(s.pair().a(), s.pair().b());
            int earlier = Math.min(s.pair().a(), s.pair().b());
            if (s.score() > best[later] || (s.score() == best[later] && earlier < parent[later])) {
                best[later] = s.score();
                parent[later] = earlier;
            }
        }
        boolean[] hasChild = new boolean[count];
        for (int p : parent) {
            if (p >= 0) {
                hasChild[p] = true;
            }
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int root = i;
            while (parent[root] >= 0) {
                root = parent[root]; // parents come before their children: no cycles
            }
            if (root != i || hasChild[i]) {
                groups.computeIfAbsent(root, r -> new ArrayList<>()).add(i);
            }
        }
        return new ArrayList<>(groups.values());
    }
}
