package dev.caravan.quality;

import dev.caravan.alert.Alerts;
import dev.caravan.config.CaravanConfig;
import dev.caravan.dedup.DedupRules;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.run.RunFinished;
import dev.caravan.run.WebhookRunThrottle;
import dev.caravan.sync.ReplicaLock;
import dev.caravan.warehouse.Warehouse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Evaluates objects' checks: after every run that wrote to an object, on the quality schedule, and
 * on demand (CLI, REST). Each check is one query with a timeout on a read connection of its own; a
 * check whose query fails is recorded as an error and the others still run. The results are stored,
 * exported as gauges, and a failed check raises an alert that clears when it passes again.
 */
@ApplicationScoped
public class QualityRunner {

    private static final Logger LOG = Logger.getLogger(QualityRunner.class);
    /** After dedup (which changes what counts as a live row), before the run's alerts. */
    public static final int PRIORITY = 2000;

    private final Warehouse warehouse;
    private final DefinitionRegistry definitions;
    private final QualityStore store;
    private final QualityGauges gauges;
    private final Alerts alerts;
    private final CaravanConfig config;
    private final WebhookRunThrottle throttle;
    private final Map<String, List<QualityCheck>> checks = new ConcurrentHashMap<>();

    @Inject
    public QualityRunner(Warehouse warehouse, DefinitionRegistry definitions, QualityStore store, QualityGauges gauges,
            Alerts alerts, CaravanConfig config, WebhookRunThrottle throttle) {
        this.throttle = throttle;
        this.warehouse = warehouse;
        this.definitions = definitions;
        this.store = store;
        this.gauges = gauges;
        this.alerts = alerts;
        this.config = config;
    }

    void afterRun(@Observes @Priority(PRIORITY) RunFinished run) {
        if (!config.quality().afterRun() || !run.wrote() || throttle.skip("quality", run, config.quality().webhookInterval())) {
            return;
        }
        try {
            List<QualityResult> results = evaluate(run.definition(), run.runId());
            long failed = results.stream().filter(QualityResult::failed).count();
            long warned = results.stream().filter(r -> "warn".equals(r.status())).count();
            if (failed + warned > 0) {
                LOG.warnf("Run %d: quality of %s: %d checks, %d failed, %d warned", run.runId(), run.definition().qualifiedName(),
                        results.size(), failed, warned);
            } else {
                LOG.infof("Run %d: quality of %s: %d checks passed", run.runId(), run.definition().qualifiedName(), results.size());
            }
        } catch (RuntimeException e) {
            LOG.errorf("Run %d: the quality checks of %s could not run: %s", run.runId(), run.definition().qualifiedName(),
                    e.getMessage());
        }
    }

    /** The quality schedule: every object's checks, by one replica at a time (the others skip that fire). */
    public void scheduled() {
        try (ReplicaLock lock = ReplicaLock.acquire(warehouse, "quality-schedule")) {
            if (!lock.held()) {
                LOG.info("Scheduled quality checks: another replica is running them; skipped");
                return;
            }
            List<QualityResult> results = evaluateAll(null, null);
            LOG.infof("Scheduled quality checks: %d results, %d failed", results.size(),
                    results.stream().filter(QualityResult::failed).count());
        } catch (RuntimeException e) {
            LOG.errorf("Scheduled quality checks could not run: %s", firstLine(e));
        }
    }

    /** The checks an object has (defaults and its {@code quality:} block); definitions were validated at start. */
    public List<QualityCheck> checksOf(ObjectDefinition d) {
        if (definitions.find(d.system(), d.object()).orElse(null) != d) {
            return QualityDefinitions.checks(d, this::find); // not the registry's (a tool's or a test's own): not cached
        }
        return checks.computeIfAbsent(d.qualifiedName(), k -> QualityDefinitions.checks(d, this::find));
    }

