package io.tokenatlas.vector;

import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.media.PerceptualHash;
import io.tokenatlas.media.PictureMatch;
import io.tokenatlas.vector.DuplicateRepository.HashedToken;
import io.tokenatlas.vector.NearDuplicates.Pair;
import io.tokenatlas.vector.NearDuplicates.Scored;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Near-duplicates and copymints across collections. Tokens whose images are the same bytes are
 * duplicates without asking, also within one collection. Across collections, a token is a copy of
 * an earlier one when their hashes are close allowing for flips, quarter turns and a crop
 * ({@link PerceptualHash#copyDistance}), their structures match ({@link PictureMatch}, at least
 * {@link #MIN_STRUCTURE}) and their vectors are similar enough; it joins the earlier image whose
 * structure matches best, so a copy of one token of a layered drop is not grouped with the token's
 * look-alike siblings. Within one collection pictures that are merely alike are not grouped: a
 * drop's tokens share their layers by design. Each group is ordered by mint block (then collection
 * and token), so its first token is the likely original.
 */
@ApplicationScoped
public class DuplicateFinder {
    /** Pairs whose vectors are compared in one query. */
    static final int BATCH = 2000;
    /** Most candidate pairs one search compares (about 250 queries of BATCH pairs). */
    static final int MAX_PAIRS = 500_000;
    /**
     * Least structure match of a copy and its original. Measured on generated drops (CopycatBench):
     * re-encoded, resized, flipped, turned or framed copies score above 0.9, cropped, recoloured and
     * written-on ones mostly above 0.8.
     */
    public static final double MIN_STRUCTURE = 0.7;

    private final DuplicateRepository repository;
    private final MediaRepository media;
    private final EmbeddingModel model;

    public DuplicateFinder(DuplicateRepository repository, MediaRepository media, EmbeddingModel model) {
        this.repository = repository;
        this.media = media;
        this.model = model;
    }

    /** A group's member and its image's hash distance to the group's first token. */
    public record Member(HashedToken token, int distance) {}

    /** The groups (largest first, then earliest), how many there are in all, and where the next page starts (or null). */
    public record Result(List<List<Member>> groups, int total, String model, GroupKey next) {}

    /** A group's place in the order: its size (larger first), then its first token's mint, collection and id. */
    public record GroupKey(int size, long mintedBlock, long collectionId, BigInteger tokenId) implements Comparable<GroupKey> {
        static GroupKey of(List<Member> group) {
            HashedToken first = group.get(0).token();
            return new GroupKey(group.size(), first.mintedBlock(), first.collectionId(), first.tokenId());
        }

        @Override
        public int compareTo(GroupKey o) {
            return Comparator.comparingInt((GroupKey k) -> -k.size()).thenComparingLong(GroupKey::mintedBlock)
                    .thenComparingLong(GroupKey::collectionId).thenComparing(GroupKey::tokenId).compare(this, o);
        }
    }

    /**
     * @param collectionId only groups that hold a token of this collection (null: all groups)
     * @param after        only groups after this one in the order (null: from the first)
     * @param limit        most groups returned
     */
    public Result find(Long collectionId, int maxDistance, double minSimilarity, GroupKey after, int limit) {
        List<HashedToken> tokens = repository.hashedTokens();
        // One entry per distinct image, oldest mint first: tokens with the same bytes are duplicates without asking.
        Map<String, List<HashedToken>> byImage = new LinkedHashMap<>();
        tokens.forEach(t -> byImage.computeIfAbsent(t.mediaSha256(), s -> new ArrayList<>()).add(t));
        List<List<HashedToken>> images = new ArrayList<>(byImage.values());
        int n = images.size();
        long[] hashes = new long[n];
        long[] centres = new long[n];
        long[] owners = new long[n];
        for (int i = 0; i < n; i++) {
            HashedToken first = images.get(i).get(0);
            hashes[i] = first.phash();
            centres[i] = first.centrePhash();
            // Whose picture it is: the collection that minted it first (a copy minted with the same
            // bytes elsewhere does not make its original's siblings look like copies).
            owners[i] = first.collectionId();
        }
        List<Pair> candidates = NearDuplicates.candidates(hashes, centres, owners, maxDistance, MAX_PAIRS);
        List<Scored> accepted = new ArrayList<>();
        for (int from = 0; from < candidates.size(); from += BATCH) {
            accepted.addAll(accept(candidates.subList(from, Math.min(candidates.size(), from + BATCH)), images,
                    minSimilarity));
        }
        List<List<Integer>> imageGroups = new ArrayList<>(NearDuplicates.link(n, accepted));
        Set<Integer> grouped = new HashSet<>();
        imageGroups.forEach(grouped::addAll);
        for (int i = 0; i < n; i++) {
            if (images.get(i).size() > 1 && !grouped.contains(i)) {
                imageGroups.add(List.of(i)); // one image minted more than once
            }
        }
        return assemble(imageGroups, images, collectionId, after, limit, model.identity().name());
    }

    /** The pairs of a batch whose structures match and whose vectors are similar enough, with their structure match. */
    private List<Scored> accept(List<Pair> batch, List<List<HashedToken>> images, double minSimilarity) {
        Set<String> needed = new HashSet<>();
        batch.forEach(p -> {
            needed.add(images.get(p.a()).get(0).mediaSha256());
            needed.add(images.get(p.b()).get(0).mediaSha256());
        });
        Map<String, byte[]> greys = media.greys(needed);
        List<Scored> alike = new ArrayList<>();
        for (Pair p : batch) {
            byte[] a = greys.get(images.get(p.a()).get(0).mediaSha256());
            byte[] b = greys.get(images.get(p.b()).get(0).mediaSha256());
            double score = a == null || b == null ? Double.NaN : PictureMatch.similarity(a, b);
            if (score >= MIN_STRUCTURE) {
                alike.add(new Scored(p, score));
            }
        }
        if (alike.isEmpty()) {
            return alike;
        }
        List<HashedToken[]> pairs = alike.stream()
                .map(s -> new HashedToken[] {images.get(s.pair().a()).get(0), images.get(s.pair().b()).get(0)}).toList();
        double[] similarity = repository.similarities(pairs, model.identity().id());
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < similarity.length; i++) {
            if (similarity[i] >= minSimilarity) {
                out.add(alike.get(i));
            }
        }
        return out;
    }

    private static Result assemble(List<List<Integer>> imageGroups, List<List<HashedToken>> images, Long collectionId,
            GroupKey after, int limit, String modelName) {
        Comparator<HashedToken> byMint = Comparator.comparingLong(HashedToken::mintedBlock)
                .thenComparingLong(HashedToken::collectionId).thenComparing(HashedToken::tokenId);
        List<List<Member>> groups = new ArrayList<>();
        for (List<Integer> group : imageGroups) {
            List<HashedToken> members = new ArrayList<>();
            group.forEach(i -> members.addAll(images.get(i)));
            if (collectionId != null && members.stream().noneMatch(t -> t.collectionId() == collectionId)) {
                continue;
            }
            members.sort(byMint);
            HashedToken first = members.get(0);
            groups.add(members.stream().map(t -> new Member(t, t.mediaSha256().equals(first.mediaSha256()) ? 0
                    : PerceptualHash.copyDistance(first.phash(), first.centrePhash(), t.phash(), t.centrePhash())))
                    .toList());
        }
        groups.sort(Comparator.comparing(GroupKey::of));
        List<List<Member>> rest = after == null ? groups
                : groups.stream().filter(g -> GroupKey.of(g).compareTo(after) > 0).toList();
        List<List<Member>> page = rest.subList(0, Math.min(limit, rest.size()));
        return new Result(page, groups.size(), modelName, rest.size() > limit ? GroupKey.of(page.getLast()) : null);
    }
}
