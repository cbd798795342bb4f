package io.tokenatlas.chain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Registered collections. */
@ApplicationScoped
public class CollectionRepository implements PanacheRepositoryBase<CollectionEntity, Long> {
    /** Told of each deletion once it is committed (packages below clean up what the schema's cascades leave). */
    @jakarta.inject.Inject
    jakarta.enterprise.event.Event<CollectionDeleted> deletions;

    @Transactional
    public Optional<Collection> byId(long id) {
        return findByIdOptional(id).map(CollectionEntity::toRecord);
    }

    @Transactional
    public Optional<Collection> byAddress(long chainId, String address) {
        return find("chainId = ?1 and address = ?2", chainId, address).firstResultOptional()
                .map(CollectionEntity::toRecord);
    }

    @Transactional
    public List<Collection> all() {
        return listAll().stream().map(CollectionEntity::toRecord).toList();
    }

    @Transactional
    public List<Collection> followed() {
        return list("status <> ?1 order by id", CollectionStatus.PAUSED.name()).stream()
                .map(CollectionEntity::toRecord).toList();
    }

    @Transactional
    public Collection insert(CollectionEntity entity) {
        persist(entity);
        return entity.toRecord();
    }

    @Transactional
    public void recordSupplyCheck(long id, String result) {
        update("supplyCheck = ?1 where id = ?2", result, id);
    }

    /** Records a problem the follower met (or clears it with null) without moving the cursor. */
    @Transactional
    public void recordError(long id, String error) {
        update("error = ?1, updatedAt = current_timestamp where id = ?2", error, id);
    }

    /** Pauses a collection (nothing of it is followed or processed) or resumes it; false when unknown. */
    @Transactional
    public boolean setPaused(long id, boolean paused) {
        String status = paused ? CollectionStatus.PAUSED.name() : CollectionStatus.BACKFILLING.name();
        // Resuming goes through BACKFILLING: the follower moves it to FOLLOWING once caught up.
        String from = paused ? "status <> 'PAUSED'" : "status = 'PAUSED'";
        int changed = update("status = ?1, updatedAt = current_timestamp where id = ?2 and " + from, status, id);
        return changed > 0 || findByIdOptional(id).isPresent();
    }

    /**
     * Deletes a collection with its tokens, logs, vectors, tags and layouts (by the schema's
     * cascades), and the stored images and IPFS blocks no other token uses; false when it was not registered.
     */
    @Transactional
    public boolean delete(long id) {
        var em = getEntityManager();
        java.util.List<?> rows = em.createNativeQuery(
                "SELECT DISTINCT media_sha256 FROM token WHERE collection_id = ?1 AND media_sha256 IS NOT NULL")
                .setParameter(1, id).getResultList();
        String[] media = rows.stream().map(String.class::cast).toArray(String[]::new);
        String[] blocks = ((java.util.List<?>) em.createNativeQuery("""
                SELECT metadata_car FROM token WHERE collection_id = ?1 AND metadata_car IS NOT NULL
                UNION SELECT image_car FROM token WHERE collection_id = ?1 AND image_car IS NOT NULL
                """).setParameter(1, id).getResultList()).stream().map(String.class::cast).toArray(String[]::new);
        int deleted = em.createNativeQuery("DELETE FROM collection WHERE id = ?1").setParameter(1, id).executeUpdate();
        if (deleted > 0 && blocks.length > 0) {
            em.createNativeQuery("""
                    DELETE FROM ipfs_car k WHERE k.entity = ANY (cast(?1 as text[]))
                       AND NOT EXISTS (SELECT 1 FROM token t WHERE t.metadata_car = k.entity)
                       AND NOT EXISTS (SELECT 1 FROM token t WHERE t.image_car = k.entity)
                    """).setParameter(1, blocks).executeUpdate();
        }
        if (deleted > 0 && media.length > 0) {
            em.createNativeQuery("""
                    DELETE FROM media m WHERE m.sha256 = ANY (cast(?1 as text[]))
                       AND NOT EXISTS (SELECT 1 FROM token t WHERE t.media_sha256 = m.sha256)
                    """).setParameter(1, media).executeUpdate();
        }
        if (deleted > 0) {
            deletions.fire(new CollectionDeleted(id));
        }
        return deleted > 0;
    }
}
