package io.tokenatlas.chain;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Applies a window of Transfer logs to the token rows and advances the collection's cursor,
 * in one transaction: the cursor never covers a log that is not applied.
 */
@ApplicationScoped
public class TransferLedgerRepository {
    private static final String INSERT_LOG = """
            INSERT INTO transfer_log (collection_id, block_number, log_index, block_hash, tx_hash, token_id,
                                      from_address, to_address)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """;
    // A transfer of a token never seen (minted before the start block) discovers it too.
    private static final String UPSERT_TOKEN = """
            INSERT INTO token (collection_id, token_id, owner, minted_block, burned, state)
            VALUES (?, ?, ?, ?, ?, 'DISCOVERED')
            ON CONFLICT (collection_id, token_id)
            DO UPDATE SET owner = excluded.owner, burned = excluded.burned, updated_at = now()
            """;
    private static final String INSERT_BLOCK = """
            INSERT INTO chain_block (collection_id, number, hash, parent_hash) VALUES (?, ?, ?, ?)
            ON CONFLICT (collection_id, number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash
            """;
    private static final String ADVANCE_CURSOR = """
            UPDATE collection
               SET cursor_block = ?, cursor_hash = ?, head_block = ?, status = ?, error = NULL, updated_at = now()
             WHERE id = ? AND cursor_block = ?
            """;

    private final AgroalDataSource dataSource;

    public TransferLedgerRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Applies {@code logs} (all inside (previousCursor, end.number], in chain order) and moves the
     * cursor from {@code previousCursor} to {@code end}. Returns false, changing nothing, when the
     * cursor had already moved (another follower got there first).
     */
    @Transactional
    public boolean apply(long collectionId, long previousCursor, List<TransferLog> logs, BlockHeader end, long head,
            CollectionStatus status) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(ADVANCE_CURSOR)) {
                ps.setLong(1, end.number());
                ps.setString(2, end.hash());
                ps.setLong(3, head);
                ps.setString(4, status.name());
                ps.setLong(5, collectionId);
                ps.setLong(6, previousCursor);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement insertLog = c.prepareStatement(INSERT_LOG);
                 PreparedStatement upsertToken = c.prepareStatement(UPSERT_TOKEN)) {
                for (TransferLog log : logs) {
                    BigDecimal tokenId = new BigDecimal(log.tokenId());
                    insertLog.setLong(1, collectionId);
                    insertLog.setLong(2, log.blockNumber());
                    insertLog.setInt(3, log.logIndex());
                    insertLog.setString(4, log.blockHash());
                    insertLog.setString(5, log.txHash());
                    insertLog.setBigDecimal(6, tokenId);
                    insertLog.setString(7, log.from());
                    insertLog.setString(8, log.to());
                    insertLog.addBatch();
                    // Batched in log order, so the last transfer of a token sets its owner.
                    upsertToken.setLong(1, collectionId);
                    upsertToken.setBigDecimal(2, tokenId);
                    upsertToken.setString(3, log.isBurn() ? null : log.to());
                    upsertToken.setLong(4, log.blockNumber());
                    upsertToken.setBoolean(5, log.isBurn());
                    upsertToken.addBatch();
                }
                insertLog.executeBatch();
                upsertToken.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_BLOCK)) {
                ps.setLong(1, collectionId);
                ps.setLong(2, end.number());
                ps.setString(3, end.hash());
                ps.setString(4, end.parentHash());
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("applying " + logs.size() + " Transfer logs up to block " + end.number()
                    + " of collection " + collectionId + " failed: " + e.getMessage(), e);
        }
    }

    /** Records the head without moving the cursor (nothing new was confirmed). */
    @Transactional
    public void recordHead(long collectionId, long head, CollectionStatus status) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE collection SET head_block = ?, status = ?, error = NULL, updated_at = now() WHERE id = ? AND status <> 'PAUSED'")) {
            ps.setLong(1, head);
            ps.setString(2, status.name());
            ps.setLong(3, collectionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording head " + head + " of collection " + collectionId + " failed", e);
        }
    }
}
