package io.tokenatlas.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.testkit.Sql;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ERC-4906 refreshes on the real PostgreSQL: applied when due and when no work is in flight, debounced. */
@QuarkusTest
class RefreshRepositoryTest {
    static final Duration INTERVAL = Duration.ofMinutes(10);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TokenQueue queue;

    Sql db;

    @BeforeEach
    void tokens() throws SQLException {
        db = new Sql(dataSource);
        db.oneCollection(5, "EMBEDDED");
        db.run("UPDATE token SET burned = true WHERE token_id = 5");
        // Token 2 is being worked on by another replica.
        db.run("UPDATE token SET state = 'METADATA_RESOLVED', lease_owner = 'other', lease_until = now() + interval '1 minute'"
                + " WHERE token_id = 2");
    }

    @Test
    void aFloodOfBatchUpdatesRefreshesEachTokenOnceAnIntervalAndThrowsNoWorkAway() throws SQLException {
        assertEquals(4, request(1, 5), "every token but the burned one gains a request");
        List<ClaimedToken> claimed = queue.claim(TokenState.DISCOVERED, 10);
        assertEquals(List.of(BigInteger.ONE, BigInteger.valueOf(3), BigInteger.valueOf(4)),
                claimed.stream().map(ClaimedToken::tokenId).toList(), "token 2's work in flight is left alone");
        assertEquals("METADATA_RESOLVED|other", db.row("SELECT state, lease_owner FROM token WHERE token_id = 2"));

        for (int block = 0; block < 20; block++) {
            request(1, 5);
        }
        assertEquals(0, queue.claim(TokenState.DISCOVERED, 10).size(), "nothing more until the interval has passed");
        assertEquals("3", db.row("SELECT count(*) FROM token WHERE refresh_due > now() + interval '9 minutes'"),
                "the refreshed tokens are due again in ten minutes, once");
        assertEquals("3", db.row("SELECT count(*) FROM token WHERE state = 'DISCOVERED' AND lease_owner IS NOT NULL"),
                "the flood did not take back the tokens being refreshed");

        db.run("UPDATE token SET lease_owner = NULL, lease_until = NULL WHERE token_id = 2");
        assertEquals(List.of(BigInteger.TWO), queue.claim(TokenState.DISCOVERED, 10).stream().map(ClaimedToken::tokenId)
                .toList(), "once its work has finished, token 2 is refreshed");
    }

    private int request(long from, long to) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return RefreshRepository.requestRefresh(c, 1, BigInteger.valueOf(from), BigInteger.valueOf(to), INTERVAL);
        }
    }


}
