package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.TokenQueue;
import io.tokenatlas.token.TokenState;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ERC-4906 refreshes on the real PostgreSQL: applied when due and when no work is in flight, debounced. */
@QuarkusTest
class MetadataRefreshRepositoryTest {
    static final Duration INTERVAL = Duration.ofMinutes(10);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TokenQueue queue;

    @BeforeEach
    void tokens() throws SQLException {
        sql("TRUNCATE collection, media RESTART IDENTITY CASCADE");
        sql("""
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status)
            VALUES (31337, '0x00000000000000000000000000000000000000aa', 1, 'given', 10, 'FOLLOWING')""");
        sql("""
            INSERT INTO token (collection_id, token_id, owner, minted_block, state)
            SELECT 1, g, '0x00000000000000000000000000000000000000bb', 2, 'EMBEDDED' FROM generate_series(1, 5) g""");
        sql("UPDATE token SET burned = true WHERE token_id = 5");
        // Token 2 is being worked on by another replica.
        sql("UPDATE token SET state = 'METADATA_RESOLVED', lease_owner = 'other', lease_until = now() + interval '1 minute'"
                + " WHERE token_id = 2");
    }

    @Test
    void aFloodOfBatchUpdatesRefreshesEachTokenOnceAnIntervalAndThrowsNoWorkAway() throws SQLException {
        assertEquals(4, request(1, 5), "every token but the burned one gains a request");
        List<ClaimedToken> claimed = queue.claim(TokenState.DISCOVERED, 10);
        assertEquals(List.of(BigInteger.ONE, BigInteger.valueOf(3), BigInteger.valueOf(4)),
                claimed.stream().map(ClaimedToken::tokenId).toList(), "token 2's work in flight is left alone");
        assertEquals("METADATA_RESOLVED|other", row("SELECT state, lease_owner FROM token WHERE token_id = 2"));

        for (int block = 0; block < 20; block++) {
            request(1, 5);
        }
        assertEquals(0, queue.claim(TokenState.DISCOVERED, 10).size(), "nothing more until the interval has passed");
        assertEquals("3", row("SELECT count(*) FROM token WHERE refresh_due > now() + interval '9 minutes'"),
                "the refreshed tokens are due again in ten minutes, once");
        assertEquals("3", row("SELECT count(*) FROM token WHERE state = 'DISCOVERED' AND lease_owner IS NOT NULL"),
                "the flood did not take back the tokens being refreshed");

        sql("UPDATE token SET lease_owner = NULL, lease_until = NULL WHERE token_id = 2");
        assertEquals(List.of(BigInteger.TWO), queue.claim(TokenState.DISCOVERED, 10).stream().map(ClaimedToken::tokenId)
                .toList(), "once its work has finished, token 2 is refreshed");
    }

    private int request(long from, long to) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return MetadataRefreshRepository.requestRefresh(c, 1, BigInteger.valueOf(from), BigInteger.valueOf(to), INTERVAL);
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String row(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            StringBuilder out = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            return out.toString();
        }
    }
}
