package dev.caravan.sync;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What the Quartz schedules call (camel/SyncScheduleRoutes). A source that is not configured is
 * logged once and skipped; a run that fails is in the run log and does not stop the schedule. Each
 * fire is logged with its scheduled time, on the replica that runs it.
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
        return run(source, false, null);
    }

    public List<RunSummary> full(String source) {
        return run(source, true, null);
    }

    /** The schedule's fire, scheduled for {@code fireTime} (Quartz's scheduledFireTime). */
    public List<RunSummary> incremental(String source, Date fireTime) {
        return run(source, false, fireTime);
    }

    public List<RunSummary> full(String source, Date fireTime) {
        return run(source, true, fireTime);
    }

    private List<RunSummary> run(String source, boolean full, Date fireTime) {
        if (!syncs.configured(source)) {
            if (reportedUnconfigured.add(source)) {
                LOG.infof("Scheduled syncs of %s are skipped: the source is not configured", source);
            }
            return List.of();
        }
        if (fireTime != null) {
            LOG.infof("Scheduled %s sync of %s: fire of %s runs on this replica", full ? "full" : "incremental", source,
                    fireTime.toInstant());
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
