package io.tokenatlas.token;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Puts tokens the chain reveals on the queue: one row per token, in state DISCOVERED, written in
 * the caller's transaction (the follower's window) so a token is queued exactly when its first log
 * is applied.
 */
public final class NewTokens {
    private static final String DISCOVER = """
            INSERT INTO token (collection_id, token_id, minted_block, owner, burned, state)
            SELECT ?, t.token_id, t.block_number, t.owner, t.burned, 'DISCOVERED'
              FROM unnest(?::numeric[], ?::bigint[], ?::text[], ?::boolean[]) AS t(token_id, block_number, owner, burned)
            ON CONFLICT (collection_id, token_id) DO NOTHING
            RETURNING token_id
            """;

    private NewTokens() {}

    /** One token the chain revealed: its first block, and its owner (null once burned) after its last log. */
    public record Seen(BigDecimal tokenId, long firstBlock, String owner, boolean burned) {}

    /** Queues the tokens not known yet; returns the ids of those it added. */
    public static Set<BigDecimal> discover(Connection c, long collectionId, java.util.Collection<Seen> seen)
            throws SQLException {
        Set<BigDecimal> added = new LinkedHashSet<>();
        if (seen.isEmpty()) {
            return added;
        }
        int n = seen.size();
        BigDecimal[] ids = new BigDecimal[n];
        Long[] firstBlocks = new Long[n];
        String[] owners = new String[n];
        Boolean[] burned = new Boolean[n];
        int i = 0;
        for (Seen s : seen) {
            ids[i] = s.tokenId();
            firstBlocks[i] = s.firstBlock();
            owners[i] = s.owner();
            burned[i] = s.burned();
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(DISCOVER)) {
            ps.setLong(1, collectionId);
            ps.setArray(2, c.createArrayOf("numeric", ids));
            ps.setArray(3, c.createArrayOf("bigint", firstBlocks));
            ps.setArray(4, c.createArrayOf("text", owners));
            ps.setArray(5, c.createArrayOf("boolean", burned));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    added.add(rs.getBigDecimal(1));
                }
            }
        }
        return added;
    }
}
