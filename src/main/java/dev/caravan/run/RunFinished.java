package dev.caravan.run;

import dev.caravan.definition.ObjectDefinition;
import dev.caravan.warehouse.RunCounts;

/**
 * A CDI event fired once a run is closed in the run log (completed, failed or interrupted), for what
 * follows a run: deduplication, data-quality checks, alerts. Observers run synchronously, in order of
 * their priority, and must not throw: a run's outcome is settled before they see it.
 *
 * @param cause why a run that did not complete ended (null when completed)
 */
public record RunFinished(ObjectDefinition definition, long runId, String status, boolean dryRun, RunCounts counts,
        Throwable cause) {

    public boolean completed() {
        return "completed".equals(status);
    }

    /** The run wrote to its object's table: completed, or ended after committing rows. */
    public boolean wrote() {
        return !dryRun && (completed() || counts.inserted + counts.updated > 0);
    }
}
