package io.tokenatlas.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL on the database a test daemon uses, to reset it and to check what the daemon wrote. */
public final class TestDatabase {
    /** atlas_test, or another database named by TOKEN_ATLAS_TEST_DB (to run tests beside a suite using atlas_test). */
    public static final String NAME = System.getProperty("atlas.test.db",
            System.getenv().getOrDefault("TOKEN_ATLAS_TEST_DB", "atlas_test"));
    private static final String USER = "atlas";
    private static final String PASSWORD = "atlas";

    private TestDatabase() {}

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, USER, PASSWORD);
    }

    /** Removes every collection and what hangs off it (tokens, vectors, logs, media). Keeps the schema. */
    public static void reset(String database) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            ResultSet exists = st.executeQuery("SELECT to_regclass('public.collection') IS NOT NULL");
            exists.next();
            if (exists.getBoolean(1)) {
                st.execute("TRUNCATE collection, media RESTART IDENTITY CASCADE");
                // Collection ids start again at 1: their adapted-vector partitions start again too.
                st.execute("""
                        DO $$
                        DECLARE p text;
                        BEGIN
                            FOR p IN SELECT inhrelid::regclass::text FROM pg_inherits
                                      WHERE inhparent = to_regclass('adapted_vector') LOOP
                                EXECUTE 'DROP TABLE ' || p;
                            END LOOP;
                        END
                        $$""");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("resetting database " + database + " failed: " + e.getMessage()
                    + " (run scripts/setup)", e);
        }
    }

    /** Runs statements in order, each committed. */
    public static void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("a statement failed: " + e.getMessage(), e);
        }
    }

    /** Rows of a query as lists of strings. */
    public static List<List<String>> query(String database, String sql) {
        try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
        }
    }
}
