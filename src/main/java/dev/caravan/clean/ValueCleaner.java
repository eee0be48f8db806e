package dev.caravan.clean;

/** Turns one raw text value into its column's typed value (or null for a blank). */
@FunctionalInterface
public interface ValueCleaner {

    /** @param raw the value, already stripped and never blank */
    Object clean(String raw) throws InvalidValueException;
}
