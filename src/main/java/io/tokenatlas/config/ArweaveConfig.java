package io.tokenatlas.config;

import io.smallrye.config.WithDefault;

/** The Arweave gateway ({@code atlas.arweave.*}). */
public interface ArweaveConfig {
    /** Base URL of the Arweave gateway: ar://<tx>/<path> becomes <gateway>/<tx>/<path>. */
    @WithDefault("https://arweave.net")
    String gateway();
}
