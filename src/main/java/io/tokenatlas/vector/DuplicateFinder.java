package io.tokenatlas.vector;

import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.vector.DuplicateRepository.HashedToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Near-duplicates and copymints across collections: tokens whose images are the same bytes, or
 * whose perceptual hashes are within a distance and whose vectors are similar enough. Each group
 * is ordered by mint block (then collection and token), so its first token is the likely original.
 */
@ApplicationScoped
public class DuplicateFinder {
    /** Pairs whose vectors are compared in one query. */
    static final int BATCH = 2000;
    /** Most candidate pairs one search compares (about 250 queries of BATCH pairs). */
    static final int MAX_PAIRS = 500_000;

    private final DuplicateRepository repository;
    private final EmbeddingModel model;

    public DuplicateFinder(DuplicateRepository repository, EmbeddingModel model) {
        this.repository = repository;
        this.model = model;
    }

    /** A group's member and its image's hash distance to the group's first token. */
    public record Member(HashedToken token, int distance) {}

    /** The groups (largest first, then earliest), and how many there are in all. */
    public record Result(List<List<Member>> groups, int total, String model) {}

    /**
     * @param collectionId only groups that hold a token of this collection (null: all groups)
     * @param limit        most groups returned
     */
    public Result find(Long collectionId, int maxDistance, double minSimilarity, int limit) {
        List<HashedToken> tokens = repository.hashedTokens();
        // One entry per distinct image: tokens with the same bytes are duplicates without asking.
        Map<String, List<HashedToken>> byImage = new LinkedHashMap<>();
        tokens.forEach(t -> byImage.computeIfAbsent(t.mediaSha256(), s -> new ArrayList<>()).add(t));
        List<List<HashedToken>> images = new ArrayList<>(byImage.values());
        long[] hashes = images.stream().mapToLong(i -> i.get(0).phash()).toArray();
        int modelId = model.identity().id();
        List<List<Integer>> imageGroups = new ArrayList<>(NearDuplicates.group(images.size(),
                NearDuplicates.candidates(hashes, maxDistance, MAX_PAIRS), BATCH, batch -> {
                    List<HashedToken[]> pairs = batch.stream()
                            .map(p -> new HashedToken[] {images.get(p.a()).get(0), images.get(p.b()).get(0)}).toList();
                    double[] similarity = repository.similarities(pairs, modelId);
                    List<Boolean> accepted = new ArrayList<>(similarity.length);
                    for (double s : similarity) {
                        accepted.add(s >= minSimilarity);
                    }
                    return accepted;
                }));
        java.util.Set<Integer> grouped = new java.util.HashSet<>();
        imageGroups.forEach(grouped::addAll);
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).size() > 1 && !grouped.contains(i)) {
                imageGroups.add(List.of(i)); // one image minted more than once
            }
        }
        return assemble(imageGroups, images, collectionId, limit, model.identity().name());
    }

    private static Result assemble(List<List<Integer>> imageGroups, List<List<HashedToken>> images, Long collectionId,
            int limit, String modelName) {
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
            long first = members.get(0).phash();
            groups.add(members.stream().map(t -> new Member(t, Long.bitCount(first ^ t.phash()))).toList());
        }
        groups.sort(Comparator.<List<Member>>comparingInt(g -> -g.size())
                .thenComparing(g -> g.get(0).token(), byMint));
        return new Result(groups.subList(0, Math.min(limit, groups.size())), groups.size(), modelName);
    }
}
