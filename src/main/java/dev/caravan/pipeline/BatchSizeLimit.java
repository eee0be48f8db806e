package dev.caravan.pipeline;

import dev.caravan.definition.ObjectDefinition;

/**
 * The largest batch a run may use. A batch's key lookup binds every key column of every row in one
 * statement, and PostgreSQL accepts at most 65,535 bound parameters per statement; beyond a few
 * tens of thousands of rows a batch only costs memory. A batch size over the cap is a usage error,
 * refused before the run starts (exit 2 on the command line, 400 on the REST API).
 */
public final class BatchSizeLimit {

    /** Bound parameters PostgreSQL accepts in one statement. */
    public static final int MAX_BIND_PARAMETERS = 65_535;

    private BatchSizeLimit() {
    }

    /** The largest batch size allowed for the object. */
    public static int max(ObjectDefinition definition, int configuredMax) {
        int keyColumns = Math.max(1, definition.key().size());
        return Math.min(configuredMax, MAX_BIND_PARAMETERS / keyColumns);
    }

    /**
     * Throws {@link IllegalArgumentException} with a clear message when {@code batchSize} is not
     * allowed; {@code origin} names where it came from (--batch-size, batchSize, BATCH_SIZE).
     */
    public static void check(int batchSize, String origin, ObjectDefinition definition, int configuredMax) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " (" + origin + ") must be at least 1");
        }
        int max = max(definition, configuredMax);
        if (batchSize > max) {
            String why = max < configuredMax
                    ? "its key has " + definition.key().size() + " columns and a batch's key lookup binds them all,"
                            + " at most " + MAX_BIND_PARAMETERS + " parameters per statement"
                    : "CARAVAN_MAX_BATCH_SIZE";
            throw new IllegalArgumentException("batch size " + batchSize + " (" + origin + ") is too large for "
                    + definition.qualifiedName() + ": at most " + max + " (" + why + ")");
        }
    }
}
