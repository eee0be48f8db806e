package dev.caravan.schedule;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.EverythingMatcher;

/**
 * camel-quartz's component over the clustered store, declaring each schedule of this replica before
 * its endpoint stores the trigger ({@link ReplicaSchedules}), skipping fires of schedules this replica
 * does not have and repairing a cron Quartz let a stale copy overwrite ({@link FireGuard}). Everything else is camel-quartz's own: it
 * stores the CamelContext's name and the endpoint URI in the job data and finds the route by trigger
 * key at each fire, reschedules a stored trigger whose cron changed, and in a clustered store neither
 * deletes nor pauses triggers when a route or the context stops, so the other replicas go on firing.
 */
final class SharedQuartzComponent extends QuartzComponent {

    private final ReplicaSchedules replicas;

    SharedQuartzComponent(ReplicaSchedules replicas) {
        this.replicas = replicas;
    }

    ReplicaSchedules replicas() {
        return replicas;
    }

    /** Adds the crons of this replica's schedules to its declaration (once the endpoints are configured and started). */
    void declareCrons() throws SchedulerException {
        Map<TriggerKey, String> crons = new HashMap<>();
        for (org.apache.camel.Endpoint e : getCamelContext().getEndpoints()) {
            if (e instanceof QuartzEndpoint q && replicas.declares(q.getTriggerKey())) {
                crons.put(q.getTriggerKey(), q.getCron());
            }
        }
        replicas.crons(getScheduler(), crons);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart(); // creates the scheduler (not started: QuartzScheduling starts it after the routes)
        getScheduler().getListenerManager().addTriggerListener(new FireGuard(replicas), EverythingMatcher.allTriggers());
        replicas.write(getScheduler());
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Endpoint endpoint = super.createEndpoint(uri, remaining, parameters);
        replicas.declare(getScheduler(), ((QuartzEndpoint) endpoint).getTriggerKey());
        return endpoint;
    }
}
