package io.tokenatlas.watch;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.hibernate.annotations.Formula;

/** A copymint watch; stays inside this package, others get a {@link Watch}. */
@Entity
@Table(name = "watch")
public class WatchEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "collection_id", nullable = false)
    public long collectionId;

    @Column(name = "token_id", precision = 78, scale = 0)
    public BigDecimal tokenId;

    @Column(name = "min_similarity", nullable = false)
    public double minSimilarity;

    @Column(name = "max_distance", nullable = false)
    public int maxDistance;

    @Column(name = "from_seq", nullable = false)
    public long fromSeq;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Formula("(SELECT count(*) FROM watch_match m WHERE m.watch_id = id)")
    public long matches;

    Watch toRecord() {
        return new Watch(id, collectionId, tokenId == null ? null : tokenId.toBigIntegerExact(), minSimilarity, maxDistance,
                fromSeq, createdAt == null ? null : createdAt.toInstant(), matches);
    }
}
