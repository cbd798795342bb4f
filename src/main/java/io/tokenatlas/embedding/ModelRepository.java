package io.tokenatlas.embedding;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Embedding models by identity, each with its own HNSW index over its vectors. */
@ApplicationScoped
public class ModelRepository {
    private static final String UPSERT = """
            INSERT INTO model (name, sha256, dimension) VALUES (?, ?, ?)
            ON CONFLICT (name, sha256) DO UPDATE SET dimension = excluded.dimension
            RETURNING id, dimension
            """;

    private final AgroalDataSource dataSource;

    public ModelRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Registers the model (or finds it) and makes sure its HNSW cosine index exists. */
    public ModelIdentity register(String name, String sha256, int dimension) {
        try (Connection c = dataSource.getConnection()) {
            int id;
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, name);
                ps.setString(2, sha256);
                ps.setInt(3, dimension);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getInt(1);
                }
            }
            try (Statement st = c.createStatement()) {
                // A partial expression index per model: the column has no fixed dimension, the cast gives it one.
                st.execute("CREATE INDEX IF NOT EXISTS embedding_hnsw_model_" + id + " ON embedding USING hnsw (("
                        + vectorExpression("vector", dimension) + ") vector_cosine_ops) WHERE model_id = " + id);
            }
            return new ModelIdentity(id, name, sha256, dimension);
        } catch (SQLException e) {
            throw new IllegalStateException("registering model " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** The expression a query must order by for the planner to use the model's index. */
    public static String vectorExpression(String column, int dimension) {
        return column + "::vector(" + dimension + ")";
    }
}
