package dev.caravan.camel;

import dev.caravan.schedule.QuartzScheduling;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.event.CamelContextStartedEvent;
import org.jboss.logging.Logger;

/**
 * Starts the long-running routes (drop folders, schedules) when Caravan runs as a service: no
 * command, or "serve"; then the Quartz scheduler, so no fire reaches a route that is not running yet.
 * One-shot commands (import, runs, rejects) leave them stopped so the CLI never races the service for
 * the inbox, and never take a fire of the replicas' shared schedules.
 */
@ApplicationScoped
public class ServiceRoutes {

    /** Routes of this group run only in the service (drop folders, schedules). */
    static final String SERVICE_GROUP = "service";
    private static final Set<String> ONE_SHOT = Set.of("import", "sync", "runs", "rejects", "objects", "webhooks", "quality", "replay", "dedup", "unmerge", "help", "--help", "-h");
    private static final Logger LOG = Logger.getLogger(ServiceRoutes.class);

    @Inject
    @CommandLineArguments
    String[] args;

    @Inject
    CamelContext camel;

    @Inject
    QuartzScheduling scheduling;

    public boolean serviceMode() {
        return serviceMode(args);
    }

    /** Whether these command-line arguments run the service (no command, or serve) rather than a one-shot command. */
    public static boolean serviceMode(String[] args) {
        return args == null || args.length == 0 || !ONE_SHOT.contains(args[0]);
    }

    void onCamelStarted(@Observes CamelContextStartedEvent event) throws Exception {
        if (!serviceMode()) {
            return;
        }
        for (String id : serviceRoutes()) {
            camel.getRouteController().startRoute(id);
            LOG.infof("Started route %s", id);
        }
        scheduling.start();
    }

    private List<String> serviceRoutes() {
        return camel.getRoutes().stream().filter(r -> SERVICE_GROUP.equals(r.getGroup())).map(r -> r.getId()).sorted().toList();
    }

    /** True when every service route is started (readiness). */
    public boolean serviceRoutesStarted() {
        if (!serviceMode()) {
            return true;
        }
        for (String id : serviceRoutes()) {
            if (!camel.getRouteController().getRouteStatus(id).isStarted()) {
                return false;
            }
        }
        return true;
    }
}
