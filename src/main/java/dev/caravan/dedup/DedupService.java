package dev.caravan.dedup;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.run.RunFinished;
import dev.caravan.run.RunRegistry;
import dev.caravan.run.WebhookRunThrottle;
import dev.caravan.sync.ReplicaLock;
import dev.caravan.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Deduplication of the objects whose definition has a {@code dedup:} block: on demand (CLI, REST)
 * and after every run that wrote to such an object (before its quality checks). One pass at a time:
 * a lock in this process and, on PostgreSQL, an advisory lock across replicas. On shutdown (SIGTERM) a
 * pass stops at its next slice boundary, and the shutdown waits for that slice before the warehouse closes.
 */
@ApplicationScoped
public class DedupService {

    private static final Logger LOG = Logger.getLogger(DedupService.class);
    /** After the run closed, before the quality checks (2000), which count merged rows as not live. */
    public static final int PRIORITY = 1500;
    /** Merges written per transaction. */
    static final int SLICE = 1000;

    private final Warehouse warehouse;
    private final DefinitionRegistry definitions;
    private final MeterRegistry meters;
    private final CaravanConfig config;
    private final WebhookRunThrottle throttle;
    private final RunRegistry registry;
    /**
     * One pass at a time in this process, whatever the object: the scratch table is emptied with a
     * TRUNCATE (a DELETE of 3M match values took 90 s on H2), which must not cut into another pass.
     */
    private final ReentrantLock local = new ReentrantLock();

    @Inject
    public DedupService(Warehouse warehouse, DefinitionRegistry definitions, MeterRegistry meters, CaravanConfig config,
            WebhookRunThrottle throttle, RunRegistry registry) {
        this.throttle = throttle;
        this.registry = registry;
        this.config = config;
        this.warehouse = warehouse;
        this.definitions = definitions;
        this.meters = meters;
    }

    void afterRun(@Observes @Priority(PRIORITY) RunFinished run) {
        if (!config.dedup().afterRun() || !run.wrote() || !DedupRules.declared(run.definition())
                || throttle.skip("dedup", run, config.dedup().webhookInterval())) {
            return;
        }
        try {
            DedupReport r = run(run.definition(), false, run.runId(), 0);
            LOG.infof("Run %d: dedup of %s: %d groups, %d rows merged, %d children re-pointed, %d survivor values filled"
                    + " (%d ms)", run.runId(), run.definition().qualifiedName(), r.groups(), r.merged(), r.childrenRepointed(),
                    r.columnsFilled(), r.durationMs());
        } catch (DedupInterruptedException e) {
            LOG.warnf("Run %d: %s", run.runId(), e.getMessage());
        } catch (RuntimeException e) {
            meters.counter("caravan_dedup_failures_total", "object", run.definition().qualifiedName()).increment();
            LOG.errorf("Run %d: dedup of %s could not run (the run stays as it closed): %s", run.runId(),
                    run.definition().qualifiedName(), firstLine(e));
        }
    }

    /** The definition of an object that deduplicates; a usage error otherwise. */
    public DedupTarget target(String system, String object) {
        ObjectDefinition d = definitions.find(system, object).orElseThrow(() -> new UnknownObjectException(
                "unknown object '" + system + "." + object + "'; valid systems and objects:" + definitions.describeChoices()));
        if (!DedupRules.declared(d)) {
            throw new UnknownObjectException(d.qualifiedName() + " does not deduplicate (its definition has no dedup: block)");
        }
        return DedupTarget.of(definitions, d);
    }

    public DedupReport run(String system, String object, boolean dryRun, int show) {
        return run(target(system, object).definition(), dryRun, null, show);
    }

