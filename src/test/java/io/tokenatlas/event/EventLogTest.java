package io.tokenatlas.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.testkit.EventStreamReader;
import io.tokenatlas.testkit.EventStreamReader.SseEvent;
import io.tokenatlas.testkit.Sql;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event log on the real PostgreSQL: the triggers write an event for each change whatever code
 * made it, the sequencer orders events by commit (a reader never skips one committed late), and
 * the stream resumes after Last-Event-ID.
 */
@QuarkusTest
class EventLogTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventLog log;

    @TestHTTPResource("/api/v1/events")
    URL events;

    Sql db;

    @BeforeEach
    void oneCollection() throws SQLException {
        db = new Sql(dataSource);
        db.oneCollection(4, "IMAGE_FETCHED");
    }

    @Test
    void eachChangeWritesItsEventInItsOwnTransaction() throws Exception {
        long from = log.sequence(10_000);
        db.run("UPDATE token SET state = 'EMBEDDED', embed_count = embed_count + 1, name = 'One' WHERE token_id = 1");
        db.run("UPDATE token SET state = 'FAILED', failed_stage = 'image', error_code = 'http_status', error = 'GET x answered HTTP 404'"
                + " WHERE token_id = 2");
        db.run("UPDATE token SET burned = true WHERE token_id = 3");
        db.run("UPDATE token SET attempts = attempts + 1 WHERE token_id = 4");
        db.run("UPDATE token SET state = 'DISCOVERED' WHERE token_id = 1");
        db.run("UPDATE token SET state = 'EMBEDDED', embed_count = embed_count + 1 WHERE token_id = 1");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE token SET state = 'EMBEDDED', embed_count = 1 WHERE token_id = 4");
            }
            c.rollback();
        }
        db.run("UPDATE collection SET status = 'PAUSED' WHERE id = 1");
        db.run("INSERT INTO model (id, name, sha256, dimension) VALUES (900, 'm', 'x', 4) ON CONFLICT DO NOTHING");
        db.run("INSERT INTO layout_version (collection_id, version, model_id, token_count, grid_cols, grid_rows, params,"
                + " inputs_read_at) VALUES (1, 1, 900, 3, 2, 2, '{}', now())");
        db.run("UPDATE layout_version SET revision = 1 WHERE collection_id = 1");

        long to = log.sequence(10_000);
        List<Event> written = log.read(from, to, new EventFilter(Set.of(), Set.of(1L)), 100);
        assertEquals(List.of("token.indexed 1", "token.failed 2", "token.burned 3", "token.refreshed 1",
                "collection.status null", "map.version null", "map.version null"),
                written.stream().map(e -> e.kind() + " " + e.tokenId()).toList(),
                "one event per change, none for a change that was rolled back or a column no event watches");
        JsonNode failed = JSON.readTree(written.get(1).json());
        assertEquals("image", failed.at("/data/stage").asText());
        assertEquals("http_status", failed.at("/data/code").asText());
        assertEquals("2", failed.at("/data/tokenId").asText());
        assertEquals(1, JSON.readTree(written.getLast().json()).at("/data/revision").asInt());
        assertEquals(2, log.read(from, to, new EventFilter(Set.of("map.version"), Set.of()), 100).size());
    }

    @Test
    void anEventCommittedLateIsReadAfterTheOnesCommittedBeforeIt() throws SQLException {
        long from = log.sequence(10_000);
        try (Connection early = dataSource.getConnection(); Connection late = dataSource.getConnection()) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            // The early transaction takes the lower id but commits second.
            update(early, "UPDATE token SET state = 'EMBEDDED', embed_count = 1 WHERE token_id = 1");
            update(late, "UPDATE token SET state = 'EMBEDDED', embed_count = 1 WHERE token_id = 2");
            late.commit();
            long first = log.sequence(10_000);
            List<Event> seen = log.read(from, first, EventFilter.ALL, 100);
            assertEquals(List.of("2"), seen.stream().map(e -> e.tokenId().toString()).toList());

            early.commit();
            long second = log.sequence(10_000);
            List<Event> next = log.read(seen.getLast().seq(), second, EventFilter.ALL, 100);
            assertEquals(List.of("1"), next.stream().map(e -> e.tokenId().toString()).toList(),
                    "a reader that has seen token 2's event still gets token 1's, committed after it");
        }
    }

    @Test
    void aStreamSendsNewEventsAndResumesAfterLastEventId() throws Exception {
        String url = events + "?kind=token.indexed&collection=1";
        long from = log.sequence(10_000);
        try (EventStreamReader stream = EventStreamReader.open(url + "&after=" + from, null)) {
            assertEquals(200, stream.status());
            db.run("UPDATE token SET state = 'FAILED' WHERE token_id = 4");
            for (int id = 1; id <= 3; id++) {
                db.run("UPDATE token SET state = 'EMBEDDED', embed_count = 1 WHERE token_id = " + id);
            }
            List<SseEvent> got = stream.take(3, Duration.ofSeconds(30));
            assertEquals(List.of("1", "2", "3"), got.stream().map(e -> tokenOf(e)).toList(),
                    "the indexed tokens in order, not the failed one");
            assertTrue(got.stream().allMatch(e -> e.name().equals("token.indexed")));

            try (EventStreamReader resumed = EventStreamReader.open(url, got.getFirst().id())) {
                assertEquals(List.of("2", "3"), resumed.take(2, Duration.ofSeconds(30)).stream()
                        .map(EventLogTest::tokenOf).toList(), "a client reconnecting with Last-Event-ID misses nothing");
            }
        }
        try (EventStreamReader refused = EventStreamReader.open(events + "?kind=token.sold", null)) {
            assertEquals(400, refused.status());
        }
    }

    @Test
    void everyStreamOpenedAtOnceGetsItsEvents() throws Exception {
        // The response's head is written as the stream opens: a stream whose first event raced the
        // framework's own head broke now and then (its client saw the head, then nothing).
        long from = log.sequence(10_000);
        db.run("UPDATE token SET state = 'EMBEDDED', embed_count = 1 WHERE token_id = 1");
        long to = log.sequence(10_000);
        assertTrue(to > from);
        String url = events + "?kind=token.indexed&collection=1&after=" + from;
        int broken = 0;
        for (int i = 0; i < 150; i++) {
            try (EventStreamReader stream = EventStreamReader.open(url, null)) {
                List<SseEvent> got = stream.take(1, Duration.ofSeconds(10));
                if (got.size() != 1 || !tokenOf(got.getFirst()).equals("1")) {
                    broken++;
                }
            }
        }
        assertEquals(0, broken, "streams that opened but delivered nothing");
    }

    private static String tokenOf(SseEvent event) {
        try {
            return JSON.readTree(event.data()).at("/data/tokenId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
