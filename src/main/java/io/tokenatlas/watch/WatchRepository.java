package io.tokenatlas.watch;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Copymint watches as users manage them over the API. */
@ApplicationScoped
public class WatchRepository implements PanacheRepositoryBase<WatchEntity, Long> {

    /** Watches a collection (or one token, when {@code tokenId} is given) for copies indexed from now on. */
    @Transactional
    public Watch create(long collectionId, BigInteger tokenId, double minSimilarity, int maxDistance) {
        long from = ((Number) getEntityManager().createNativeQuery("SELECT last_seq FROM event_sequence")
                .getSingleResult()).longValue();
        WatchEntity entity = new WatchEntity();
        entity.collectionId = collectionId;
        entity.tokenId = tokenId == null ? null : new BigDecimal(tokenId);
        entity.minSimilarity = minSimilarity;
        entity.maxDistance = maxDistance;
        entity.fromSeq = from;
        persist(entity);
        flush();
        getEntityManager().refresh(entity);
        return entity.toRecord();
    }

    @Transactional
    public Optional<Watch> byId(long id) {
        return findByIdOptional(id).map(WatchEntity::toRecord);
    }

    @Transactional
    public List<Watch> page(long afterId, int limit) {
        return find("id > ?1 order by id", afterId).page(0, limit).list().stream().map(WatchEntity::toRecord).toList();
    }

    @Transactional
    public boolean delete(long id) {
        return deleteById(id);
    }
}
