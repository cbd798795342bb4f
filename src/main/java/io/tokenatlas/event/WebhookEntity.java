package io.tokenatlas.event;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * A webhook subscription; stays inside this package, others get a {@link Webhook}. Its delivery
 * columns are written by {@link WebhookDeliveries} in plain SQL (claims, leases), and only read here.
 */
@Entity
@Table(name = "webhook")
public class WebhookEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String[] kinds;

    @Column(name = "collection_ids", nullable = false)
    public Long[] collectionIds;

    @Column(nullable = false)
    public String secret;

    @Column(name = "cursor_seq", nullable = false)
    public long cursorSeq;

    @Column(nullable = false, insertable = false, updatable = false)
    public long delivered;

    @Column(nullable = false, insertable = false, updatable = false)
    public int attempts;

    @Column(name = "next_attempt_at", insertable = false, updatable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(name = "failing_since", insertable = false, updatable = false)
    public OffsetDateTime failingSince;

    @Column(name = "last_status", insertable = false, updatable = false)
    public Integer lastStatus;

    @Column(name = "last_error", insertable = false, updatable = false)
    public String lastError;

    @Column(name = "last_attempt_at", insertable = false, updatable = false)
    public OffsetDateTime lastAttemptAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    Webhook toRecord() {
        return new Webhook(id, url, Arrays.asList(kinds), Arrays.asList(collectionIds), secret, cursorSeq, delivered,
                attempts, instant(nextAttemptAt), instant(failingSince), lastStatus, lastError, instant(lastAttemptAt),
                instant(createdAt));
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
