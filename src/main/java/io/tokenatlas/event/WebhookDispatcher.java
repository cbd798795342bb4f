package io.tokenatlas.event;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tokenatlas.config.EventsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * Delivers events to webhooks: claims the webhooks that are due and behind the log, and gives each
 * its events in order, one at a time, each moving the webhook's position only once the receiver
 * answered 2xx. A failure stops that webhook until its next attempt (the wait doubles, up to
 * {@code atlas.events.webhook-max-backoff}); the others go on. A replica that dies mid-delivery
 * loses its lease and another replica sends the event again, with the same webhook-id.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int PAGE = 100;
    /** Events one claim delivers at most before the webhook is released for its next turn. */
    private static final int PER_CLAIM = 1000;

    private final EventLog log;
    private final EventTail tail;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final EventsConfig config;
    private final String owner = "webhooks-" + UUID.randomUUID();
    private final Semaphore slots;
    private final Duration lease;
    private volatile boolean running;
    private Thread thread;

    public WebhookDispatcher(EventLog log, EventTail tail, WebhookDeliveries deliveries, WebhookSender sender,
            EventsConfig config) {
        this.log = log;
        this.tail = tail;
        this.deliveries = deliveries;
        this.sender = sender;
        this.config = config;
        this.slots = new Semaphore(config.webhookConcurrency());
        this.lease = config.webhookTimeout().multipliedBy(2).plusSeconds(10);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = Thread.ofVirtual().name("webhooks").start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                tail.pause(Duration.ofSeconds(1));
                int free = slots.availablePermits();
                if (free == 0) {
                    continue;
                }
                long upTo = tail.last();
                List<WebhookDeliveries.Claimed> due = deliveries.claimDue(owner, lease, upTo, free);
                for (WebhookDeliveries.Claimed webhook : due) {
                    slots.acquire();
                    Thread.ofVirtual().name("webhook-" + webhook.id()).start(() -> {
                        try {
                            deliver(webhook, upTo);
                        } finally {
                            slots.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("webhook deliveries could not be claimed (trying again): %s", e.getMessage());
            }
        }
    }

    /** Gives {@code webhook} its events after its position up to {@code upTo}, in order. */
    void deliver(WebhookDeliveries.Claimed webhook, long upTo) {
        try {
            long position = webhook.position();
            int sent = 0;
            while (sent < PER_CLAIM && running) {
                List<Event> events = log.read(position, upTo, webhook.filter(), PAGE);
                for (Event event : events) {
                    WebhookSender.Outcome outcome = sender.send(webhook.url(), webhook.secret(), event);
                    if (!outcome.delivered()) {
                        LOG.infof("webhook %d: event %d not delivered to %s: %s", webhook.id(), event.seq(), webhook.url(),
                                outcome.error());
                        deliveries.failed(webhook.id(), owner, outcome.status(), outcome.error(), config.webhookMaxBackoff());
                        return;
                    }
                    if (!deliveries.delivered(webhook.id(), owner, event.seq(), outcome.status(), lease)) {
                        return;
                    }
                    position = event.seq();
                    sent++;
                }
                if (events.size() < PAGE) {
                    deliveries.passed(webhook.id(), owner, upTo);
                    break;
                }
            }
            deliveries.release(webhook.id(), owner);
        } catch (RuntimeException | Error e) {
            LOG.warnf(e, "webhook %d: delivery stopped", webhook.id());
            try {
                deliveries.failed(webhook.id(), owner, null, "delivery stopped: " + e, config.webhookMaxBackoff());
            } catch (RuntimeException ignored) {
                // the lease runs out and the webhook is claimed again
            }
        }
    }
}
