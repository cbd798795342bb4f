package io.tokenatlas.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The ERC-1155 side of the transfer ledger, within its window transaction: each id's supply (what
 * was minted less what was burned; burned at zero) and each owner's balance, recomputed from the
 * id's transfer logs whenever a window or a reorg touches it.
 */
public final class MultiTokenLedger {
    private MultiTokenLedger() {}

    /**
     * Every change to an owner's balance of a token, as rows (token_id, owner, delta): what the
     * transfer logs of a collection matching {@code condition} sent to it, and minus what they sent
     * from it (the zero address, mints and burns, left out). Its parameters: the collection and
     * the condition's, twice (once a branch). A balance is the sum of its deltas; an ERC-721
     * token's owner holds 1 and earlier owners 0.
     */
    public static String balanceDeltas(String condition) {
        return """
                SELECT token_id, to_address AS owner, amount AS delta FROM transfer_log
                 WHERE collection_id = ? AND %1$s AND to_address <> '%2$s'
                UNION ALL
                SELECT token_id, from_address, -amount FROM transfer_log
                 WHERE collection_id = ? AND %1$s AND from_address <> '%2$s'""".formatted(condition, TransferLog.ZERO_ADDRESS);
    }

    // ERC-1155: an id's supply is what was minted less what was burned; it is burned at zero.
    static final String RECOMPUTE_SUPPLY = """
            UPDATE token t
               SET owner = NULL, supply = s.supply, burned = s.supply <= 0, minted_block = s.first_block,
                   updated_at = now()
              FROM (SELECT token_id, min(block_number) AS first_block,
                           sum(CASE WHEN from_address = '%1$s' THEN amount ELSE 0 END)
                           - sum(CASE WHEN to_address = '%1$s' THEN amount ELSE 0 END) AS supply
                      FROM transfer_log WHERE collection_id = ? AND token_id = ANY (?)
                     GROUP BY token_id) s
             WHERE t.collection_id = ? AND t.token_id = s.token_id
            """.formatted(TransferLog.ZERO_ADDRESS);
    private static final String CLEAR_BALANCES = "DELETE FROM token_balance WHERE collection_id = ? AND token_id = ANY (?)";
    private static final String RECOMPUTE_BALANCES = """
            INSERT INTO token_balance (collection_id, token_id, owner, balance)
            SELECT ?, d.token_id, d.owner, sum(d.delta)
              FROM (%s) d
             WHERE EXISTS (SELECT 1 FROM token t WHERE t.collection_id = ? AND t.token_id = d.token_id)
             GROUP BY d.token_id, d.owner
            HAVING sum(d.delta) > 0
            """.formatted(balanceDeltas("token_id = ANY (?)"));

    /** Rewrites the balances of the given ids (those whose token rows still exist) from their logs. */
    static void recomputeBalances(Connection c, long collectionId, java.sql.Array ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLEAR_BALANCES)) {
            ps.setLong(1, collectionId);
            ps.setArray(2, ids);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(RECOMPUTE_BALANCES)) {
            ps.setLong(1, collectionId);
            ps.setLong(2, collectionId);
            ps.setArray(3, ids);
            ps.setLong(4, collectionId);
            ps.setArray(5, ids);
            ps.setLong(6, collectionId);
            ps.executeUpdate();
        }
    }

}
