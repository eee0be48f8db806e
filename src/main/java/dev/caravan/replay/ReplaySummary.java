package dev.caravan.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.caravan.pipeline.RunSummary;

/**
 * What a replay did: the new run (null when there was nothing left to replay), linked to the original,
 * and how many of the original's rejected records could not be fed again. The CLI's --json and REST.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"replayOf", "runId", "status", "dryRun", "read", "inserted", "updated", "unchanged", "rejected",
    "alreadyReplayed", "notReplayable", "message", "error"})
public record ReplaySummary(long replayOf, Long runId, String status, boolean dryRun, long read, long inserted,
        long updated, long unchanged, long rejected, long alreadyReplayed, long notReplayable, String message,
        String error) {

    static ReplaySummary of(long replayOf, RunSummary run, ReplayStore.Counts before) {
        return new ReplaySummary(replayOf, run.runId(), run.status(), run.dryRun(), run.read(), run.inserted(),
                run.updated(), run.unchanged(), run.rejected(), before.replayed(), before.notReplayable(), run.message(),
                run.error());
    }

    static ReplaySummary nothing(long replayOf, boolean dryRun, ReplayStore.Counts counts, String message) {
        return new ReplaySummary(replayOf, null, "nothing to replay", dryRun, 0, 0, 0, 0, 0, counts.replayed(),
                counts.notReplayable(), message, null);
    }

    public boolean failed() {
        return "failed".equals(status);
    }
}
