package dev.caravan.run;

import dev.caravan.config.CaravanConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.camel.spi.CamelEvent;
import org.jboss.logging.Logger;

/**
 * SIGTERM (every Kubernetes rollout): as soon as the Camel context begins to stop, before it waits
 * for in-flight exchanges, every running run is asked to stop after its batch in flight commits; the
 * runs close as interrupted and their files stay in the inbox for the next start. Shutdown waits
 * for them at most the configured grace, so the warehouse is never closed under a batch.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final RunRegistry registry;
    private final CaravanConfig.Runs settings;

    @Inject
    public GracefulShutdown(RunRegistry registry, CaravanConfig config) {
        this.registry = registry;
        this.settings = config.runs();
    }

    void onCamelStopping(@Observes CamelEvent.CamelContextStoppingEvent event) {
        stopRuns();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopRuns();
    }

    private void stopRuns() {
        boolean hadRuns = !registry.activeIds().isEmpty();
        registry.requestStopAll("shutting down");
        if (!hadRuns) {
            return;
        }
        if (registry.awaitIdle(settings.shutdownGrace())) {
            LOG.info("Shutdown: every running run stopped at a batch boundary");
        } else {
            LOG.warnf("Shutdown: run(s) %s still running after %s; the next start's sweep closes them",
                    registry.activeIds(), settings.shutdownGrace());
        }
    }
}
