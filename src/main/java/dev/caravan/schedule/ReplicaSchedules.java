package dev.caravan.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * This replica's schedules in the shared store, the sweep of stored schedules no live replica
 * declares, and the repair of a stored cron that is not the newest replica's ({@link StaleSchedules}).
 * The declaration is a durable trigger-less Quartz job per scheduler instance (group
 * caravan-replicas, string job data: one "KEY\tCRON" line per schedule), written before the
 * replica's own triggers are stored and withdrawn when it stops; a killed replica's declaration is
 * dropped once Quartz no longer lists the instance as checked in.
 */
final class ReplicaSchedules {

    static final String GROUP = "caravan-replicas";
    /** A declaration younger than this counts as live without a check-in (a replica still starting). */
    static final Duration GRACE = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(ReplicaSchedules.class);

    private final DataSource warehouse;
    /** Trigger key ("group.name") → cron ("" until the routes started, or for a schedule that is not a cron). */
    private final Map<String, String> mine = new ConcurrentSkipListMap<>();
    private final long since = System.currentTimeMillis();

    ReplicaSchedules(DataSource warehouse) {
        this.warehouse = warehouse;
    }

    /** Declares one more schedule of this replica (before its trigger is stored), and writes the declaration when the store is there. */
    synchronized void declare(Scheduler scheduler, TriggerKey key) throws SchedulerException {
        mine.putIfAbsent(key.toString(), "");
        if (scheduler != null) {
            write(scheduler);
        }
    }

    /** Adds the crons of this replica's schedules, once its routes have started. */
    synchronized void crons(Scheduler scheduler, Map<TriggerKey, String> crons) throws SchedulerException {
        crons.forEach((key, cron) -> mine.put(key.toString(), cron == null ? "" : cron));
        write(scheduler);
    }

    boolean declares(TriggerKey key) {
        return mine.containsKey(key.toString());
    }

    synchronized void write(Scheduler scheduler) throws SchedulerException {
        JobDetail declaration = JobBuilder.newJob(Declaration.class).withIdentity(scheduler.getSchedulerInstanceId(), GROUP)
                .storeDurably().withDescription("schedules of a running Caravan replica")
                .usingJobData("schedules", mine.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue())
                        .collect(java.util.stream.Collectors.joining("\n")))
                .usingJobData("since", Long.toString(since))
                .build();
        scheduler.addJob(declaration, true);
    }

    /** Removes this replica's declaration (a clean stop); its schedules stay for the replicas that declare them too. */
    void withdraw(Scheduler scheduler) {
        try {
            scheduler.deleteJob(new JobKey(scheduler.getSchedulerInstanceId(), GROUP));
        } catch (SchedulerException e) {
            LOG.warnf("Could not withdraw this replica's schedules (they are dropped once it stops checking in): %s", e.getMessage());
        }
    }

    /** What the live replicas declare now. */
    StaleSchedules.Verdict verdict(Scheduler scheduler) throws SchedulerException {
        List<StaleSchedules.Declaration> declarations = new ArrayList<>();
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            JobDetail d = scheduler.getJobDetail(key);
            if (d != null) {
                declarations.add(read(key.getName(), d.getJobDataMap()));
            }
        }
        return StaleSchedules.judge(declarations, checkedIn(scheduler.getSchedulerName()),
                scheduler.getSchedulerInstanceId(), System.currentTimeMillis(), GRACE);
    }

    /** Removes the stored schedules no live replica declares, and the declarations of replicas gone; returns the schedules removed. */
    synchronized List<String> sweep(Scheduler scheduler) throws SchedulerException {
        StaleSchedules.Verdict verdict = verdict(scheduler);
        for (String gone : verdict.goneInstances()) {
            scheduler.deleteJob(new JobKey(gone, GROUP));
        }
        List<String> stored = scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup()).stream()
                .filter(k -> !Scheduler.DEFAULT_RECOVERY_GROUP.equals(k.getGroup())).map(TriggerKey::toString).toList();
        List<String> removed = new ArrayList<>();
        for (String stale : verdict.stale(stored)) {
            int dot = stale.indexOf('.');
            if (scheduler.unscheduleJob(new TriggerKey(stale.substring(dot + 1), stale.substring(0, dot)))) {
                LOG.infof("Schedule %s removed from the shared store: no running replica declares it", stale);
                removed.add(stale);
            }
        }
        return removed;
    }

    private static StaleSchedules.Declaration read(String instanceId, JobDataMap data) {
        String schedules = data.getString("schedules");
        Map<String, String> keys = new HashMap<>();
        if (schedules != null && !schedules.isEmpty()) {
            for (String line : schedules.split("\n")) {
                int tab = line.indexOf('\t');
                keys.put(tab < 0 ? line : line.substring(0, tab), tab < 0 ? "" : line.substring(tab + 1));
            }
        }
        long since;
        try {
            since = Long.parseLong(data.getString("since"));
        } catch (RuntimeException e) {
            since = 0;
        }
        return new StaleSchedules.Declaration(instanceId, since, keys);
    }

    /** The scheduler instances checked in to the cluster (Quartz drops an instance's row once another recovered it). */
    private Set<String> checkedIn(String schedulerName) throws SchedulerException {
        String sql = "SELECT instance_name FROM " + QuartzSettings.TABLE_PREFIX + "SCHEDULER_STATE WHERE sched_name = ?";
        try (Connection c = warehouse.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schedulerName);
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> out = new HashSet<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new SchedulerException("cannot read the cluster's scheduler instances: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return mine.toString();
    }

    /**
     * The class of declaration jobs: they are never triggered. Quartz loads it by name when it reads
     * a declaration, so its name stays.
     */
    public static final class Declaration implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            // a declaration has no trigger
        }
    }
}
