package dev.caravan.warehouse;

/** The warehouse cannot be reached (not a problem with any row): retried with back-off, then the run fails. */
public class WarehouseUnavailableException extends RuntimeException {

    public WarehouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
