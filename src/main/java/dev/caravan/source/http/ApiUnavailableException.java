package dev.caravan.source.http;

/** The API kept failing transiently (429, 5xx, resets, timeouts) until the retry budget was spent. */
public class ApiUnavailableException extends RuntimeException {

    public ApiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
