package dev.caravan.schedule;

import java.time.Duration;
import java.util.Properties;

/**
 * The Quartz properties of Caravan's scheduler: the same scheduler name, thread pool and misfire
 * threshold everywhere, and either Quartz's in-memory store (one process) or its clustered JDBC
 * store in the warehouse, shared by every replica.
 */
public final class QuartzSettings {

    /** SCHED_NAME in Quartz's tables: equal on every replica, so they form one cluster. */
    public static final String SCHEDULER_NAME = "caravan";
    /** The name the warehouse's connections are registered under for Quartz (DBConnectionManager). */
    static final String DATA_SOURCE = "caravanWarehouse";
    /** Quartz's table prefix, as in migration V20. */
    static final String TABLE_PREFIX = "QRTZ_";
    /** Schedules run one fire at a time each (stateful jobs), so a handful of threads serve them all. */
    static final int THREADS = 10;

    private QuartzSettings() {
    }

    /** A scheduler of this process only, in memory (the embedded H2 warehouse, one-shot commands, clustered off). */
    public static Properties local(Duration misfireThreshold) {
        Properties p = common(misfireThreshold);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return p;
    }

    /**
     * A scheduler sharing its triggers with every replica through the warehouse: JobStoreTX on the
     * warehouse's own connections (DATA_SOURCE), cluster check-ins, an instance id per process start.
     */
    public static Properties clustered(String delegateClass, Duration checkinInterval, Duration misfireThreshold) {
        Properties p = common(misfireThreshold);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", delegateClass);
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(positiveMillis(checkinInterval, "checkin-interval")));
        // job data as string properties, never Java-serialized objects read back from the database
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        // trigger acquisition under Quartz's row lock too, so two replicas never take the same fire
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // after the warehouse was away, try again at the check-in pace rather than Quartz's 15 s
        p.setProperty("org.quartz.scheduler.dbFailureRetryInterval", Long.toString(positiveMillis(checkinInterval, "checkin-interval")));
        return p;
    }

    private static Properties common(Duration misfireThreshold) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        p.setProperty("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(positiveMillis(misfireThreshold, "misfire-threshold")));
        return p;
    }

    private static long positiveMillis(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("caravan.scheduler." + name + " must be positive, got " + d);
        }
        return d.toMillis();
    }
}
