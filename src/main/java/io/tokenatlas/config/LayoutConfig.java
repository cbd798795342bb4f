package io.tokenatlas.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The 2-D map of each collection ({@code atlas.layout.*}). */
public interface LayoutConfig {
    /** Whether this process recomputes layouts and places new tokens (one replica per collection at a time). */
    @WithDefault("true")
    boolean enabled();

    /** How often each collection is checked for a due recompute. */
    @WithDefault("5s")
    Duration checkInterval();

    /** A recompute runs at least this often while tokens changed since the last one. */
    @WithDefault("1h")
    Duration recomputeInterval();

    /** A recompute runs early once this many tokens (or more than the last version holds) arrived or left ... */
    @WithDefault("50")
    int minNewTokens();

    /** ... and they are at least this share of the tokens in the last version. */
    @WithDefault("0.1")
    double newTokenShare();

    /** UMAP's neighbourhood size. */
    @WithDefault("15")
    int neighbours();

    /** UMAP's minimum distance between points on the map. */
    @WithDefault("0.1")
    double minDist();

    /** PCA to this many dimensions before UMAP (0: none). */
    @WithDefault("50")
    int pcaDimensions();

    /**
     * UMAP epochs (0: 500 up to 10,000 tokens, 200 beyond, and 200 for a map made while a backfill
     * still brings tokens).
     */
    @WithDefault("0")
    int epochs();

    /** UMAP's random seed, recorded with each version (ARPACK's start vector is not seeded by it). */
    @WithDefault("1")
    long seed();

    /** Up to this many tokens the grid is an exact assignment; beyond, bisection refined in tiles. */
    @WithDefault("1000")
    int exactGridLimit();

    /** Most clusters on one map. */
    @WithDefault("24")
    int maxClusters();

    /** Fewest tokens a cluster should have (bounds k by tokens / this). */
    @WithDefault("5")
    int minClusterSize();

    /** Versions kept per collection (older ones are deleted). */
    @WithDefault("3")
    int keepVersions();

    /** Placed neighbours a provisional token's position is taken from. */
    @WithDefault("8")
    int placementNeighbours();
}
