package io.tokenatlas.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.testkit.TestDatabase;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Near-duplicate groups over the real PostgreSQL: the same bytes in two collections, a re-encoded
 * copy (close hash, same look), a look-alike by hash that the vectors tell apart, burned tokens.
 */
@QuarkusTest
class DuplicateFinderTest {
    @Inject
    DuplicateFinder finder;

    @Inject
    EmbeddingModel model;

    @BeforeEach
    void tokens() {
        TestDatabase.reset(TestDatabase.NAME);
        int m = model.identity().id();
        int d = model.identity().dimension();
        TestDatabase.execute(TestDatabase.NAME, """
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status) VALUES
              (31337, '0x00000000000000000000000000000000000000aa', 1, 'given', 10, 'FOLLOWING'),
              (31337, '0x00000000000000000000000000000000000000bb', 1, 'given', 10, 'FOLLOWING')""",
            // a: the original; a-copy: re-encoded (3 bits off, same look); b: 2 bits off but a different look;
            // c: far from everything.
            "INSERT INTO media (sha256, mime_type, width, height, byte_size, thumbnail, phash, centre_phash, grey,"
                + " hash_version) VALUES"
                + " ('a', 'image/png', 1, 1, 1, '', 1048575, 1048575, " + HALVES + ", 2),"
                + " ('a-copy', 'image/png', 1, 1, 1, '', 1048568, 1048568, " + HALVES + ", 2),"
                + " ('b', 'image/png', 1, 1, 1, '', 1048572, 1048572, " + HALVES + ", 2),"
                + " ('c', 'image/png', 1, 1, 1, '', -1, -1, " + CHECKS + ", 2)",
            // Collection 1 minted a at block 5 (token 1) and c; collection 2 copied a later (blocks 9, 12),
            // re-encoded it (block 7), and has b. Token 2 / 5 is burned.
            "INSERT INTO token (collection_id, token_id, minted_block, state, media_sha256, burned) VALUES"
                + " (1, 1, 5, 'EMBEDDED', 'a', false), (1, 2, 6, 'EMBEDDED', 'c', false),"
                + " (2, 1, 12, 'EMBEDDED', 'a', false), (2, 2, 9, 'EMBEDDED', 'a', false),"
                + " (2, 3, 7, 'EMBEDDED', 'a-copy', false), (2, 4, 8, 'EMBEDDED', 'b', false),"
                + " (2, 5, 3, 'EMBEDDED', 'a', true)",
            vectors(m, d, "(1, 1), (2, 1), (2, 2)", 1),
            vectors(m, d, "(2, 3)", 0.99),
            vectors(m, d, "(2, 4), (1, 2)", -1));
    }

    /** A 32x32 grey picture, dark above and light below; and a checkerboard. */
    private static final String HALVES = "decode(repeat('00', 512) || repeat('ff', 512), 'hex')";
    private static final String CHECKS = "decode(repeat(repeat('00ff', 16) || repeat('ff00', 16), 16), 'hex')";

    /** Vectors pointing along the first axis, bent by {@code lean} towards the second. */
    private static String vectors(int model, int dimension, String tokens, double lean) {
        return "INSERT INTO embedding (collection_id, token_id, model_id, vector) SELECT t.c, t.i, " + model
                + ", (SELECT array_agg(CASE WHEN d = 1 THEN " + lean + " WHEN d = 2 THEN sqrt(1 - " + lean + " ^ 2)"
                + " ELSE 0 END ORDER BY d)::vector FROM generate_series(1, " + dimension + ") d)"
                + " FROM (VALUES " + tokens + ") AS t(c, i)";
    }

    private static List<String> ids(List<DuplicateFinder.Member> group) {
        return group.stream().map(m -> m.token().collectionId() + "/" + m.token().tokenId()).toList();
    }

    @Test
    void groupsCopiesAndReencodingsOldestMintFirst() {
        DuplicateFinder.Result result = finder.find(null, 6, 0.9, null, 50);
        assertEquals(1, result.total());
        List<DuplicateFinder.Member> group = result.groups().get(0);
        assertEquals(List.of("1/1", "2/3", "2/2", "2/1"), ids(group), "by mint block: 5, 7, 9, 12; burned 2/5 left out");
        assertEquals(List.of(0, 3, 0, 0), group.stream().map(DuplicateFinder.Member::distance).toList());
    }

    @Test
    void pagesGoOnAfterTheLastGroupTheyHeld() {
        DuplicateFinder.Result first = finder.find(null, 6, 0.9, null, 1);
        assertEquals(null, first.next(), "one group in all: no next page");
        var key = new DuplicateFinder.GroupKey(4, 5, 1, java.math.BigInteger.ONE);
        DuplicateFinder.Result after = finder.find(null, 6, 0.9, key, 50);
        assertEquals(List.of(), after.groups(), "nothing after the one group");
        assertEquals(1, after.total(), "the total counts every group, not the page");
        // A smaller group, or one of the same size minted later, comes after.
        var bigger = new DuplicateFinder.GroupKey(5, 100, 9, java.math.BigInteger.TEN);
        var sameSizeLater = new DuplicateFinder.GroupKey(4, 6, 1, java.math.BigInteger.ONE);
        var sameMintHigherId = new DuplicateFinder.GroupKey(4, 5, 1, java.math.BigInteger.TWO);
        assertEquals(List.of(bigger, key, sameMintHigherId, sameSizeLater),
                java.util.stream.Stream.of(sameSizeLater, key, sameMintHigherId, bigger).sorted().toList());
        assertEquals(1, finder.find(null, 6, 0.9, bigger, 50).groups().size(), "the group comes after a bigger one");
    }

    @Test
    void theThresholdsDecide() {
        assertEquals(List.of(List.of("1/1", "2/2", "2/1")), finder.find(null, 2, 0.9, null, 50).groups().stream()
                .map(DuplicateFinderTest::ids).toList(), "the re-encoding is 3 bits off");
        // With any similarity accepted, the look-alike by hash joins too.
        assertEquals(List.of("1/1", "2/3", "2/4", "2/2", "2/1"), ids(finder.find(null, 6, -1, null, 50).groups().get(0)));
    }

    @Test
    void aCollectionSeesTheGroupsItTakesPartIn() {
        assertEquals(1, finder.find(2L, 6, 0.9, null, 50).total());
        TestDatabase.execute(TestDatabase.NAME, "DELETE FROM token WHERE collection_id = 2 AND token_id IN (1, 2, 3)");
        assertEquals(0, finder.find(1L, 6, 0.9, null, 50).total());
    }
}
