package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.testkit.TestDatabase;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pausing, resuming and deleting collections against the real PostgreSQL. */
@QuarkusTest
class CollectionRepositoryTest {
    @Inject
    CollectionRepository collections;

    @BeforeEach
    void twoCollectionsSharingAnImage() {
        TestDatabase.reset(TestDatabase.NAME);
        TestDatabase.execute(TestDatabase.NAME, """
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status) VALUES
              (31337, '0x00000000000000000000000000000000000000aa', 1, 'given', 10, 'FOLLOWING'),
              (31337, '0x00000000000000000000000000000000000000bb', 1, 'given', 10, 'FOLLOWING')""",
            "INSERT INTO media (sha256, mime_type, width, height, byte_size, thumbnail) VALUES"
                + " ('shared', 'image/png', 1, 1, 1, ''), ('own', 'image/png', 1, 1, 1, '')",
            "INSERT INTO token (collection_id, token_id, minted_block, state, media_sha256) VALUES"
                + " (1, 1, 2, 'EMBEDDED', 'shared'), (1, 2, 2, 'EMBEDDED', 'own'), (2, 1, 2, 'EMBEDDED', 'shared')",
            "INSERT INTO token_trait (collection_id, token_id, ordinal, value) VALUES (1, 1, 0, 'x')",
            "INSERT INTO model (name, sha256, dimension) VALUES ('delete-test', 's', 2) ON CONFLICT DO NOTHING",
            "INSERT INTO embedding (collection_id, token_id, model_id, vector) SELECT 1, 1, id, '[1,0]' FROM model"
                + " WHERE name = 'delete-test'",
            "INSERT INTO layout_version (collection_id, version, model_id, token_count, grid_cols, grid_rows, params, inputs_read_at)"
                + " SELECT 1, 1, id, 2, 2, 1, '{}', now() FROM model WHERE name = 'delete-test'");
    }

    @Test
    void pauseAndResumeAreIdempotentAndResumeBackfillsFromTheCursor() {
        assertTrue(collections.setPaused(1, true));
        assertTrue(collections.setPaused(1, true));
        assertEquals(CollectionStatus.PAUSED, collections.byId(1).orElseThrow().status());
        assertEquals(List.of(2L), collections.followed().stream().map(Collection::id).toList());
        assertTrue(collections.setPaused(1, false));
        assertEquals(CollectionStatus.BACKFILLING, collections.byId(1).orElseThrow().status());
        assertTrue(collections.setPaused(2, false), "resuming a collection that is not paused changes nothing");
        assertEquals(CollectionStatus.FOLLOWING, collections.byId(2).orElseThrow().status());
        assertFalse(collections.setPaused(99, true));
    }

    @Test
    void deletingRemovesTokensVectorsLayoutsAndImagesNoOtherCollectionUses() {
        assertTrue(collections.delete(1));
        assertFalse(collections.delete(1));
        assertEquals(List.of(List.of("0", "0", "0", "0", "1")), TestDatabase.query(TestDatabase.NAME, """
                SELECT (SELECT count(*) FROM token WHERE collection_id = 1), (SELECT count(*) FROM embedding),
                       (SELECT count(*) FROM token_trait), (SELECT count(*) FROM layout_version),
                       (SELECT count(*) FROM token WHERE collection_id = 2)"""));
        assertEquals(List.of(List.of("shared")), TestDatabase.query(TestDatabase.NAME, "SELECT sha256 FROM media"));
    }
}
