package dev.caravan.run;

import dev.caravan.config.CaravanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: DOWN when a run of this process has committed nothing for longer than
 * CARAVAN_STUCK_AFTER (a stuck import), so Kubernetes restarts the pod; the restarted pod's sweep
 * closes the run and the file is imported again from what was committed.
 */
@Liveness
@ApplicationScoped
public class StuckRunCheck implements HealthCheck {

    private final RunRegistry registry;
    private final Duration stuckAfter;

    @Inject
    public StuckRunCheck(RunRegistry registry, CaravanConfig config) {
        this.registry = registry;
        this.stuckAfter = config.runs().stuckAfter();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("caravan-runs").up();
        Instant now = Instant.now();
        int running = 0;
        for (RunRegistry.ActiveRun run : registry.active()) {
            running++;
            Duration idle = Duration.between(run.lastProgress(), now);
            if (idle.compareTo(stuckAfter) > 0) {
                b.down().withData("stuck-run-" + run.runId(), run.description() + ": no batch committed for "
                        + idle.toSeconds() + " s");
            }
        }
        return b.withData("running", running).build();
    }
}
