package io.tokenatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rate limit counted by each replica on its own ({@code atlas.api.rate-limit-shared=false}),
 * through the API: the burst goes through, the next request is a 429 with Retry-After, the RateLimit
 * fields count down, and nothing is written to the shared buckets' table.
 */
@QuarkusTest
@TestProfile(PerReplicaRateLimitTest.PerReplica.class)
class PerReplicaRateLimitTest {
    /** Five at once, refilled so slowly that nothing comes back during the test, counted by this replica. */
    public static class PerReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atlas.api.rate-limit", "0.001", "atlas.api.rate-burst", "5", "atlas.api.rate-limit-shared", "false");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/api/v1/collections")
    URL collections;

    @Test
    void theBurstGoesThroughAndTheNextRequestIsRefused() throws Exception {
        long bucketsBefore = sharedBuckets();
        HttpClient http = HttpClient.newHttpClient();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(http.send(HttpRequest.newBuilder(URI.create(collections.toString())).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> left = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, answers.get(i).statusCode(), answers.get(i).body());
            left.add(answers.get(i).headers().firstValue("RateLimit").orElseThrow().replaceAll(".*;r=([0-9]+);.*", "$1"));
        }
        assertEquals(List.of("4", "3", "2", "1", "0"), left, "the standing counts down with each request");
        HttpResponse<String> refused = answers.get(5);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertTrue(refused.body().contains("rate-limited"), refused.body());
        assertEquals("\"default\";q=5;w=5000", refused.headers().firstValue("RateLimit-Policy").orElseThrow());
        assertEquals(bucketsBefore, sharedBuckets(), "counted by this replica alone: no shared bucket written");
    }

    private long sharedBuckets() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM api_rate_bucket")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
