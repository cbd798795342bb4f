package io.tokenatlas.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** IPFS gateways and verification ({@code atlas.ipfs.*}). */
public interface IpfsConfig {
    /**
     * Gateways (base URLs) that ipfs:// URIs are fetched through, best health first; by default
     * two public ones that answer trustless (CAR) requests, so content is verified out of the box.
     */
    @WithDefault("https://trustless-gateway.link,https://ipfs.io")
    List<String> gateways();

    /** Timeout of one gateway try (a CAR or a file), connect to last byte. */
    @WithDefault("30s")
    Duration tryTimeout();

    /** When the gateway being tried has not answered after this long, the next one is asked too (0 = never). */
    @WithDefault("2s")
    Duration hedgeDelay();

    /**
     * required: only content whose every block was checked against its CID is used;
     * fallback: content no gateway can prove comes from a plain path fetch, marked unverified.
     */
    @WithDefault("fallback")
    Verification verification();

    /** Folder of the on-disk cache of verified IPFS content (default: a folder in java.io.tmpdir). */
    Optional<String> cacheDir();

    /** Largest size of the cache folder, in bytes; the least recently used content goes first. */
    @WithDefault("1073741824")
    long cacheMaxBytes();

    /**
     * Whether the verified blocks of each token's IPFS metadata and image are kept in the database
     * (about the size of the images), so that its provenance CAR can be downloaded and checked offline.
     */
    @WithDefault("true")
    boolean keepBlocks();

    /** Whether IPFS content must be verified against its CID. */
    enum Verification {
        REQUIRED, FALLBACK
    }
}
