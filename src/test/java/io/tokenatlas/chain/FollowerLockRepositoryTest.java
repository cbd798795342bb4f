package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The follower lock on the real PostgreSQL: one holder per collection, free again once released. */
@QuarkusTest
class FollowerLockRepositoryTest {
    @Inject
    FollowerLockRepository locks;

    @Test
    void oneHolderAtATimePerCollection() {
        var first = locks.tryLock(7001);
        assertTrue(first.isPresent());
        assertTrue(locks.tryLock(7001).isEmpty(), "a second session cannot take a held lock");
        var other = locks.tryLock(7002);
        assertTrue(other.isPresent(), "another collection's lock is independent");
        first.get().close();
        var again = locks.tryLock(7001);
        assertTrue(again.isPresent(), "released with close()");
        again.get().close();
        other.get().close();
    }
}
