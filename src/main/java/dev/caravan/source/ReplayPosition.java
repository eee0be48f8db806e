package dev.caravan.source;

/**
 * The position of a record a replay feeds again: the run that rejected it and the record's number
 * there (caravan_reject.record_no). The replay run's own rejects keep that number, so the rows of a
 * record rejected again are found by it.
 */
public record ReplayPosition(long originalRunId, long recordNo) {
}
