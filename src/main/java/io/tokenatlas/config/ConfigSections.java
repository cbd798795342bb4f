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
    AtlasConfig.Worker worker() {
        return config.worker();
    }

    @Produces
    AtlasConfig.Media media() {
        return config.media();
    }

    @Produces
    AtlasConfig.Ipfs ipfs() {
        return config.ipfs();
    }

    @Produces
    AtlasConfig.Api api() {
        return config.api();
    }

    @Produces
    AtlasConfig.Embedding embedding() {
        return config.embedding();
    }

    @Produces
    AtlasConfig.Layout layout() {
        return config.layout();
    }
}
