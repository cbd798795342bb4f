package io.tokenatlas.chain;

/** Where the follower is with a collection. */
public enum CollectionStatus {
    /** Reading past Transfer logs; the cursor is behind the confirmed head. */
    BACKFILLING,
    /** Caught up; applying new blocks as they are confirmed. */
    FOLLOWING,
    /** Not followed until resumed. */
    PAUSED
}
