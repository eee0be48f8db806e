package dev.caravan.camel;

import dev.caravan.config.Invocation;
import dev.caravan.schedule.QuartzScheduling;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.event.CamelContextStartedEvent;
import org.jboss.logging.Logger;

/**
 * Starts the long-running routes (drop folders, schedules, webhooks) when Caravan runs as a service
 * ({@code serve}, see {@link Invocation#service()}), then the Quartz scheduler, so no fire reaches a
 * route that is not running yet. Every other command leaves them stopped, so the CLI never races the
 * service for the inbox, never takes a fire of the replicas' shared schedules, and {@code --version}
 * or a mistyped command never starts one.
 */
@ApplicationScoped
public class ServiceRoutes {

    /** Routes of this group run only in the service (drop folders, schedules). */
    static final String SERVICE_GROUP = "service";
    private static final Logger LOG = Logger.getLogger(ServiceRoutes.class);

    @Inject
    Invocation invocation;

    @Inject
    CamelContext camel;

    @Inject
    QuartzScheduling scheduling;

    public boolean serviceMode() {
        return invocation.service();
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
