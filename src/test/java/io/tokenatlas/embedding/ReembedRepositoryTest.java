package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.token.ClaimedToken;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The switch to a new model on the real PostgreSQL: claims, coverage, the switch and the clean-up. */
@QuarkusTest
class ReembedRepositoryTest {
    @Inject
    ReembedRepository repository;

    @Inject
    ModelRepository models;

    @Inject
    AgroalDataSource dataSource;

    ModelIdentity old;
    ModelIdentity next;

    @BeforeEach
    void collectionOnTheOldModel() throws SQLException {
        sql("TRUNCATE collection, media RESTART IDENTITY CASCADE");
        old = models.register("old-model", "sha-old", 3);
        next = models.register("new-model", "sha-new", 2);
        sql("""
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status, serving_model_id)
            VALUES (31337, '0x00000000000000000000000000000000000000aa', 1, 'given', 10, 'FOLLOWING', %d)""".formatted(old.id()));
        sql("INSERT INTO token (collection_id, token_id, minted_block, state) SELECT 1, g, 2, 'EMBEDDED'"
                + " FROM generate_series(1, 3) g");
        sql("INSERT INTO embedding (collection_id, token_id, model_id, vector) SELECT 1, g, " + old.id()
                + ", '[1,0,0]' FROM generate_series(1, 3) g");
        sql("INSERT INTO token_tag (collection_id, token_id, model_id, rank, label, score) VALUES (1, 1, " + old.id()
                + ", 1, 'mask', 0.5)");
    }

    @Test
    void theCollectionSwitchesOnlyWhenEveryTokenHasANewVectorAndThenLosesTheOldOnes() throws SQLException {
        List<ClaimedToken> claimed = repository.claim(next.id(), 2, "w1", Duration.ofMinutes(1));
        assertEquals(2, claimed.size());
        assertEquals(1, repository.claim(next.id(), 5, "w2", Duration.ofMinutes(1)).size(), "leased tokens are not handed out twice");
        for (ClaimedToken t : claimed) {
            repository.store(t, "w1", next.id(), new float[] {0, 1}, List.of(new ModelLabels.Tag("cab", 0.4f)));
        }
        assertTrue(repository.switchCovered(next.id()).isEmpty(), "token 3 has no new vector yet");
        assertEquals(old.id(), models.serving(1, next).id());
        assertEquals(2, repository.progress(1, next.id())[0]);
        assertEquals(3, repository.progress(1, next.id())[1]);

        sql("UPDATE token SET lease_until = now() - interval '1 second' WHERE token_id = 3");
        ClaimedToken last = repository.claim(next.id(), 5, "w1", Duration.ofMinutes(1)).getFirst();
        repository.store(last, "w1", next.id(), new float[] {1, 1}, List.of());
        assertEquals(List.of(1L), repository.switchCovered(next.id()));
        assertEquals(next.id(), models.serving(1, old).id());
        assertEquals("0", value("SELECT count(*) FROM embedding WHERE model_id = " + old.id()));
        assertEquals("3", value("SELECT count(*) FROM embedding WHERE model_id = " + next.id()));
        assertEquals("cab,cab", value("SELECT string_agg(label, ',') FROM token_tag"), "only the new model's tags are left");
        assertTrue(repository.claim(next.id(), 5, "w1", Duration.ofMinutes(1)).isEmpty(), "nothing left to do");
    }

    @Test
    void aCollectionWithNothingEmbeddedYetIsServedByTheNewModelAtOnce() throws SQLException {
        sql("UPDATE token SET state = 'DISCOVERED'");
        assertEquals(List.of(1L), repository.switchCovered(next.id()));
    }

    private String value(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
