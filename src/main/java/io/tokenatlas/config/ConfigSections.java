package io.tokenatlas.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The sections of {@link AtlasConfig} as beans, so that a class takes only the section it reads. */
@ApplicationScoped
public class ConfigSections {
    private final AtlasConfig config;

    public ConfigSections(AtlasConfig config) {
        this.config = config;
    }

    @Produces
    WorkerConfig worker() {
        return config.worker();
    }

    @Produces
    MediaConfig media() {
        return config.media();
    }

    @Produces
    IpfsConfig ipfs() {
        return config.ipfs();
    }

    @Produces
    ApiConfig api() {
        return config.api();
    }

    @Produces
    EmbeddingConfig embedding() {
        return config.embedding();
    }

    @Produces
    EventsConfig events() {
        return config.events();
    }

    @Produces
    LayoutConfig layout() {
        return config.layout();
    }
}
