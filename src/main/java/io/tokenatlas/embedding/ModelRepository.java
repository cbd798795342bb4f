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

    private static final String SERVING = """
            SELECT m.id, m.name, m.sha256, m.dimension FROM collection c JOIN model m ON m.id = c.serving_model_id
             WHERE c.id = ?
            """;
    static final int MAX_INDEXED_DIMENSION = 4000;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ModelRepository.class);

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
            if (dimension <= MAX_INDEXED_DIMENSION) {
                try (Statement st = c.createStatement()) {
                    // A partial expression index per model: the column has no fixed dimension, the cast gives it one.
                    st.execute("CREATE INDEX IF NOT EXISTS embedding_hnsw_model_" + id + " ON embedding USING hnsw (("
                            + vectorExpression("vector", dimension) + ") " + indexType(dimension)
                            + "_cosine_ops) WHERE model_id = " + id);
                }
            } else {
                LOG.warnf("model %s has %d dimensions, more than HNSW indexes (%d): its queries scan every vector",
                        name, dimension, MAX_INDEXED_DIMENSION);
            }
            return new ModelIdentity(id, name, sha256, dimension);
        } catch (SQLException e) {
            throw new IllegalStateException("registering model " + name + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The expression a query must order by for the planner to use the model's index: pgvector's
     * HNSW takes vector up to 2000 dimensions and halfvec (16-bit floats) up to 4000.
     */
    public static String vectorExpression(String column, int dimension) {
        return column + "::" + indexType(dimension) + "(" + dimension + ")";
    }

    /** The type a model's vectors are indexed and compared as. */
    public static String indexType(int dimension) {
        return dimension <= 2000 || dimension > MAX_INDEXED_DIMENSION ? "vector" : "halfvec";
    }

    /** The model serving a collection's queries ({@code current} when none was chosen yet). */
    public ModelIdentity serving(long collectionId, ModelIdentity current) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SERVING)) {
            ps.setLong(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new ModelIdentity(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4)) : current;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the model of collection " + collectionId + " failed", e);
        }
    }
}
