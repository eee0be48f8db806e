package dev.caravan.schedule;

import dev.caravan.config.CaravanConfig;
import dev.caravan.config.Invocation;
import dev.caravan.warehouse.Warehouse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.CamelEvent;
import org.jboss.logging.Logger;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;

/**
 * The scheduler every Quartz route (sync schedules, quality checks, alert delivery) runs on, chosen
 * by the warehouse's dialect: where it keeps schedules ({@code SqlDialect.quartzDelegate}, PostgreSQL)
 * the service shares Quartz's clustered JDBC store with every replica, on the warehouse's own
 * connections, so each fire runs on one replica; on H2, with {@code CARAVAN_SCHEDULER_CLUSTERED=false}
 * and in one-shot commands, a local in-memory scheduler. The scheduler starts only once the service
 * routes run (never in one-shot commands) and halts as soon as the context begins to stop, after the
 * runs were asked to stop, so no fire is taken by a replica whose routes are going away.
 */
@ApplicationScoped
public class QuartzScheduling {

    private static final Logger LOG = Logger.getLogger(QuartzScheduling.class);

    private final CaravanConfig.Scheduler settings;
    private final Warehouse warehouse;
    private final boolean service;
    private volatile QuartzComponent component;

    @Inject
    public QuartzScheduling(CaravanConfig config, Warehouse warehouse, Invocation invocation) {
        this.settings = config.scheduler();
        this.warehouse = warehouse;
        this.service = invocation.service();
    }

    /** Whether this process shares its schedules with the other replicas through the warehouse. */
    public boolean clustered() {
        return service && settings.clustered() && warehouse.dialect().quartzDelegate().isPresent();
    }

    @Produces
    @Singleton
    @Named("quartz")
    QuartzComponent quartz() {
        QuartzComponent quartz;
        Properties properties;
        if (clustered()) { // only the service asks the warehouse: a one-shot command may run with it away
            Optional<String> delegate = warehouse.dialect().quartzDelegate();
            DBConnectionManager.getInstance().addConnectionProvider(QuartzSettings.DATA_SOURCE,
                    new WarehouseConnections(warehouse.dataSource()));
            quartz = new SharedQuartzComponent(new ReplicaSchedules(warehouse.dataSource()));
            properties = QuartzSettings.clustered(delegate.orElseThrow(), settings.checkinInterval(), settings.misfireThreshold());
        } else {
            quartz = new QuartzComponent();
            properties = QuartzSettings.local(settings.misfireThreshold());
        }
        quartz.setProperties(new HashMap<>(properties));
        quartz.setPrefixInstanceName(false); // one scheduler name on every replica: one cluster
        quartz.setAutoStartScheduler(false); // started by start(), once the service routes run
        component = quartz;
        return quartz;
    }

    /** Starts the scheduler, after the service routes started (ServiceRoutes). */
    public void start() throws SchedulerException {
        Scheduler scheduler = scheduler();
        if (scheduler == null || scheduler.isStarted()) {
            return;
        }
        if (component instanceof SharedQuartzComponent shared) {
            shared.declareCrons();
        }
        scheduler.start();
        if (component instanceof SharedQuartzComponent shared) {
            shared.replicas().sweep(scheduler);
            LOG.infof("Schedules: shared with every replica in the warehouse (scheduler instance %s, check-in every %s,"
                    + " misfire threshold %s); each fire runs on one replica", scheduler.getSchedulerInstanceId(),
                    settings.checkinInterval(), settings.misfireThreshold());
        } else {
            LOG.infof("Schedules: local to this process (%s)", warehouse.dialect().quartzDelegate().isEmpty()
                    ? "the " + warehouse.vendor() + " warehouse keeps no schedules" : "CARAVAN_SCHEDULER_CLUSTERED=false");
        }
        warnShortPeriods(scheduler);
    }

    /**
     * As soon as the context begins to stop (after GracefulShutdown asked the runs to stop): this
     * replica's declaration is withdrawn and the scheduler halts without waiting for running jobs.
     * A trigger it had acquired for a coming fire is released by the other replicas' cluster
     * recovery (after the check-in interval plus 7.5 s) and fires there, once.
     */
    void onCamelStopping(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) CamelEvent.CamelContextStoppingEvent event) {
        Scheduler scheduler = scheduler();
        try {
            if (scheduler == null || scheduler.isShutdown()) {
                return;
            }
            if (component instanceof SharedQuartzComponent shared && scheduler.isStarted()) {
                shared.replicas().withdraw(scheduler);
            }
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warnf("Could not halt the scheduler: %s", e.getMessage());
        }
    }

    private Scheduler scheduler() {
        QuartzComponent quartz = component;
        return quartz == null ? null : quartz.getScheduler();
    }

    /** A cron firing more often than the misfire threshold could run several times in a row after an outage. */
    private void warnShortPeriods(Scheduler scheduler) throws SchedulerException {
        Duration threshold = settings.misfireThreshold();
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
            Trigger t = scheduler.getTrigger(key);
            if (t instanceof CronTrigger cron) {
                Date first = cron.getFireTimeAfter(new Date());
                Date second = first == null ? null : cron.getFireTimeAfter(first);
                if (second != null && second.getTime() - first.getTime() <= threshold.toMillis()) {
                    LOG.warnf("Schedule %s (%s) fires every %d ms, not more than the misfire threshold %s: after an"
                            + " outage it may run several times in a row; set CARAVAN_SCHEDULER_MISFIRE_THRESHOLD below its period",
                            key, cron.getCronExpression(), second.getTime() - first.getTime(), threshold);
                }
            }
        }
    }
}
