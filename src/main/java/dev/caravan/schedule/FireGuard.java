package dev.caravan.schedule;

import java.util.Optional;
import org.jboss.logging.Logger;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerListener;

/**
 * Looks at each fire this replica took from the shared store before it runs.
 * <ul>
 * <li>A schedule this replica's definitions do not have (another replica's, during a rollout, or one
 * removed from the definitions) is not run here: Camel would find no route for it. The fire is
 * skipped with a warning, and a sweep removes the schedule when no live replica declares it.</li>
 * <li>A cron that is not the one of the most recently started replica declaring the schedule is
 * set back to it, while the fire holds the trigger (no other replica can have it acquired then).
 * Quartz lets a replica that had acquired a trigger before another one rescheduled it fire its old
 * copy once and store that copy's cron again; this repairs it at the next fire.</li>
 * </ul>
 */
final class FireGuard implements TriggerListener {

    private static final Logger LOG = Logger.getLogger(FireGuard.class);

    private final ReplicaSchedules replicas;

    FireGuard(ReplicaSchedules replicas) {
        this.replicas = replicas;
    }

    @Override
    public String getName() {
        return "caravan-fire-guard";
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        Scheduler scheduler = context.getScheduler();
        String key = trigger.getKey().toString();
        try {
            if (replicas.declares(trigger.getKey())) {
                repairCron(scheduler, trigger);
                return false;
            }
            if (replicas.sweep(scheduler).contains(key)) {
                return true; // logged as removed
            }
        } catch (SchedulerException | RuntimeException e) {
            LOG.warnf("Could not check schedule %s against the replicas' declarations: %s", key, e.getMessage());
            return !replicas.declares(trigger.getKey());
        }
        LOG.warnf("Fire of schedule %s skipped on this replica: its definitions do not have it (another running"
                + " replica's do; a rollout in progress?)", key);
        return true;
    }

    private void repairCron(Scheduler scheduler, Trigger fired) throws SchedulerException {
        if (!(fired instanceof CronTrigger cron)) {
            return;
        }
        Optional<String> wanted = replicas.verdict(scheduler).cron(fired.getKey().toString());
        if (wanted.isEmpty() || wanted.get().equals(cron.getCronExpression())) {
            return;
        }
        Trigger repaired = TriggerBuilder.newTrigger().withIdentity(fired.getKey()).forJob(fired.getJobKey())
                .withSchedule(CronScheduleBuilder.cronSchedule(wanted.get()).withMisfireHandlingInstructionFireAndProceed()
                        .inTimeZone(cron.getTimeZone()))
                .startNow().build();
        scheduler.rescheduleJob(fired.getKey(), repaired);
        LOG.warnf("Schedule %s had cron '%s' in the shared store; the most recently started replica declares '%s': rescheduled",
                fired.getKey(), cron.getCronExpression(), wanted.get());
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        // checked in vetoJobExecution
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        // Quartz applies the trigger's misfire instruction (fire once now)
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context, Trigger.CompletedExecutionInstruction instruction) {
        // nothing after a fire
    }
}