    private ObjectDefinition find(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? null : definitions.find(qualified.substring(0, dot), qualified.substring(dot + 1)).orElse(null);
    }

    /**
     * Checks a scope given by a user: null system (everything), a system, or a system and an object.
     *
     * @throws UnknownObjectException naming the valid choices
     */
    public void requireScope(String system, String object) {
        if (system == null && object != null) {
            throw new UnknownObjectException("an object needs its system");
        }
        if (system != null && !definitions.systems().contains(system)) {
            throw new UnknownObjectException("unknown system '" + shorten(system) + "'; known:" + definitions.describeChoices());
        }
        if (object != null && definitions.find(system, object).isEmpty()) {
            throw new UnknownObjectException("unknown object '" + shorten(object) + "' of " + system + "; known: "
                    + String.join(", ", definitions.objectsOf(system)));
        }
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
    }

    /** Evaluates every check of the objects chosen (all of a system, or one), in name order. */
    public List<QualityResult> evaluateAll(String system, String object) {
        List<QualityResult> out = new ArrayList<>();
        for (ObjectDefinition d : definitions.all()) {
            if ((system == null || d.system().equals(system)) && (object == null || d.object().equals(object))) {
                out.addAll(evaluate(d, null));
            }
        }
        return out;
    }

    /**
     * Evaluates one object's checks and stores the results.
     *
     * @param runId the run that triggered the evaluation, or null (schedule, on demand)
     */
    public List<QualityResult> evaluate(ObjectDefinition d, Long runId) {
        List<QualityResult> results = new ArrayList<>();
        int timeout = (int) Math.max(1, config.quality().timeout().toSeconds());
        for (QualityCheck check : checksOf(d)) {
            long started = System.nanoTime();
            CheckOutcome outcome;
            String status;
            try (Connection c = warehouse.dataSource().getConnection()) {
                c.setReadOnly(true);
                Double previous = check.kind() == QualityCheck.Kind.ROW_COUNT
                        ? store.previousObserved(d.system(), d.object(), check.name()) : null;
                ObjectDefinition parent = check.kind() == QualityCheck.Kind.ORPHANS ? find(parentOf(d, check)) : null;
                outcome = CheckQueries.run(check, new CheckQueries.Target(d, parent, c, warehouse.dialect(), DedupRules.declared(d),
                        runId, previous, timeout));
                status = outcome.held() ? "pass" : check.severity().id();
            } catch (SQLException | RuntimeException e) {
                outcome = new CheckOutcome(false, null, null, List.of(), "the check could not run: " + firstLine(e));
                status = "error";
                LOG.warnf("Quality check %s of %s could not run: %s", check.name(), d.qualifiedName(), firstLine(e));
            }
            results.add(new QualityResult(0, runId, d.system(), d.object(), check.name(), check.kind().id(), check.severity().id(),
                    status, outcome.observed(), outcome.threshold(), outcome.sampleKeys(), outcome.message(),
                    (System.nanoTime() - started) / 1_000_000, null));
        }
        try {
            store.insert(results);
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("Quality results of %s could not be stored: %s", d.qualifiedName(), firstLine(e));
        }
        gauges.record(results);
        for (QualityResult r : results) {
            String key = "check:" + d.qualifiedName() + ":" + r.check();
            if (r.failed()) {
                alerts.raise(key, "check_failed", d.system(), d.object(), runId, "Quality check " + r.check() + " of "
                        + d.qualifiedName() + " " + ("error".equals(r.status()) ? "could not run" : "failed") + ": " + r.message()
                        + (r.threshold() == null ? "" : " (expected " + r.threshold() + ")"));
            } else {
                alerts.clear(key, "Quality check " + r.check() + " of " + d.qualifiedName() + " passes again: " + r.message());
            }
        }
        return results;
    }

    private static String parentOf(ObjectDefinition d, QualityCheck check) {
        return check.references() != null ? check.references() : d.column(check.columns().get(0)).references();
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
