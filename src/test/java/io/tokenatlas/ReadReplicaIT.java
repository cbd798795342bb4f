package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.Drop;
import io.tokenatlas.testkit.PostgresCluster;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.Waits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads scale out on PostgreSQL's own replication: the daemon writes to a private primary and
 * answers /similar, token lists and token details from a streaming hot standby of it (a second
 * cluster made by pg_basebackup). With the standby's replay paused, a token embedded on the
 * primary stays out of those answers, which shows where they come from; once replay resumes, it
 * is answered within the lag the README states.
 */
class ReadReplicaIT {
    static final int TOKENS = 4;
    /** The lag the README states for a replica on the same network (replay is continuous; this is its bound here). */
    static final Duration LAG = Duration.ofSeconds(30);

    @Test
    void readEndpointsAreAnsweredByTheStandbyAndFollowThePrimary() throws Exception {
        try (RealParts parts = RealParts.start("read-replica")) {
            PostgresCluster primary = parts.open(PostgresCluster.primary(parts.logs(), "primary"));
            PostgresCluster standby = parts.open(primary.standby(parts.logs(), "standby"));
            String metadata = Drop.serve(parts.http(), Drop.Style.PIXEL, 8);
            String address = parts.chain().deployCollection("Replicated", "REP");
            Drop.mint(parts.chain(), address, metadata, TOKENS);

            Map<String, String> config = parts.config();
            config.put("quarkus.datasource.jdbc.url", primary.jdbcUrl());
            config.put("quarkus.datasource.read.jdbc.url", standby.jdbcUrl());
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                Waits.until(Duration.ofMinutes(2), TOKENS + " tokens listed as embedded by the standby", () ->
                        embeddedInList(api, url) == TOKENS ? true : null);
                assertEquals(TOKENS - 1, api.get(url + "/tokens/1/similar?k=10").body().get("results").size(),
                        "/similar from the standby");
                assertTrue(Long.parseLong(standby.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = 'atlas'"
                        + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) > 0,
                        "the daemon holds connections to the standby");

                // Replay paused: the primary moves on, the standby's answers do not.
                standby.sql(PostgresCluster.DATABASE, "SELECT pg_wal_replay_pause()");
                Drop.mint(parts.chain(), address, metadata, 1);
                int next = TOKENS + 1;
                Waits.until(Duration.ofMinutes(2), "token " + next + " embedded on the primary", () ->
                        "EMBEDDED".equals(primary.scalar("SELECT state FROM token WHERE token_id = " + next)) ? true : null);
                assertEquals(404, api.get(url + "/tokens/" + next).status(), "the standby has not replayed it yet");
                assertEquals(TOKENS, embeddedInList(api, url));

                standby.sql(PostgresCluster.DATABASE, "SELECT pg_wal_replay_resume()");
                Waits.until(LAG, "token " + next + " answered by the standby", () -> {
                    var answer = api.get(url + "/tokens/" + next);
                    return answer.status() == 200 && "embedded".equals(answer.body().get("state").asText()) ? true : null;
                });
                assertEquals(TOKENS + 1, embeddedInList(api, url));
                JsonNode similar = api.get(url + "/tokens/" + next + "/similar?k=10").body();
                assertEquals(TOKENS, similar.get("results").size(), similar.toString());
            }
        }
    }

    private static long embeddedInList(AtlasClient api, String url) {
        JsonNode page = api.get(url + "/tokens?state=embedded&limit=100").body();
        return page.get("tokens").size();
    }
}
