package io.tokenatlas.event;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Webhook subscriptions as users manage them over the API. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<WebhookEntity, Long> {

    /**
     * Subscribes {@code url}; it is given the events that follow {@code from} (the log's last seq
     * when it was made).
     */
    @Transactional
    public Webhook create(String url, EventFilter filter, String secret, long from) {
        WebhookEntity entity = new WebhookEntity();
        entity.url = url;
        entity.kinds = filter.kinds().stream().sorted().toArray(String[]::new);
        entity.collectionIds = filter.collections().stream().sorted().toArray(Long[]::new);
        entity.secret = secret;
        entity.cursorSeq = from;
        persist(entity);
        flush();
        getEntityManager().refresh(entity);
        return entity.toRecord();
    }

    @Transactional
    public Optional<Webhook> byId(long id) {
        return findByIdOptional(id).map(WebhookEntity::toRecord);
    }

    @Transactional
    public List<Webhook> page(long afterId, int limit) {
        return find("id > ?1 order by id", afterId).page(0, limit).list().stream().map(WebhookEntity::toRecord).toList();
    }

    @Transactional
    public boolean delete(long id) {
        return deleteById(id);
    }
}
