package dev.caravan.source.http;

/**
 * The API refused a request for a reason another try would not cure (a 4xx other than 429, or a
 * 401 that a refresh did not fix). The message carries the API's own message, secrets masked.
 */
public class ApiErrorException extends RuntimeException {

    private final int status;

    public ApiErrorException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
