package io.tokenatlas.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.tokenatlas.testkit.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The work queue's SQL against the real PostgreSQL. */
@QuarkusTest
class TokenQueueTest {
    @Inject
    TokenQueue queue;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StageRunner runner;

    long collectionId;
    Sql db;

    @BeforeEach
    void tokens() throws SQLException {
        db = new Sql(dataSource);
        db.oneCollection(5, "DISCOVERED");
        collectionId = 1;
        sql("UPDATE token SET burned = true WHERE token_id = 5");
    }

    private void sql(String sql) throws SQLException {
        db.run(sql);
    }

    private String row(String sql) throws SQLException {
        return db.row(sql);
    }

    @Test
    void claimsNeverHandOutTheSameTokenTwiceAndSkipBurnedOnes() {
        List<ClaimedToken> first = queue.claim(TokenState.DISCOVERED, 3);
        List<ClaimedToken> second = queue.claim(TokenState.DISCOVERED, 3);
        assertEquals(3, first.size());
        assertEquals(1, second.size(), "token 5 is burned, three are leased");
        Set<BigInteger> ids = new HashSet<>();
        first.forEach(t -> ids.add(t.tokenId()));
        second.forEach(t -> ids.add(t.tokenId()));
        assertEquals(Set.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(4)), ids);
        assertEquals("0x00000000000000000000000000000000000000aa", first.getFirst().address());
        assertEquals(0, queue.claim(TokenState.DISCOVERED, 3).size());
        assertEquals(0, queue.claim(TokenState.METADATA_RESOLVED, 3).size());
    }

    @Test
    void anExpiredLeaseMakesTheTokenClaimableAgain() throws SQLException {
        assertEquals(4, queue.claim(TokenState.DISCOVERED, 10).size());
        sql("UPDATE token SET lease_until = now() - interval '1 second' WHERE token_id = 2");
        List<ClaimedToken> again = queue.claim(TokenState.DISCOVERED, 10);
        assertEquals(1, again.size());
        assertEquals(BigInteger.TWO, again.getFirst().tokenId());
    }

    @Test
    void aPausedCollectionsTokensWait() throws SQLException {
        sql("UPDATE collection SET status = 'PAUSED'");
        assertEquals(0, queue.claim(TokenState.DISCOVERED, 10).size());
    }

    @Test
    void retryableFailuresWaitAndCountPermanentOnesFailAtOnce() throws SQLException {
        List<ClaimedToken> claimed = queue.claim(TokenState.DISCOVERED, 2);
        queue.fail(claimed.get(0), "metadata", StageFailure.retryable("http_status", "GET x answered HTTP 503", null));
        queue.fail(claimed.get(1), "metadata", StageFailure.permanent("invalid_json", "metadata is not valid JSON"));
        assertEquals("DISCOVERED|1|GET x answered HTTP 503|http_status|metadata|true",
                row("SELECT state, attempts, error, error_code, failed_stage, next_attempt_at > now() FROM token"
                        + " WHERE token_id = " + claimed.get(0).tokenId()));
        assertEquals("FAILED|1|metadata is not valid JSON|invalid_json|metadata",
                row("SELECT state, attempts, error, error_code, failed_stage FROM token WHERE token_id = "
                        + claimed.get(1).tokenId()));
        List<ClaimedToken> next = queue.claim(TokenState.DISCOVERED, 10);
        assertEquals(2, next.size(), "the retrying token waits for its delay");
        assertTrue(next.stream().noneMatch(t -> t.tokenId().equals(claimed.get(0).tokenId())));
    }

    @Test
    void theLastRetryMarksTheTokenFailedOnceTheRetryBudgetIsSpent() throws SQLException {
        sql("UPDATE token SET attempts = 3, retrying_since = now() - interval '7 hours' WHERE token_id = 1");
        sql("UPDATE token SET attempts = 3, retrying_since = now() - interval '5 minutes' WHERE token_id = 2");
        List<ClaimedToken> claimed = queue.claim(TokenState.DISCOVERED, 2);
        assertEquals(List.of(BigInteger.ONE, BigInteger.TWO), claimed.stream().map(ClaimedToken::tokenId).toList());
        for (ClaimedToken token : claimed) {
            queue.fail(token, "image", StageFailure.retryable("timeout", "GET y failed: timeout", null));
        }
        assertEquals("FAILED|4|image", row("SELECT state, attempts, failed_stage FROM token WHERE token_id = 1"));
        assertEquals("DISCOVERED|4|true", row("SELECT state, attempts, retrying_since < now() - interval '4 minutes'"
                + " FROM token WHERE token_id = 2"), "an outage of minutes is outlasted, whatever the attempts");
    }

    @Test
    void theFirstRetryableFailureStartsTheRetryBudget() throws SQLException {
        ClaimedToken token = queue.claim(TokenState.DISCOVERED, 1).getFirst();
        queue.fail(token, "metadata", StageFailure.retryable("unreachable", "could not connect", null));
        assertEquals("true", row("SELECT retrying_since > now() - interval '1 minute' FROM token WHERE token_id = "
                + token.tokenId()));
    }

    @Test
    void aTokenWhoseWorkersDieOnItEndsFailedInsteadOfBeingClaimedForever() throws SQLException {
        sql("UPDATE token SET state = 'EMBEDDED' WHERE token_id <> 1");
        for (int life = 1; life <= 3; life++) {
            List<ClaimedToken> claimed = queue.claim(TokenState.DISCOVERED, 10);
            assertEquals(1, claimed.size(), "claim " + life);
            // The worker dies with the token: nothing is recorded and its lease runs out.
            sql("UPDATE token SET lease_until = now() - interval '1 second' WHERE token_id = 1");
        }
        assertEquals(0, queue.claim(TokenState.DISCOVERED, 10).size(), "a fourth worker does not take it");
        assertEquals("FAILED|worker_lost|metadata|the metadata stage stopped 3 times on this token without recording a result"
                + " (its worker crashed, was killed or ran out of memory or time)|null",
                row("SELECT state, error_code, failed_stage, error, lease_owner FROM token WHERE token_id = 1"));
    }

    @Test
    void aFinishedStageStartsTheLeaseAccountingAfresh() throws SQLException {
        sql("UPDATE token SET lost_leases = 2, retrying_since = now(), attempts = 2 WHERE token_id = 1");
        sql("UPDATE token SET state = 'EMBEDDED' WHERE token_id <> 1");
        ClaimedToken token = queue.claim(TokenState.DISCOVERED, 1).getFirst();
        sql("UPDATE token SET state = 'METADATA_RESOLVED', " + TokenQueue.FINISHED + " WHERE token_id = 1");
        assertEquals("0|0|null|null", row("SELECT attempts, lost_leases, retrying_since, lease_owner FROM token"
                + " WHERE token_id = " + token.tokenId()));
    }

    @Test
    void leasesOfTokensStillWorkedOnAreRenewedAndFinishedOnesForgotten() throws SQLException {
        List<ClaimedToken> claimed = queue.claim(TokenState.DISCOVERED, 3);
        queue.fail(claimed.get(0), "metadata", StageFailure.permanent("invalid_json", "not JSON"));
        sql("UPDATE token SET lease_owner = NULL, lease_until = NULL WHERE token_id = " + claimed.get(1).tokenId());
        sql("UPDATE token SET lease_until = now() + interval '1 second' WHERE token_id = " + claimed.get(2).tokenId());
        assertEquals(1, queue.renew(), "only the token still held is renewed");
        assertEquals("true", row("SELECT lease_until > now() + interval '60 seconds' FROM token WHERE token_id = "
                + claimed.get(2).tokenId()));
        sql("UPDATE token SET lease_owner = NULL, lease_until = NULL WHERE token_id = " + claimed.get(2).tokenId());
        assertEquals(0, queue.renew(), "a finished token is forgotten");
        assertEquals(0, queue.renew());
    }

    @Test
    void aRenewalNeverWaitsOnATokenBeingWrittenAndRenewsItNextTime() throws Exception {
        List<ClaimedToken> claimed = queue.claim(TokenState.DISCOVERED, 2);
        // Another transaction holds one token's row, as a stage writing a batch of results does.
        try (java.sql.Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            try (var lock = writer.createStatement()) {
                lock.execute("SELECT 1 FROM token WHERE token_id = " + claimed.get(0).tokenId() + " FOR UPDATE");
            }
            try {
                // A renewal that waited for the row would wait until the rollback below: it times out instead.
                int renewed = java.util.concurrent.CompletableFuture.supplyAsync(queue::renew)
                        .get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(1, renewed, "the locked token is skipped");
            } finally {
                writer.rollback();
            }
        }
        assertEquals(2, queue.renew(), "the skipped token is still held and renewed once its row is free");
    }

    @Test
    void releasingAtShutdownHandsTheTokensBackAtOnceWithoutCountingALostLease() throws SQLException {
        List<ClaimedToken> claimed = queue.claim(TokenState.DISCOVERED, 2);
        assertEquals(2, claimed.size());
        queue.releaseAll();
        assertEquals("2|0", row("SELECT count(*), max(lost_leases) FROM token WHERE lease_owner IS NULL AND state = 'DISCOVERED'"
                + " AND NOT burned AND token_id IN (" + claimed.get(0).tokenId() + ", " + claimed.get(1).tokenId() + ")"));
        assertEquals(4, queue.claim(TokenState.DISCOVERED, 10).size());
    }

    @Test
    void errorsThatAreNotExceptionsEndRecordedOnTheirToken() throws Exception {
        sql("UPDATE token SET state = 'EMBEDDED' WHERE token_id = 4");
        runner.keepBusy("image", TokenState.DISCOVERED, 3, TokenState.METADATA_RESOLVED, claimed -> token -> {
            if (token.tokenId().equals(BigInteger.ONE)) {
                throw new OutOfMemoryError("Java heap space");
            } else if (token.tokenId().equals(BigInteger.TWO)) {
                throw new StackOverflowError();
            }
            throw new NullPointerException("Cannot invoke \"String.length()\" because \"secret\" is null");
        }, java.time.Duration.ofMillis(1500));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!row("SELECT count(*) FROM token WHERE error_code IS NOT NULL").equals("3") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("FAILED|resources_exhausted|the image stage ran out of memory on this token (OutOfMemoryError)",
                row("SELECT state, error_code, error FROM token WHERE token_id = 1"));
        assertEquals("FAILED|resources_exhausted|the image stage ran out of its stack on this token (StackOverflowError)",
                row("SELECT state, error_code, error FROM token WHERE token_id = 2"));
        assertEquals("DISCOVERED|internal|1|the image stage failed unexpectedly (NullPointerException)",
                row("SELECT state, error_code, attempts, error FROM token WHERE token_id = 3"),
                "an unexpected exception is retried, and its message stays in the log");
    }

    @Test
    void aSlotWhoseTokenFoundItsHostBusyWaitsBeforeItClaimsAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        // One slot for 1.5 s; every token's host is busy. Claiming at once after each deferral would
        // try all four waiting tokens in a few milliseconds (and a big backlog thousands of times a second).
        runner.keepBusy("image-busy-host", TokenState.DISCOVERED, 1, TokenState.METADATA_RESOLVED, claimed -> token -> {
            tries.incrementAndGet();
            throw new io.tokenatlas.fetch.FetchException(io.tokenatlas.fetch.FetchException.HOST_BUSY,
                    "127.0.0.1 already has 8 fetches in flight", true, null);
        }, java.time.Duration.ofMillis(1500));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (tries.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(tries.get() >= 1 && tries.get() <= 2, "tries: " + tries.get());
        assertEquals("0", row("SELECT count(*) FROM token WHERE error_code IS NOT NULL OR attempts > 0"),
                "a deferral is not a failure");
    }


}
