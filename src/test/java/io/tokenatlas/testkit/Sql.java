package io.tokenatlas.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** SQL for the repository tests (@QuarkusTest) on the daemon's own data source. */
public final class Sql {
    private final DataSource dataSource;

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void run(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first row of a query, its columns joined by '|' (booleans as true/false, NULL as null). */
    public String row(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            StringBuilder out = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                int type = rs.getMetaData().getColumnType(i);
                boolean bool = type == java.sql.Types.BIT || type == java.sql.Types.BOOLEAN;
                out.append(i > 1 ? "|" : "").append(bool ? String.valueOf(rs.getBoolean(i)) : rs.getString(i));
            }
            return out.toString();
        }
    }

    /** Empties the tables and registers collection 1 (chain 31337) with {@code tokens} tokens in {@code state}. */
    public void oneCollection(int tokens, String state) throws SQLException {
        run("TRUNCATE collection, media RESTART IDENTITY CASCADE");
        run("""
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status)
            VALUES (31337, '0x00000000000000000000000000000000000000aa', 1, 'given', 10, 'FOLLOWING')""");
        run("INSERT INTO token (collection_id, token_id, owner, minted_block, state) SELECT 1, g,"
                + " '0x00000000000000000000000000000000000000bb', 2, '" + state + "' FROM generate_series(1, " + tokens + ") g");
    }
}
