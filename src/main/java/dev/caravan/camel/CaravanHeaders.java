package dev.caravan.camel;

/** Names of the Camel headers Caravan sets, in one place. */
public final class CaravanHeaders {

    /** The run a message belongs to. */
    public static final String RUN_ID = "CaravanRunId";

    private CaravanHeaders() {
    }
}
