package io.tokenatlas.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.testkit.Sql;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.TokenQueue;
import io.tokenatlas.token.TokenState;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many tokens' metadata stored in one transaction, against the real PostgreSQL. */
@QuarkusTest
class MetadataRepositoryTest {
    @Inject
    MetadataRepository repository;

    @Inject
    TokenQueue queue;

    @Inject
    AgroalDataSource dataSource;

    Sql db;
    List<ClaimedToken> claimed;

    @BeforeEach
    void tokens() throws SQLException {
        db = new Sql(dataSource);
        db.oneCollection(5, "DISCOVERED");
        claimed = queue.claim(TokenState.DISCOVERED, 5);
        assertEquals(5, claimed.size());
    }

    @Test
    void aBatchStoresEveryTokenItStillHoldsAndAnswersWhichLostTheirLease() throws SQLException {
        db.run("UPDATE token SET lease_owner = 'another worker' WHERE token_id = " + claimed.get(1).tokenId());
        // Handed in out of key order, as results finish.
        boolean[] stored = repository.resolveAll(List.of(resolution(claimed.get(2), "Three"),
                resolution(claimed.get(1), "Two"), resolution(claimed.get(0), "One")));
        assertArrayEquals(new boolean[] {true, false, true}, stored);
        assertEquals("METADATA_RESOLVED|One|null", db.row("SELECT state, name, lease_owner FROM token WHERE token_id = "
                + claimed.get(0).tokenId()));
        assertEquals("DISCOVERED|null", db.row("SELECT state, name FROM token WHERE token_id = " + claimed.get(1).tokenId()));
        assertEquals("2", db.row("SELECT count(*) FROM token_trait WHERE value = 'gold'"), "traits of the two stored");
    }

    @Test
    void aBatchPostgresRefusesStoresNoneOfIt() throws SQLException {
        // A NUL cannot be stored in text; parsing replaces it, so only a bug would bring one here.
        assertThrows(IllegalStateException.class, () -> repository.resolveAll(List.of(resolution(claimed.get(3), "Four"),
                resolution(claimed.get(4), "Fi\u0000ve"))));
        assertEquals("0", db.row("SELECT count(*) FROM token WHERE state = 'METADATA_RESOLVED'"));
        assertEquals("0", db.row("SELECT count(*) FROM token_trait"));
    }

    private MetadataRepository.Resolution resolution(ClaimedToken token, String name) {
        TokenMetadata metadata = new TokenMetadata("{\"name\":\"" + name.replace("\u0000", "") + "\"}", name,
                "https://example.org/" + token.tokenId() + ".png", List.of(new Trait("Hat", "gold", null)));
        return new MetadataRepository.Resolution(token, queue.workerId(), "https://example.org/" + token.tokenId(),
                metadata, new MetadataSource(null, "00", false, null));
    }
}
