package io.tokenatlas.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Pictures rendered at once (mosaics and atlas sheets not already kept): one a core, since each
 * reads and draws thousands of thumbnails. A request that finds them all taken for a few seconds
 * gets 503 with Retry-After instead of piling up.
 */
@ApplicationScoped
public class RenderSlots {
    private final Semaphore slots = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);

    /** A slot; closing it frees it. */
    public Slot take(String path) {
        try {
            if (slots.tryAcquire(5, TimeUnit.SECONDS)) {
                return slots::release;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new WebApplicationException(jakarta.ws.rs.core.Response.fromResponse(ProblemMapper.problem(503, "busy",
                "Rendering is busy", "every render slot is drawing another picture; try again shortly", path))
                .header("Retry-After", 5).build());
    }

    /** A held render slot. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
