package io.tokenatlas.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    @Test
    void signsAsTheStandardWebhooksReferenceDoes() {
        // The reference libraries' own test vector.
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                        "{\"test\": 2432232314}"));
    }

    @Test
    void aChangedBodyIdOrTimestampChangesTheSignature() {
        String secret = WebhookSignature.newSecret();
        String signed = WebhookSignature.sign(secret, "1", 100, "{}");
        assertNotEquals(signed, WebhookSignature.sign(secret, "2", 100, "{}"));
        assertNotEquals(signed, WebhookSignature.sign(secret, "1", 101, "{}"));
        assertNotEquals(signed, WebhookSignature.sign(secret, "1", 100, "{ }"));
        assertNotEquals(signed, WebhookSignature.sign(WebhookSignature.newSecret(), "1", 100, "{}"));
    }

    @Test
    void secretsAreWhsecAndBase64OfTwentyFourToSixtyFourBytes() {
        assertEquals(32, WebhookSignature.key(WebhookSignature.newSecret()).length);
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("hunter2"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("whsec_not base64!"));
        assertEquals("a webhook secret holds 24 to 64 bytes, not 3",
                assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("whsec_YWJj")).getMessage());
    }
}
