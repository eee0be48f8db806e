package dev.caravan.pipeline;

import dev.caravan.warehouse.RunCounts;

/** Told about a run as it goes: once when it starts, then after each committed batch. */
public interface ImportProgress {

    ImportProgress NONE = new ImportProgress() { };

    default void started(long runId, long fileSize, long lines) {
    }

    default void batchCommitted(long runId, RunCounts totals, long bytesRead) {
    }
}
