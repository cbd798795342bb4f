package io.tokenatlas.watch;

import io.tokenatlas.media.PerceptualHash;
import io.tokenatlas.vector.DuplicateRepository.HashedToken;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The watched tokens a new token may copy: those whose perceptual hash is within a distance of
 * its own, allowing for flips, quarter turns and a 5 % crop of either ({@link PerceptualHash#copyDistance}),
 * nearest first. Pure.
 */
public final class CopyCandidates {
    private CopyCandidates() {}

    /** A watched token and its hash distance to the new one. */
    public record Candidate(HashedToken original, int distance) {}

    /** At most {@code limit} of {@code watched} within {@code maxDistance} bits of {@code token}, nearest (then earliest) first. */
    public static List<Candidate> of(HashedToken token, List<HashedToken> watched, int maxDistance, int limit) {
        List<Candidate> found = new ArrayList<>();
        for (HashedToken original : watched) {
            int distance = PerceptualHash.copyDistance(original.phash(), original.centrePhash(), token.phash(),
                    token.centrePhash());
            if (distance <= maxDistance) {
                found.add(new Candidate(original, distance));
            }
        }
        found.sort(Comparator.comparingInt(Candidate::distance)
                .thenComparingLong(c -> c.original().mintedBlock())
                .thenComparing(c -> c.original().tokenId()));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }
}
