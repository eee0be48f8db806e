package dev.caravan.run;

import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.PipelineFailure;
import dev.caravan.pipeline.RunMetrics;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * How every run ends, whatever started it (a file import, a database or API sync): completed with
 * its totals, or, after an exception, interrupted (a shutdown stopped it at a batch boundary) or
 * failed. A run that did not complete keeps the counts its batches committed, read back from the run
 * log. The end is logged and counted in the metrics. If the warehouse is gone, the run stays
 * "running" until the sweep finds that no live process executes it.
 */
@ApplicationScoped
public class RunEnding {

    private static final Logger LOG = Logger.getLogger(RunEnding.class);

    /** The end of a run: status, the counts it committed, its message and error, and the cause (null when completed). */
    public record Ended(String status, RunCounts counts, String message, String error, Throwable cause) {
        public boolean interrupted() {
            return "interrupted".equals(status);
        }
    }

    private final RunLog runLog;
    private final RunMetrics metrics;
    private final Event<RunFinished> finished;

    @Inject
    public RunEnding(RunLog runLog, RunMetrics metrics, Event<RunFinished> finished) {
        this.runLog = runLog;
        this.metrics = metrics;
        this.finished = finished;
    }

    /** A run that read its source to the end. */
    public Ended completed(ObjectDefinition d, long runId, String what, RunCounts totals, long bytes, List<String> notes,
            boolean dryRun) {
        String message = join(notes);
        runLog.finish(runId, "completed", totals, bytes, message, null);
        metrics.count(d, "completed", totals);
        LOG.infof("Run %d completed: %s %s%s", runId, what, totals, message == null ? "" : " (" + message + ")");
        announce(new RunFinished(d, runId, "completed", dryRun, totals, null));
        return new Ended("completed", totals, message, null, null);
    }

    /** Tells what follows a run (dedup, quality checks, alerts) that it ended; their failures never reach the run. */
    private void announce(RunFinished event) {
        try {
            finished.fire(event);
        } catch (RuntimeException e) {
            LOG.errorf("Run %d: a step after the run failed: %s", event.runId(), e.toString());
        }
    }

    /**
     * A run that ended with {@code e}: interrupted or failed.
     *
     * @param nextRun what the next run does about it, for the interrupted run's note
     * @param describe the error text of a cause
     * @param beforeClose bookkeeping to release before the run is closed (a file claim), or null
     */
    public Ended ended(ObjectDefinition d, long runId, String what, Throwable e, List<String> notes, String nextRun,
            Function<Throwable, String> describe, Runnable beforeClose, boolean dryRun) {
        Throwable cause = e instanceof PipelineFailure pf ? pf.getCause() : e;
        RunCounts committed = e instanceof PipelineFailure pf ? pf.committed() : new RunCounts();
        boolean interrupted = cause instanceof RunInterruptedException;
        String status = interrupted ? "interrupted" : "failed";
        String error = interrupted ? null : describe.apply(cause);
        if (interrupted) {
            notes.add("interrupted (" + cause.getMessage() + ") after " + committed.read + " committed rows; " + nextRun);
            LOG.warnf("Run %d (%s) interrupted after %s", runId, what, committed);
        } else {
            LOG.errorf("Run %d (%s) failed after %s: %s", runId, what, committed, error);
        }
        String message = join(notes);
        try {
            if (beforeClose != null) {
                beforeClose.run();
            }
            committed = runLog.close(runId, status, message, error); // what its batches committed
        } catch (RuntimeException logFailure) {
            LOG.errorf("Run %d: could not record its end in the run log: %s", runId, logFailure.getMessage());
        }
        metrics.count(d, status, committed);
        announce(new RunFinished(d, runId, status, dryRun, committed, cause));
        return new Ended(status, committed, message, error, cause);
    }

    /** The error text of most causes: the exception's class and message. */
    public static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String join(List<String> notes) {
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
