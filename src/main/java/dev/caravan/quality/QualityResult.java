package dev.caravan.quality;

import java.time.OffsetDateTime;
import java.util.List;

/** One stored evaluation of one check (a row of caravan_quality_result). */
public record QualityResult(
        long id,
        Long runId,
        String system,
        String object,
        String check,
        String kind,
        String severity,
        String status,
        Double observed,
        String threshold,
        List<String> sampleKeys,
        String message,
        long durationMs,
        OffsetDateTime checkedAt) {

    public boolean failed() {
        return "fail".equals(status) || "error".equals(status);
    }

    /** 0 pass, 1 warn, 2 fail, 3 error: the value of the caravan_quality_status gauge. */
    public int level() {
        return switch (status) {
            case "pass" -> 0;
            case "warn" -> 1;
            case "fail" -> 2;
            default -> 3;
        };
    }
}
