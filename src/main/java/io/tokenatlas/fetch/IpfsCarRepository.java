package io.tokenatlas.fetch;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The verified blocks of IPFS content (a CAR by CID and path), kept so that a token's provenance
 * can hand them on. Written in the transaction of the token row that names them.
 */
@ApplicationScoped
public class IpfsCarRepository {
    private static final String INSERT = """
            INSERT INTO ipfs_car (entity, car) VALUES (?, ?) ON CONFLICT (entity) DO NOTHING
            """;
    private static final String READ = "SELECT car FROM ipfs_car WHERE entity = ?";

    private final AgroalDataSource dataSource;

    public IpfsCarRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the blocks once per entity and returns the entity to record on the token, or null for none. */
    public static String store(Connection c, VerifiedCar car) throws SQLException {
        if (car == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, car.entity());
            ps.setBytes(2, car.bytes());
            ps.executeUpdate();
        }
        return car.entity();
    }

    /** The stored CAR of an entity. */
    public Optional<byte[]> car(String entity) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setString(1, entity);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the blocks of ipfs://" + entity + " failed: " + e.getMessage(), e);
        }
    }
}
