package dev.caravan.warehouse;

import java.time.OffsetDateTime;

/**
 * One row of the run log, as shown by the CLI and the REST API.
 *
 * @param drift the run's schema drift, or null when none was recorded (runs that never read a record)
 * @param replayOf the run whose rejected rows this replay run fed again, or null
 */
public record RunRecord(
        long id,
        String source,
        String object,
        String trigger,
        boolean dryRun,
        String status,
        String fileName,
        String fileChecksum,
        Long fileSize,
        String fileEncoding,
        long bytesRead,
        long read,
        long inserted,
        long updated,
        long unchanged,
        long rejected,
        Integer batchSize,
        String host,
        OffsetDateTime startedAt,
        OffsetDateTime heartbeatAt,
        OffsetDateTime finishedAt,
        String message,
        String error,
        long held,
        String syncMode,
        dev.caravan.drift.Drift drift,
        Long replayOf) {

    /** Share of the file read so far (serialized as "percent"), 0–100, or null when the size is unknown. */
    @com.fasterxml.jackson.annotation.JsonProperty("percent")
    public Double percent() {
        if (fileSize == null || fileSize == 0) {
            return "running".equals(status) ? null : 100.0;
        }
        return Math.min(100.0, Math.round(1000.0 * bytesRead / fileSize) / 10.0);
    }
}
