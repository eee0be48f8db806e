package dev.caravan.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.caravan.warehouse.RunCounts;

/** What an import did: the CLI's --json output and the REST answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"runId", "status", "dryRun", "read", "inserted", "updated", "unchanged", "rejected", "held",
    "object", "mode", "message", "error"})
public record RunSummary(long runId, String status, boolean dryRun, long read, long inserted, long updated,
        long unchanged, long rejected, Long held, String object, String mode, String message, String error) {

    /** A file import's summary (no held rows, no sync mode). */
    public static RunSummary of(long runId, String status, boolean dryRun, RunCounts c, String message, String error) {
        return new RunSummary(runId, status, dryRun, c.read, c.inserted, c.updated, c.unchanged, c.rejected, null, null,
                null, message, error);
    }

    /** A sync run's summary: also the object, the mode (full or incremental) and the held rows. */
    public static RunSummary ofSync(long runId, String status, boolean dryRun, RunCounts c, String object, String mode,
            String message, String error) {
        return new RunSummary(runId, status, dryRun, c.read, c.inserted, c.updated, c.unchanged, c.rejected, c.held,
                object, mode, message, error);
    }

    /** A sync that was not started (its source is already syncing); no run was opened. */
    public static RunSummary skipped(String source, boolean dryRun, String message) {
        return new RunSummary(0, "skipped", dryRun, 0, 0, 0, 0, 0, 0L, source, null, message, null);
    }

    public boolean failed() {
        return "failed".equals(status);
    }
}
