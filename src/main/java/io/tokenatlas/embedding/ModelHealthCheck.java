package io.tokenatlas.embedding;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the model is loaded and registered; says which model (name, sha256, dimension). */
@Readiness
@ApplicationScoped
public class ModelHealthCheck implements HealthCheck {
    private final EmbeddingModel model;

    public ModelHealthCheck(EmbeddingModel model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        ModelIdentity identity = model.identity();
        return HealthCheckResponse.named("model").up()
                .withData("name", identity.name())
                .withData("sha256", identity.sha256())
                .withData("dimension", identity.dimension())
                .build();
    }
}
