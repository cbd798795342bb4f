package io.tokenatlas.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** Every setting of the daemon, under the prefix {@code atlas}. */
@ConfigMapping(prefix = "atlas")
public interface AtlasConfig {

    /** The chains the daemon may index, keyed by chain id (e.g. {@code atlas.chains."1".rpc-urls}). */
    Map<String, ChainConfig> chains();

    /** IPFS gateways. */
    IpfsConfig ipfs();

    /** The Arweave gateway ar:// URIs are fetched through. */
    ArweaveConfig arweave();

    /** Fetching and decoding images and metadata. */
    MediaConfig media();

    /** The embedding model. */
    EmbeddingConfig embedding();

    /** The pipeline workers. */
    WorkerConfig worker();

    /** The 2-D map of each collection: UMAP, grid, clusters, and when they are recomputed. */
    LayoutConfig layout();

    /** The HTTP API: keys, rate limits, search limits. */
    ApiConfig api();

    /** The event stream and webhooks. */
    EventsConfig events();

}
