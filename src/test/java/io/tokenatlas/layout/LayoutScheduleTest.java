package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.testkit.Sql;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A collection whose map was made before it had enough tokens for an adapted descriptor gets its
 * first fit once it has them, although the map itself is not due again (the few tokens that
 * followed are placed on it): otherwise a small collection would answer by its stored vectors
 * until the hourly recompute, or for ever if nothing changes by then.
 */
@QuarkusTest
class LayoutScheduleTest {
    @Inject
    LayoutSchedule schedule;

    @Inject
    EmbeddingModel model;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theFirstFitComesWhenTheCollectionReachesTheMinimumNotAtTheNextRecompute() throws SQLException {
        Sql db = new Sql(dataSource);
        db.oneCollection(120, "EMBEDDED");
        embed(db, 1, 80);
        assertTrue(schedule.checkOne(1), "the first map, of 80 tokens");
        assertEquals("80|0", db.row("SELECT (SELECT token_count FROM layout_version),"
                + " (SELECT count(*) FROM adapted_vector)"), "no descriptor below 100 tokens");

        embed(db, 81, 120);
        assertFalse(schedule.checkOne(1), "40 new tokens on a map of 80: not enough for a recompute");
        assertEquals("1|120|1", db.row("SELECT (SELECT count(*) FROM layout_version), (SELECT count(*) FROM adapted_vector),"
                + " (SELECT count(DISTINCT version) FROM adapted_vector)"), "one map, and every token's adapted vector");
        assertFalse(schedule.checkOne(1), "nothing due");
        assertEquals("1", db.row("SELECT max(version) FROM adapted_vector"), "the fit is not repeated");
    }

    /** Stored vectors of the serving model for tokens first..last, distinct and deterministic. */
    private void embed(Sql db, int first, int last) throws SQLException {
        int dimension = model.identity().dimension();
        db.run("INSERT INTO embedding (collection_id, token_id, model_id, vector) SELECT 1, g, " + model.identity().id()
                + ", (SELECT array_agg(sin(g * 7.3 + d * (1 + g % 5)))::vector FROM generate_series(1, " + dimension
                + ") d) FROM generate_series(" + first + ", " + last + ") g");
    }
}
