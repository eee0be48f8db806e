package dev.caravan.warehouse;

/** One row of caravan_reject: a rejected row or a nulled value, with the raw record. */
public record RejectRecord(long runId, Long line, String column, String action, String reason, String raw) {
}
