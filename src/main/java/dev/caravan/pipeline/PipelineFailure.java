package dev.caravan.pipeline;

import dev.caravan.warehouse.RunCounts;

/**
 * A run stopped: the cause, and what had been committed before it as this process saw it. The run
 * log's own counters (written in each batch's transaction) are what the run is closed with.
 */
public class PipelineFailure extends RuntimeException {

    private final RunCounts committed;

    PipelineFailure(Throwable cause, RunCounts committed) {
        super(cause.getMessage(), cause);
        this.committed = committed;
    }

    public RunCounts committed() {
        return committed;
    }
}
