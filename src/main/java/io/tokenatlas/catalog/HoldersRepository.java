package io.tokenatlas.catalog;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.chain.MultiTokenLedger;
import io.tokenatlas.metadata.TraitFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who held a collection's tokens at a block, from the stored transfer logs: every owner's
 * balance per token is what it received less what it sent up to that block (an ERC-721 token's
 * owner holds 1, an ERC-1155 id's holders their balances), so no node is asked.
 */
@ApplicationScoped
public class HoldersRepository {
    private static final String HOLDERS = """
            WITH deltas AS (%1$s),
            held AS (
                SELECT d.token_id, d.owner, sum(d.delta) AS balance FROM deltas d
                 GROUP BY d.token_id, d.owner HAVING sum(d.delta) > 0)
            SELECT h.owner, count(*) AS tokens, sum(h.balance) AS balance
              FROM held h JOIN token t ON t.collection_id = ? AND t.token_id = h.token_id
             WHERE h.owner > ? AND %2$s
               AND (?::numeric IS NULL OR EXISTS (
                    SELECT 1 FROM embedding e, embedding q
                     WHERE e.collection_id = t.collection_id AND e.token_id = t.token_id AND e.model_id = ?
                       AND q.collection_id = t.collection_id AND q.token_id = ?::numeric AND q.model_id = e.model_id
                       AND 1 - (e.vector <=> q.vector) >= ?))
             GROUP BY h.owner
             ORDER BY h.owner
             LIMIT ?
            """.formatted(MultiTokenLedger.balanceDeltas("block_number <= ?"), TraitFilter.sql("t"));

    private final AgroalDataSource dataSource;

    public HoldersRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An owner at the block: how many tokens (ids) it held and their summed balance. */
    public record Holder(String owner, long tokens, BigInteger balance) {}

    /** Tokens whose vectors (of a model) are at least {@code minSimilarity} alike to one token's; null: no condition. */
    public record LookAlike(BigInteger tokenId, int modelId, double minSimilarity) {}

    /**
     * Holders at {@code block} whose address sorts after {@code after}, in address order, among
     * tokens passing {@code traits} and, when given, looking like a token.
     */
    public List<Holder> holders(long collectionId, long block, TraitFilter traits, LookAlike lookAlike, String after,
            int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HOLDERS)) {
            ps.setLong(1, collectionId);
            ps.setLong(2, block);
            ps.setLong(3, collectionId);
            ps.setLong(4, block);
            ps.setLong(5, collectionId);
            ps.setString(6, after == null ? "" : after);
            int next = traits.bind(c, ps, 7);
            ps.setObject(next, lookAlike == null ? null : new java.math.BigDecimal(lookAlike.tokenId()), java.sql.Types.NUMERIC);
            ps.setInt(next + 1, lookAlike == null ? 0 : lookAlike.modelId());
            ps.setObject(next + 2, lookAlike == null ? null : new java.math.BigDecimal(lookAlike.tokenId()),
                    java.sql.Types.NUMERIC);
            ps.setDouble(next + 3, lookAlike == null ? 0 : lookAlike.minSimilarity());
            ps.setInt(next + 4, limit);
            List<Holder> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Holder(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3).toBigIntegerExact()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the holders of collection " + collectionId + " at block " + block
                    + " failed: " + e.getMessage(), e);
        }
    }
}
