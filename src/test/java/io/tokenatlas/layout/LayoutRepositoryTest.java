package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Placing new tokens against pruning on the real PostgreSQL. */
@QuarkusTest
class LayoutRepositoryTest {
    @Inject
    LayoutRepository layouts;

    @Inject
    AgroalDataSource dataSource;

    int modelId;

    @BeforeEach
    void collection() throws SQLException {
        sql("TRUNCATE collection, media RESTART IDENTITY CASCADE");
        sql("""
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status)
            VALUES (31337, '0x00000000000000000000000000000000000000aa', 1, 'given', 10, 'FOLLOWING')""");
        sql("INSERT INTO model (name, sha256, dimension) VALUES ('layout-test', 'x', 4) ON CONFLICT DO NOTHING");
        modelId = Integer.parseInt(row("SELECT id FROM model WHERE name = 'layout-test'"));
        sql("""
            INSERT INTO token (collection_id, token_id, owner, minted_block, state)
            SELECT 1, g, '0x00000000000000000000000000000000000000bb', 2, 'EMBEDDED' FROM generate_series(1, 3) g""");
        sql("""
            INSERT INTO layout_version (collection_id, version, model_id, token_count, grid_cols, grid_rows, params, inputs_read_at)
            VALUES (1, 1, %d, 2, 2, 2, '{}', now()), (1, 2, %d, 2, 2, 2, '{}', now())""".formatted(modelId, modelId));
    }

    @Test
    void placingIntoAVersionThatPruningRemovedPlacesNothingAndFailsNothing() throws SQLException {
        LayoutVersion stale = version(1);
        sql("DELETE FROM layout_version WHERE version = 1");
        int added = layouts.addProvisional(stale, List.of(BigInteger.valueOf(3)), List.of(new Placement.Placed(0.5, 0.5, 0, 3)));
        assertEquals(0, added, "no foreign-key failure, and the token waits for the current version");
        assertEquals(1, layouts.addProvisional(version(2), List.of(BigInteger.valueOf(3)),
                List.of(new Placement.Placed(0.5, 0.5, 0, 3))), "placed on the version that exists");
        assertEquals("1", row("SELECT count(*) FROM layout_point WHERE token_id = 3"));
    }

    private LayoutVersion version(int version) throws SQLException {
        long id = Long.parseLong(row("SELECT id FROM layout_version WHERE version = " + version));
        return new LayoutVersion(id, 1, version, modelId, "layout-test", 2, new Grid(2, 2), "{}", 0, Instant.now(), Instant.now());
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String row(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
