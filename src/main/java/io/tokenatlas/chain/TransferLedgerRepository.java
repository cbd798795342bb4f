package io.tokenatlas.chain;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.token.NewTokens;
import io.tokenatlas.token.RefreshRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a window of a collection's logs and moves its cursor in one transaction: the cursor
 * never covers a log that is not applied. After a reorg the orphaned blocks' logs are removed in
 * the same transaction, and every token they touched is recomputed from the logs that remain: a
 * token minted only on the orphaned branch disappears (with its vector), owners and burns follow
 * the canonical chain, and a token that exists on both branches keeps its metadata and vector.
 */
@ApplicationScoped
public class TransferLedgerRepository {
    private static final String ADVANCE_CURSOR = """
            UPDATE collection
               SET cursor_block = ?, cursor_hash = ?, head_block = ?, error = NULL, updated_at = now(),
                   status = CASE WHEN status = 'PAUSED' THEN status ELSE ? END
             WHERE id = ? AND cursor_block = ?
            """;
    private static final String ORPHAN_LOGS =
            "DELETE FROM transfer_log WHERE collection_id = ? AND block_number > ? RETURNING token_id";
    // One statement per window: the logs arrive as arrays and are unnested on the server.
    private static final String INSERT_LOGS = """
            INSERT INTO transfer_log (collection_id, block_number, log_index, block_hash, tx_hash, token_id,
                                      from_address, to_address, batch_index, amount)
            SELECT ?, l.block_number, l.log_index, l.block_hash, l.tx_hash, l.token_id, l.from_address, l.to_address,
                   l.batch_index, l.amount
              FROM unnest(?::bigint[], ?::integer[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::text[],
                          ?::integer[], ?::numeric[])
                   AS l(block_number, log_index, block_hash, tx_hash, token_id, from_address, to_address,
                        batch_index, amount)
            ON CONFLICT DO NOTHING
            """;
    private static final String RECOMPUTE = """
            UPDATE token t
               SET owner = CASE WHEN s.to_address = '%1$s' THEN NULL ELSE s.to_address END,
                   burned = s.to_address = '%1$s', minted_block = s.first_block, updated_at = now()
              FROM (SELECT DISTINCT ON (token_id) token_id, to_address,
                           min(block_number) OVER (PARTITION BY token_id) AS first_block
                      FROM transfer_log WHERE collection_id = ? AND token_id = ANY (?)
                     ORDER BY token_id, block_number DESC, log_index DESC) s
             WHERE t.collection_id = ? AND t.token_id = s.token_id
            """.formatted(TransferLog.ZERO_ADDRESS);
    private static final String FORGET = """
            DELETE FROM token t
             WHERE t.collection_id = ? AND t.token_id = ANY (?)
               AND NOT EXISTS (SELECT 1 FROM transfer_log l
                                WHERE l.collection_id = t.collection_id AND l.token_id = t.token_id)
            """;
    private final AgroalDataSource dataSource;
    private final ChainBlockRepository blocks;
    private final java.time.Duration refreshInterval;

    public TransferLedgerRepository(AgroalDataSource dataSource, ChainBlockRepository blocks,
            io.tokenatlas.config.WorkerConfig worker) {
        this.blocks = blocks;
        this.refreshInterval = worker.refreshInterval();
        this.dataSource = dataSource;
    }

    /** What one window changes. */
    public record Window(long expectedCursor, Long rewindTo, List<ChainLog> logs, BlockHeader end, long head,
            CollectionStatus status, boolean multiToken) {}

