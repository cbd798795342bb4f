package io.tokenatlas.coordination;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Collection locks on the real PostgreSQL: one holder per job and collection, free again once released. */
@QuarkusTest
class CollectionLocksTest {
    @Inject
    CollectionLocks locks;

    @Test
    void oneHolderAtATimePerCollection() {
        var first = locks.tryLock(CollectionLocks.Job.FOLLOW, 7001);
        assertTrue(first.isPresent());
        assertTrue(locks.tryLock(CollectionLocks.Job.FOLLOW, 7001).isEmpty(), "a second session cannot take a held lock");
        var other = locks.tryLock(CollectionLocks.Job.FOLLOW, 7002);
        assertTrue(other.isPresent(), "another collection's lock is independent");
        var layout = locks.tryLock(CollectionLocks.Job.LAYOUT, 7001);
        assertTrue(layout.isPresent(), "another job's lock on the same collection is independent");
        layout.get().close();
        first.get().close();
        var again = locks.tryLock(CollectionLocks.Job.FOLLOW, 7001);
        assertTrue(again.isPresent(), "released with close()");
        again.get().close();
        other.get().close();
    }
}
