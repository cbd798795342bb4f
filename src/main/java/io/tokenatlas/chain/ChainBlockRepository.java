package io.tokenatlas.chain;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hashes of the blocks a collection's windows ended on, kept {@value #KEPT_BLOCKS} blocks
 * behind the cursor: what the follower compares with the chain to find a reorg's common ancestor.
 * Written in the ledger's transaction (the static methods take its connection).
 */
@ApplicationScoped
public class ChainBlockRepository {
    /** How many blocks of hashes are kept behind the cursor for finding a common ancestor. */
    static final long KEPT_BLOCKS = 4096;

    private static final String INSERT_BLOCK = """
            INSERT INTO chain_block (collection_id, number, hash, parent_hash) VALUES (?, ?, ?, ?)
            ON CONFLICT (collection_id, number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash
            """;
    private static final String PRUNE_BLOCKS = "DELETE FROM chain_block WHERE collection_id = ? AND number < ?";
    private static final String ORPHAN_BLOCKS = "DELETE FROM chain_block WHERE collection_id = ? AND number > ?";
    private static final String KEPT_HASHES = """
            SELECT number, hash, parent_hash FROM chain_block WHERE collection_id = ? AND number <= ?
             ORDER BY number DESC LIMIT ?
            """;

    private final AgroalDataSource dataSource;

    public ChainBlockRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Keeps the hash of a window's last block and forgets those too far behind it. */
    static void keep(Connection c, long collectionId, BlockHeader end) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_BLOCK)) {
            ps.setLong(1, collectionId);
            ps.setLong(2, end.number());
            ps.setString(3, end.hash());
            ps.setString(4, end.parentHash());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(PRUNE_BLOCKS)) {
            ps.setLong(1, collectionId);
            ps.setLong(2, end.number() - KEPT_BLOCKS);
            ps.executeUpdate();
        }
    }

    /** Forgets the blocks above a reorg's common ancestor. */
    static void orphan(Connection c, long collectionId, long ancestor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ORPHAN_BLOCKS)) {
            ps.setLong(1, collectionId);
            ps.setLong(2, ancestor);
            ps.executeUpdate();
        }
    }

    /** The kept block hashes at or below {@code number}, newest first, for the ancestor search. */
    public List<BlockHeader> keptBlocks(long collectionId, long number, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(KEPT_HASHES)) {
            ps.setLong(1, collectionId);
            ps.setLong(2, number);
            ps.setInt(3, limit);
            List<BlockHeader> blocks = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blocks.add(new BlockHeader(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return blocks;
        } catch (SQLException e) {
            throw new IllegalStateException("reading kept blocks of collection " + collectionId + " failed", e);
        }
    }
}
