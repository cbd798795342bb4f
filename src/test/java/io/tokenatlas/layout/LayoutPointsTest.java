package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import io.tokenatlas.testkit.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Placing new tokens against pruning on the real PostgreSQL. */
@QuarkusTest
class LayoutPointsTest {
    @Inject
    LayoutPoints layouts;

    @Inject
    AgroalDataSource dataSource;

    int modelId;

    Sql db;

    @BeforeEach
    void collection() throws SQLException {
        db = new Sql(dataSource);
        db.oneCollection(3, "EMBEDDED");
        db.run("INSERT INTO model (name, sha256, dimension) VALUES ('layout-test', 'x', 4) ON CONFLICT DO NOTHING");
        modelId = Integer.parseInt(db.row("SELECT id FROM model WHERE name = 'layout-test'"));
        db.run("""
            INSERT INTO layout_version (collection_id, version, model_id, token_count, grid_cols, grid_rows, params, inputs_read_at)
            VALUES (1, 1, %d, 2, 2, 2, '{}', now()), (1, 2, %d, 2, 2, 2, '{}', now())""".formatted(modelId, modelId));
    }

    @Test
    void placingIntoAVersionThatPruningRemovedPlacesNothingAndFailsNothing() throws SQLException {
        LayoutVersion stale = version(1);
        db.run("DELETE FROM layout_version WHERE version = 1");
        int added = layouts.addProvisional(stale, List.of(BigInteger.valueOf(3)), List.of(new Placement.Placed(0.5, 0.5, 0, 3)));
        assertEquals(0, added, "no foreign-key failure, and the token waits for the current version");
        assertEquals(1, layouts.addProvisional(version(2), List.of(BigInteger.valueOf(3)),
                List.of(new Placement.Placed(0.5, 0.5, 0, 3))), "placed on the version that exists");
        assertEquals("1", db.row("SELECT count(*) FROM layout_point WHERE token_id = 3"));
    }

    private LayoutVersion version(int version) throws SQLException {
        long id = Long.parseLong(db.row("SELECT id FROM layout_version WHERE version = " + version));
        return new LayoutVersion(id, 1, version, modelId, "layout-test", 2, new Grid(2, 2), "{}", 0, Instant.now(), Instant.now());
    }


}
