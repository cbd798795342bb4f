package io.tokenatlas.chain;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Reports each chain's nodes on /q/health (a wellness check: an unreachable chain stops indexing,
 * but reads keep being served, so it neither restarts the daemon nor takes it out of service).
 */
@Wellness
@ApplicationScoped
public class ChainHealthCheck implements HealthCheck {
    /** A chain whose every URL failed and none succeeded for this long is down. */
    static final long DOWN_AFTER_SECONDS = 10;

    private final ChainNodes nodes;

    public ChainHealthCheck(ChainNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("chains").up();
        for (long chainId : nodes.chainIds()) {
            ChainStatus status = nodes.node(chainId).status();
            boolean down = status.unreachableFor(DOWN_AFTER_SECONDS);
            String head = status.head() == null ? "no head read yet" : "head " + status.head();
            String last = status.recentErrors().isEmpty() ? "" : "; last error: " + status.recentErrors().getFirst().message();
            response.withData("chain " + chainId, (down ? "DOWN: " : "UP: ") + head + " via " + status.urlInUse()
                    + (down ? last : ""));
            if (down) {
                response.down();
            }
        }
        return response.build();
    }
}
