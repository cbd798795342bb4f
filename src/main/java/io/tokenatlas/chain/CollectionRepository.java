package io.tokenatlas.chain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Registered collections. */
@ApplicationScoped
public class CollectionRepository implements PanacheRepositoryBase<CollectionEntity, Long> {

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
}
