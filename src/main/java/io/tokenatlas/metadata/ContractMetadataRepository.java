package io.tokenatlas.metadata;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The collections whose ERC-7572 contract-level metadata is due to be read, and what was read. */
@ApplicationScoped
public class ContractMetadataRepository {
    private final AgroalDataSource dataSource;

    public ContractMetadataRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A collection to read: where its contract is. */
    public record Due(long id, long chainId, String address) {}

    public List<Due> due(int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, chain_id, address FROM collection
                 WHERE contract_metadata_due AND status <> 'PAUSED' ORDER BY id LIMIT ?""")) {
            ps.setInt(1, limit);
            List<Due> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading collections due for contract metadata failed: " + e.getMessage(), e);
        }
    }

    /**
     * Records what was read: the URI (null when contractURI() is absent), the JSON (null when none
     * could be read), and why not; {@code due} stays true for a failure worth trying again, which
     * keeps the metadata read before (a permanent failure replaces it).
     */
    public void record(long id, String uri, String json, String error, boolean due) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE collection
                   SET contract_uri = ?, contract_metadata = coalesce(?::jsonb, CASE WHEN ? THEN contract_metadata END),
                       contract_metadata_error = ?, contract_metadata_due = ?
                 WHERE id = ?""")) {
            ps.setString(1, uri);
            ps.setString(2, json);
            ps.setBoolean(3, due); // a failure to retry keeps what was read before
            ps.setString(4, error);
            ps.setBoolean(5, due);
            ps.setLong(6, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording the contract metadata of collection " + id + " failed: "
                    + e.getMessage(), e);
        }
    }
}
