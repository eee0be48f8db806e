package dev.caravan.camel;

/** Names of the Camel headers Caravan sets, in one place. */
public final class CaravanHeaders {

    /** The run a message belongs to. */
    public static final String RUN_ID = "CaravanRunId";
    /** Where the file consumer moves the current file when the exchange completes (done or failed folder). */
    public static final String MOVE_TO = "CaravanMoveTo";
    /** Where a failed file's reason is written. */
    public static final String REASON_FILE = "CaravanReasonFile";

    private CaravanHeaders() {
    }
}
