package io.tokenatlas.config;

import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The HTTP API: keys, rate limits, search limits ({@code atlas.api.*}). */
public interface ApiConfig {
    /**
     * Keys that open the write endpoints (header {@code X-API-Key} or {@code Authorization: Bearer}).
     * With none configured, every write is refused.
     */
    Optional<List<String>> keys();

    /** Whether reads need a key too. */
    @WithDefault("false")
    boolean keysForReads();

    /** Requests a second one client (its key, else its address) may make on average; 0: no limit. */
    @WithDefault("50")
    double rateLimit();

    /** Requests a client may make at once before the average applies. */
    @WithDefault("200")
    int rateBurst();

    /**
     * Whether every replica shares each client's bucket (kept in PostgreSQL; each replica may run
     * ahead of it by a twentieth of the burst for up to 200 ms); false: each replica counts on its own.
     */
    @WithDefault("true")
    boolean rateLimitShared();

    /** What a search by image counts against the rate limit, in requests (it runs the model). */
    @WithDefault("10")
    int imageSearchCost();

    /**
     * What a mosaic, an atlas sheet, a near-duplicate search or a text search counts against the
     * rate limit, in requests (each reads or draws thousands of rows).
     */
    @WithDefault("10")
    int expensiveReadCost();

    /**
     * Addresses and CIDR ranges of reverse proxies (an ingress) whose X-Forwarded-For names the
     * client; requests from anywhere else are counted by their own address, whatever they claim.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Candidates an HNSW search keeps per result asked for (pgvector's hnsw.ef_search is k times
     * this, at least 40 and at most 1000): more finds more of the true nearest neighbours in big
     * collections and costs time.
     */
    @WithDefault("6")
    int searchCandidatesPerResult();

    /** Largest image accepted by the search by image, uploaded or fetched. */
    @WithDefault("10485760")
    long maxUploadBytes();

    /**
     * Near-duplicates: largest Hamming distance between two images' 64-bit perceptual hashes
     * (allowing for flips, quarter turns and a crop).
     */
    @WithDefault("12")
    int duplicateMaxDistance();

    /**
     * Near-duplicates: smallest cosine similarity of their vectors as well (a turned or recoloured
     * copy's vector is further from its original's than a sibling's in a layered drop: the
     * structure match, not this, tells them apart).
     */
    @WithDefault("0.6")
    double duplicateMinSimilarity();
}
