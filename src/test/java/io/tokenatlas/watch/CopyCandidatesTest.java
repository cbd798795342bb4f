package io.tokenatlas.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.media.PerceptualHash;
import io.tokenatlas.vector.DuplicateRepository.HashedToken;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyCandidatesTest {
    static HashedToken token(long collection, long id, long block, long hash, long centre) {
        return new HashedToken(collection, BigInteger.valueOf(id), block, "sha-" + collection + "-" + id, hash, centre,
                "#" + id);
    }

    @Test
    void aFlippedOrTurnedCopyIsFoundByItsHashAloneAndFarPicturesAreNot() {
        Random random = new Random(7);
        List<HashedToken> watched = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            watched.add(token(1, i, 100 + i, random.nextLong(), random.nextLong()));
        }
        HashedToken original = watched.get(41);
        long[] variants = PerceptualHash.variants(original.phash());
        for (int v = 0; v < variants.length; v++) {
            // Any flip or quarter turn of token 42, with three bits changed by re-encoding.
            long copyHash = variants[v] ^ 0b1011L << 20;
            HashedToken copy = token(2, 1, 900, copyHash, random.nextLong());
            List<CopyCandidates.Candidate> found = CopyCandidates.of(copy, watched, 12, 16);
            assertEquals(1, found.size(), "variant " + v + ": " + found);
            assertEquals(BigInteger.valueOf(42), found.getFirst().original().tokenId());
            assertEquals(3, found.getFirst().distance());
        }
        HashedToken unrelated = token(2, 2, 900, random.nextLong(), random.nextLong());
        assertEquals(List.of(), CopyCandidates.of(unrelated, watched, 12, 16), "random hashes are ~32 bits apart");
    }

    @Test
    void aCroppedCopyIsFoundThroughTheCentreHash() {
        HashedToken original = token(1, 5, 10, 0x0123_4567_89ab_cdefL, 0x7777_0000_ffff_1111L);
        // A copy cropped by 5 %: its whole-picture hash is what the original's centre was.
        HashedToken cropped = token(2, 9, 20, 0x7777_0000_ffff_1111L ^ 1L, 0x5555_5555_5555_5555L);
        List<CopyCandidates.Candidate> found = CopyCandidates.of(cropped, List.of(original), 4, 16);
        assertEquals(1, found.size());
        assertEquals(1, found.getFirst().distance());
    }

    @Test
    void candidatesComeNearestFirstThenEarliestAndAtMostTheLimit() {
        long hash = 0L;
        List<HashedToken> watched = List.of(
                token(1, 1, 300, hash ^ 0b111L, -1L), // 3 bits, minted last
                token(1, 2, 100, hash ^ 0b1L, -1L), // 1 bit
                token(1, 3, 200, hash ^ 0b111L << 8, -1L), // 3 bits, minted earlier than token 1
                token(1, 4, 50, hash ^ 0xFFFF_FFFFL, -1L)); // 32 bits
        HashedToken copy = token(2, 1, 400, hash, -1L);
        List<CopyCandidates.Candidate> found = CopyCandidates.of(copy, watched, 12, 16);
        assertEquals(List.of(2L, 3L, 1L), found.stream().map(c -> c.original().tokenId().longValueExact()).toList());
        assertEquals(2, CopyCandidates.of(copy, watched, 12, 2).size());
        assertTrue(CopyCandidates.of(copy, watched, 0, 16).isEmpty(), "no token is within 0 bits");
    }
}
