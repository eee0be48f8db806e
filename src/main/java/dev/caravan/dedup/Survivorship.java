package dev.caravan.dedup;

/** Which row of a duplicate group survives; ties go to the smallest key. */
public enum Survivorship {
    /** The row whose updated column (default {@code updated_at}) is the latest; a row without one is the oldest. */
    MOST_RECENT,
    /** The row with the most non-null definition columns. */
    MOST_COMPLETE
}
