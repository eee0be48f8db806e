package dev.caravan.warehouse;

import dev.caravan.clean.CleanRow;
import dev.caravan.clean.RejectedRow;
import java.util.List;

/**
 * One batch of a run on its way to the warehouse: the rows that passed cleaning, those that did not,
 * and the run's committed totals before it (so the run log is updated in the batch's transaction).
 *
 * @param holdOrphans rows whose parent is missing are held for the next run (syncs) instead of rejected
 * @param checkpoint source bookkeeping to commit with the batch, or null
 */
public record Batch(
        long runId,
        int sequence,
        TargetTable table,
        List<CleanRow> rows,
        List<RejectedRow> rejected,
        boolean dryRun,
        RunCounts totalsBefore,
        long bytesRead,
        boolean holdOrphans,
        BatchCheckpoint checkpoint) {

    public Batch withTotalsBefore(RunCounts totals) {
        return new Batch(runId, sequence, table, rows, rejected, dryRun, totals, bytesRead, holdOrphans, checkpoint);
    }

    @Override
    public String toString() {
        return "Batch[run=" + runId + ", #" + sequence + ", object=" + table.definition().qualifiedName()
                + ", rows=" + rows.size() + ", rejected=" + rejected.size()
                + (rows.isEmpty() ? "" : ", lines " + rows.get(0).line() + "–" + rows.get(rows.size() - 1).line())
                + "]";
    }
}
