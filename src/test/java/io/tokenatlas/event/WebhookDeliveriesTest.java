package io.tokenatlas.event;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.testkit.Sql;
import io.tokenatlas.testkit.Waits;
import io.tokenatlas.testkit.WebhookReceiver;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries on the real PostgreSQL: a receiver the address guard refuses is never
 * reached and the refusal is recorded on the subscription with its next attempt; a lease held by
 * another replica keeps this one's hands off; the API needs a key even to read them.
 */
@QuarkusTest
class WebhookDeliveriesTest {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookRepository webhooks;

    @Inject
    WebhookDeliveries deliveries;

    @Inject
    EventLog log;

    @Test
    void aReceiverOnAnAddressTheGuardRefusesIsNeverReachedAndTheRefusalIsRecorded() throws Exception {
        Sql db = new Sql(dataSource);
        db.oneCollection(2, "IMAGE_FETCHED");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Webhook hook = webhooks.create(receiver.url(), new EventFilter(Set.of("token.indexed"), Set.of(1L)),
                    WebhookSignature.newSecret(), log.sequence(10_000));
            db.run("UPDATE token SET state = 'EMBEDDED', embed_count = 1 WHERE token_id = 1");
            Webhook failing = Waits.until(Duration.ofMinutes(1), "the failed attempt recorded", () -> {
                Webhook now = webhooks.byId(hook.id()).orElseThrow();
                return now.attempts() > 0 ? now : null;
            });
            assertNull(failing.lastStatus(), "no receiver answered");
            assertTrue(failing.lastError().contains("127.0.0.1"), failing.lastError());
            assertTrue(failing.nextAttemptAt().isAfter(failing.lastAttemptAt()), "a next attempt is planned later");
            assertEquals(hook.position(), failing.position(), "the event is not passed over");
            assertEquals(0, receiver.received().size(), "loopback is not allowed in this profile");
            webhooks.delete(hook.id());
        }
    }

    @Test
    void aWebhookLeasedByAnotherReplicaIsNotClaimedNorMoved() throws Exception {
        Webhook hook = webhooks.create("http://192.0.2.1/hooks", EventFilter.ALL, WebhookSignature.newSecret(), 0);
        new Sql(dataSource).run("UPDATE webhook SET lease_owner = 'other', lease_until = now() + interval '1 minute',"
                + " next_attempt_at = now() WHERE id = " + hook.id());
        assertTrue(deliveries.claimDue("me", Duration.ofSeconds(30), Long.MAX_VALUE, 100).stream()
                .noneMatch(c -> c.id() == hook.id()));
        assertEquals(false, deliveries.passed(hook.id(), "me", 99));
        assertEquals(0, webhooks.byId(hook.id()).orElseThrow().position());
        webhooks.delete(hook.id());
    }

    @Test
    void theWebhookApiIsClosedWithoutKeys() {
        given().get("/api/v1/webhooks").then().statusCode(403);
        given().contentType("application/json").body("{\"url\":\"https://example.org/h\"}")
                .post("/api/v1/webhooks").then().statusCode(403);
    }
}