    /**
     * Applies the window. Returns false, changing nothing, when the cursor is no longer at
     * {@code expectedCursor} (another follower got there first).
     */
    @Transactional
    public boolean apply(long collectionId, Window window) {
        try (Connection c = dataSource.getConnection()) {
            if (!advance(c, collectionId, window)) {
                return false;
            }
            Set<BigDecimal> orphaned = window.rewindTo() == null ? Set.of() : rewind(c, collectionId, window.rewindTo());
            Inserted inserted = insertTransfers(c, collectionId, window.logs(), window.multiToken());
            // Tokens known before this window: their owner, burn and mint block follow from all their logs.
            // An ERC-1155 id's supply and balances always do (a window may hold only part of its history).
            Set<BigDecimal> recompute = new LinkedHashSet<>(orphaned);
            recompute.addAll(inserted.touched());
            if (!window.multiToken()) {
                recompute.removeAll(inserted.discovered());
            }
            if (!recompute.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(window.multiToken() ? MultiTokenLedger.RECOMPUTE_SUPPLY
                        : RECOMPUTE)) {
                    ps.setLong(1, collectionId);
                    ps.setArray(2, c.createArrayOf("numeric", recompute.toArray()));
                    ps.setLong(3, collectionId);
                    ps.executeUpdate();
                }
            }
            if (!orphaned.isEmpty()) {
                java.sql.Array ids = c.createArrayOf("numeric", orphaned.toArray());
                try (PreparedStatement ps = c.prepareStatement(FORGET)) {
                    ps.setLong(1, collectionId);
                    ps.setArray(2, ids);
                    ps.executeUpdate();
                }
                // A token that survives a reorg may have been minted anew with another tokenURI.
                RefreshRepository.refresh(c, collectionId, ids);
            }
            if (window.multiToken() && !recompute.isEmpty()) {
                MultiTokenLedger.recomputeBalances(c, collectionId, c.createArrayOf("numeric", recompute.toArray()));
            }
            refreshUpdated(c, collectionId, window.logs(), inserted.discovered());
            if (window.logs().stream().anyMatch(ContractUriUpdate.class::isInstance)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE collection SET contract_metadata_due = true WHERE id = ?")) {
                    ps.setLong(1, collectionId);
                    ps.executeUpdate();
                }
            }
            ChainBlockRepository.keep(c, collectionId, window.end());
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("applying " + window.logs().size() + " logs up to block "
                    + window.end().number() + " of collection " + collectionId + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean advance(Connection c, long collectionId, Window window) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ADVANCE_CURSOR)) {
            ps.setLong(1, window.end().number());
            ps.setString(2, window.end().hash());
            ps.setLong(3, window.head());
            ps.setString(4, window.status().name());
            ps.setLong(5, collectionId);
            ps.setLong(6, window.expectedCursor());
            return ps.executeUpdate() == 1;
        }
    }

    private static Set<BigDecimal> rewind(Connection c, long collectionId, long ancestor) throws SQLException {
        Set<BigDecimal> orphaned = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(ORPHAN_LOGS)) {
            ps.setLong(1, collectionId);
            ps.setLong(2, ancestor);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orphaned.add(rs.getBigDecimal(1));
                }
            }
        }
        ChainBlockRepository.orphan(c, collectionId, ancestor);
        return orphaned;
    }

    /** What inserting a window's transfers touched, and which tokens it discovered. */
    private record Inserted(Set<BigDecimal> touched, Set<BigDecimal> discovered) {}

    private static Inserted insertTransfers(Connection c, long collectionId, List<ChainLog> logs, boolean multiToken)
            throws SQLException {
        List<TransferLog> transfers = logs.stream().filter(TransferLog.class::isInstance).map(TransferLog.class::cast)
                .toList();
        Set<BigDecimal> touched = new LinkedHashSet<>();
        if (transfers.isEmpty()) {
            return new Inserted(touched, Set.of());
        }
        int n = transfers.size();
        Long[] blocks = new Long[n];
        Integer[] indexes = new Integer[n];
        String[] blockHashes = new String[n];
        String[] txHashes = new String[n];
        BigDecimal[] tokenIds = new BigDecimal[n];
        String[] froms = new String[n];
        String[] tos = new String[n];
        Integer[] batchIndexes = new Integer[n];
        BigDecimal[] amounts = new BigDecimal[n];
        java.util.Map<BigDecimal, TransferLog> first = new java.util.LinkedHashMap<>();
        java.util.Map<BigDecimal, TransferLog> last = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            TransferLog log = transfers.get(i);
            blocks[i] = log.blockNumber();
            indexes[i] = log.logIndex();
            blockHashes[i] = log.blockHash();
            txHashes[i] = log.txHash();
            tokenIds[i] = new BigDecimal(log.tokenId());
            froms[i] = log.from();
            tos[i] = log.to();
            batchIndexes[i] = log.batchIndex();
            amounts[i] = new BigDecimal(log.amount());
            touched.add(tokenIds[i]);
            first.putIfAbsent(tokenIds[i], log);
            last.put(tokenIds[i], log);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_LOGS)) {
            ps.setLong(1, collectionId);
            ps.setArray(2, c.createArrayOf("bigint", blocks));
            ps.setArray(3, c.createArrayOf("integer", indexes));
            ps.setArray(4, c.createArrayOf("text", blockHashes));
            ps.setArray(5, c.createArrayOf("text", txHashes));
            ps.setArray(6, c.createArrayOf("numeric", tokenIds));
            ps.setArray(7, c.createArrayOf("text", froms));
            ps.setArray(8, c.createArrayOf("text", tos));
            ps.setArray(9, c.createArrayOf("integer", batchIndexes));
            ps.setArray(10, c.createArrayOf("numeric", amounts));
            ps.executeUpdate();
        }
        List<NewTokens.Seen> seen = new java.util.ArrayList<>(first.size());
        // A discovered token's whole history is in this window, so its owner is the window's last word.
        first.forEach((id, log) -> {
            TransferLog end = last.get(id);
            // An ERC-1155 id has balances, not an owner; its supply is recomputed from its logs.
            seen.add(multiToken ? new NewTokens.Seen(id, log.blockNumber(), null, false)
                    : new NewTokens.Seen(id, log.blockNumber(), end.isBurn() ? null : end.to(), end.isBurn()));
        });
        Set<BigDecimal> discovered = NewTokens.discover(c, collectionId, seen);
        return new Inserted(touched, discovered);
    }

    /**
     * ERC-4906 updates ask for known tokens to go back through the pipeline (debounced, see
     * {@link RefreshRepository#requestRefresh}); tokens this window discovered are on their
     * way anyway (OpenZeppelin emits MetadataUpdate with every URI set at mint).
     */
    private void refreshUpdated(Connection c, long collectionId, List<ChainLog> logs, Set<BigDecimal> discovered)
            throws SQLException {
        Set<BigDecimal> single = new LinkedHashSet<>();
        for (ChainLog log : logs) {
            if (log instanceof MetadataUpdate update) {
                if (update.fromTokenId().equals(update.toTokenId())) {
                    BigDecimal id = new BigDecimal(update.fromTokenId());
                    if (!discovered.contains(id)) {
                        single.add(id);
                    }
                } else {
                    RefreshRepository.requestRefresh(c, collectionId, update.fromTokenId(), update.toTokenId(),
                            refreshInterval);
                }
            }
        }
        if (!single.isEmpty()) {
            RefreshRepository.requestRefresh(c, collectionId, c.createArrayOf("numeric", single.toArray()),
                    refreshInterval);
        }
    }

    /** The kept block hashes at or below {@code number}, newest first (see {@link ChainBlockRepository}). */
    public List<BlockHeader> keptBlocks(long collectionId, long number, int limit) {
        return blocks.keptBlocks(collectionId, number, limit);
    }

    /** Ids of the tokens that exist (minted, not burned) by the applied logs. */
    public Set<java.math.BigInteger> liveTokens(long collectionId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT token_id FROM token WHERE collection_id = ? AND NOT burned")) {
            ps.setLong(1, collectionId);
            Set<java.math.BigInteger> ids = new java.util.TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getBigDecimal(1).toBigIntegerExact());
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the tokens of collection " + collectionId + " failed", e);
        }
    }

    /** Records the head without moving the cursor (nothing new was confirmed). */
    @Transactional
    public void recordHead(long collectionId, long head, CollectionStatus status) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     UPDATE collection SET head_block = ?, error = NULL, updated_at = now(),
                            status = CASE WHEN status = 'PAUSED' THEN status ELSE ? END
                      WHERE id = ?""")) {
            ps.setLong(1, head);
            ps.setString(2, status.name());
            ps.setLong(3, collectionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording head " + head + " of collection " + collectionId + " failed", e);
        }
    }
}
