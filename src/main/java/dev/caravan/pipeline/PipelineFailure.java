package dev.caravan.pipeline;

import dev.caravan.warehouse.RunCounts;

/** A run stopped: the cause, and what had been committed (and read) before it. */
public class PipelineFailure extends RuntimeException {

    private final RunCounts committed;
    private final long bytesRead;

    PipelineFailure(Throwable cause, RunCounts committed, long bytesRead) {
        super(cause.getMessage(), cause);
        this.committed = committed;
        this.bytesRead = bytesRead;
    }

    public RunCounts committed() {
        return committed;
    }

    public long bytesRead() {
        return bytesRead;
    }
}
