package dev.caravan.pipeline;

/**
 * A file import's summary and what should become of the file: a drop folder moves it to .done,
 * to .failed, or leaves it where it is to be tried again.
 */
public record ImportResult(RunSummary summary, Disposition disposition) {

    /** Where a dropped file goes after its run. */
    public enum Disposition {
        /** imported (or already imported before): .done */
        DONE,
        /** its content is at fault: .failed, with the reason */
        FAILED,
        /** nothing is wrong with it, try again later: another replica imports it now, the warehouse was
         * unreachable, the file changed while it was read, or a shutdown interrupted the run */
        RETRY,
        /** the warehouse became unreachable: left where it is, and intake pauses a while */
        WAIT_FOR_WAREHOUSE,
        /** its imports killed the process too often: .failed, not tried again automatically */
        QUARANTINED
    }
}
