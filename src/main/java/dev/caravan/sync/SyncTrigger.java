package dev.caravan.sync;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What the Quartz schedules call (camel/SyncScheduleRoutes). A source that is not configured is
 * logged once and skipped; a run that fails is in the run log and does not stop the schedule.
 */
@ApplicationScoped
@Named("syncTrigger")
public class SyncTrigger {

    private static final Logger LOG = Logger.getLogger(SyncTrigger.class);

    private final SyncService syncs;
    private final Set<String> reportedUnconfigured = ConcurrentHashMap.newKeySet();

    @Inject
    public SyncTrigger(SyncService syncs) {
        this.syncs = syncs;
    }

    public List<RunSummary> incremental(String source) {
        return run(source, false);
    }

    public List<RunSummary> full(String source) {
        return run(source, true);
    }

    private List<RunSummary> run(String source, boolean full) {
        if (!syncs.configured(source)) {
            if (reportedUnconfigured.add(source)) {
                LOG.infof("Scheduled syncs of %s are skipped: the source is not configured", source);
            }
            return List.of();
        }
        List<RunSummary> runs = syncs.sync(source, null, full, false, "schedule", ImportProgress.NONE);
        for (RunSummary r : runs) {
            if ("skipped".equals(r.status())) {
                LOG.infof("Scheduled %s sync of %s skipped: %s", full ? "full" : "incremental", source, r.message());
            }
        }
        return runs;
    }
}