    /**
     * One pass over an object: find the groups and, unless a dry run, merge them.
     *
     * @param runId the run whose end triggered the pass, or null
     * @param show how many groups the report lists
     */
    public DedupReport run(ObjectDefinition d, boolean dryRun, Long runId, int show) {
        DedupTarget target = DedupTarget.of(definitions, d);
        if (registry.stopping()) {
            throw new DedupInterruptedException(d.qualifiedName(), "before it started");
        }
        local.lock();
        try (ReplicaLock lock = ReplicaLock.acquire(warehouse, "dedup")) {
            if (!lock.held()) {
                throw new DedupBusyException(d.qualifiedName());
            }
            long start = System.nanoTime();
            checkTable(target);
            MergePlan plan = new DedupPlanner(warehouse.dataSource(), warehouse.dialect(), target, registry::stopping).plan();
            long planMs = (System.nanoTime() - start) / 1_000_000;
            long merged = 0;
            long repointed = 0;
            long filled = 0;
            if (!dryRun) {
                MergeWriter writer = new MergeWriter(target);
                List<MergePlan.Merge> merges = plan.merges();
                for (int from = 0; from < merges.size(); from += SLICE) {
                    if (registry.stopping()) {
                        throw new DedupInterruptedException(d.qualifiedName(), "after " + merged + " of " + merges.size()
                                + " merges (whole slices of " + SLICE + ")");
                    }
                    List<MergePlan.Merge> slice = merges.subList(from, Math.min(merges.size(), from + SLICE));
                    repointed += inTransaction(c -> writer.write(c, slice, runId));
                    merged += slice.size();
                }
                filled = fill(target, plan, runId);
            }
            clearMatchKeys();
            return report(target, plan, dryRun, merged, repointed, filled, show, planMs, (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            throw new IllegalStateException("dedup of " + d.qualifiedName() + " failed: " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /**
     * SIGTERM: a pass in flight stops at its next slice boundary (or while finding groups); the
     * shutdown waits for it, at most the runs' grace, so the warehouse is not closed under a slice.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        registry.requestStopAll("shutting down");
        try {
            if (local.tryLock(config.runs().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                local.unlock();
            } else {
                LOG.warnf("Shutdown: a dedup pass still runs after %s; its slice in flight is rolled back",
                        config.runs().shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Undoes the merge of one row (its children get their old values back). */
    public Unmerger.Result unmerge(String system, String object, String key) {
        DedupTarget target = target(system, object);
        local.lock();
        try {
            return inTransaction(c -> new Unmerger(target).unmerge(c, key));
        } catch (SQLException e) {
            throw new IllegalStateException("unmerge of " + target.definition().qualifiedName() + " failed: " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = warehouse.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void checkTable(DedupTarget target) throws SQLException {
        try (Connection c = warehouse.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT merged_into FROM " + target.table() + " WHERE 1 = 0").close();
        } catch (SQLException e) {
            throw new IllegalStateException(target.definition().qualifiedName() + " has a dedup: block but its table "
                    + target.table() + " has no merged_into column (add it in a migration)", e);
        }
    }

    private void clearMatchKeys() throws SQLException {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(DedupPlanner.CLEAR_MATCH_KEYS);
            }
        });
    }

    /** Per-column survivorship over every group, about SLICE rows per transaction. */
    private long fill(DedupTarget target, MergePlan plan, Long runId) throws SQLException {
        ColumnFill fill = new ColumnFill(target);
        if (!fill.enabled()) {
            return 0;
        }
        long filled = 0;
        List<MergePlan.Group> slice = new ArrayList<>();
        int rows = 0;
        for (MergePlan.Group g : plan.groups()) {
            slice.add(g);
            rows += g.size();
            if (rows >= SLICE) {
                if (registry.stopping()) {
                    throw new DedupInterruptedException(target.definition().qualifiedName(), "after its merges, while"
                            + " filling survivors' columns");
                }
                List<MergePlan.Group> these = List.copyOf(slice);
                filled += inTransaction(c -> fill.fill(c, these, runId));
                slice.clear();
                rows = 0;
            }
        }
        if (!slice.isEmpty()) {
            filled += inTransaction(c -> fill.fill(c, slice, runId));
        }
        return filled;
    }

    private static DedupReport report(DedupTarget t, MergePlan plan, boolean dryRun, long merged, long repointed, long filled, int show,
            long planMs, long ms) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String b : List.of("2", "3-5", "6-10", "11-100", "101+")) {
            sizes.put(b, 0L);
        }
        long rows = 0;
        List<MergePlan.Group> shown = new ArrayList<>();
        for (MergePlan.Group g : plan.groups()) {
            int n = g.size();
            rows += n;
            sizes.merge(n == 2 ? "2" : n <= 5 ? "3-5" : n <= 10 ? "6-10" : n <= 100 ? "11-100" : "101+", 1L, Long::sum);
            if (g.pending() && shown.size() < show) {
                List<MergePlan.Member> members = g.members().size() > 50 ? g.members().subList(0, 50) : g.members();
                shown.add(new MergePlan.Group(g.survivor(), List.copyOf(members), true, n));
            }
        }
        return new DedupReport(t.system(), t.object(), dryRun, plan.rowsScanned(), plan.groups().size(), rows,
                plan.merges().size(), merged, plan.alreadyMerged(), repointed, filled, sizes, shown, planMs, ms);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
