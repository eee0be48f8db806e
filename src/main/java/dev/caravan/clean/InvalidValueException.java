package dev.caravan.clean;

/** A value that cleaning could not turn into its column's type; the message says why. */
public class InvalidValueException extends Exception {

    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
