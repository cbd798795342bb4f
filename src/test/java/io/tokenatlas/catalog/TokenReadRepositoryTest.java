package io.tokenatlas.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.embedding.ModelRepository;
import io.tokenatlas.metadata.TraitFilter;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.token.TokenState;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token list's filters and the atlas's image list against the real PostgreSQL. */
@QuarkusTest
class TokenReadRepositoryTest {
    private static final String ALICE = "0x00000000000000000000000000000000000000a1";

    @Inject
    TokenReadRepository tokens;

    @Inject
    ModelRepository models;

    int modelId;

    @BeforeEach
    void tokens() {
        TestDatabase.reset(TestDatabase.NAME);
        modelId = models.register("list-test", "sha-list", 4).id();
        TestDatabase.execute(TestDatabase.NAME, """
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status)
            VALUES (31337, '0x00000000000000000000000000000000000000aa', 1, 'given', 10, 'FOLLOWING')""",
            // Tokens 1..12: odd ones Alice's, every third embedded, the others discovered.
            "INSERT INTO token (collection_id, token_id, owner, minted_block, state) SELECT 1, g,"
                + " CASE WHEN g % 2 = 1 THEN '" + ALICE + "' ELSE '0x00000000000000000000000000000000000000b0' END, 2,"
                + " CASE WHEN g % 3 = 0 THEN 'EMBEDDED' ELSE 'DISCOVERED' END FROM generate_series(1, 12) g",
            "INSERT INTO token_trait (collection_id, token_id, ordinal, trait_type, value) SELECT 1, g, 0, 'Hat',"
                + " CASE WHEN g % 4 = 0 THEN 'Crown' ELSE 'Cap' END FROM generate_series(1, 12) g",
            "INSERT INTO token_trait (collection_id, token_id, ordinal, trait_type, value) SELECT 1, g, 1, 'Eyes',"
                + " CASE WHEN g <= 6 THEN 'Laser' ELSE 'Plain' END FROM generate_series(1, 12) g",
            "INSERT INTO token_tag (collection_id, token_id, model_id, rank, label, score) SELECT 1, g, " + modelId
                + ", 0, 'Wall clock', 0.5 FROM generate_series(1, 12) g WHERE g IN (2, 3, 5)");
    }

    private List<Integer> ids(TokenState state, String owner, String tag, List<String> traits, int after, int limit) {
        var filter = new TokenReadRepository.ListFilter(state, owner, tag, modelId, TraitFilter.parse(traits));
        return tokens.page(1, filter, BigInteger.valueOf(after), limit).stream().map(t -> t.tokenId().intValue()).toList();
    }

    @Test
    void filtersCombine() {
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), ids(null, null, null, List.of(), 0, 100));
        assertEquals(List.of(3, 6, 9, 12), ids(TokenState.EMBEDDED, null, null, List.of(), 0, 100));
        assertEquals(List.of(1, 3, 5, 7, 9, 11), ids(null, ALICE, null, List.of(), 0, 100));
        assertEquals(List.of(2, 3, 5), ids(null, null, "wall CLOCK", List.of(), 0, 100));
        assertEquals(List.of(4, 8, 12), ids(null, null, null, List.of("hat:crown"), 0, 100));
        assertEquals(List.of(4), ids(null, null, null, List.of("Hat:Crown", "Eyes:Laser"), 0, 100));
        // Values of one type are alternatives; every type must match.
        assertEquals(List.of(1, 2, 3, 4, 5, 6), ids(null, null, null, List.of("Hat:Crown", "Eyes:Laser", "Eyes:Nope",
                "Hat:Cap"), 0, 100));
        assertEquals(List.of(3), ids(TokenState.EMBEDDED, ALICE, "wall clock", List.of("Eyes:Laser"), 0, 100));
        assertEquals(List.of(), ids(null, null, null, List.of("Hat:Top hat"), 0, 100));
    }

    @Test
    void theCursorPagesThroughTheFilteredTokens() {
        assertEquals(List.of(1, 3), ids(null, ALICE, null, List.of(), 0, 2));
        assertEquals(List.of(5, 7), ids(null, ALICE, null, List.of(), 3, 2));
        assertEquals(List.of(11), ids(null, ALICE, null, List.of(), 9, 2));
    }

    @Test
    void theAtlasListsLiveTokensWithImagesInTokenOrder() {
        TestDatabase.execute(TestDatabase.NAME,
            "INSERT INTO media (sha256, mime_type, width, height, byte_size, thumbnail) VALUES ('m1', 'image/png', 1, 1, 1, ''),"
                + " ('m2', 'image/png', 1, 1, 1, '')",
            "UPDATE token SET media_sha256 = 'm1' WHERE token_id IN (7, 2)",
            "UPDATE token SET media_sha256 = 'm2', burned = (token_id = 9) WHERE token_id IN (9, 3)");
        assertEquals(List.of("2:m1", "3:m2", "7:m1"), tokens.images(1).stream().map(t -> t.tokenId() + ":" + t.mediaSha256()).toList());
    }
}
