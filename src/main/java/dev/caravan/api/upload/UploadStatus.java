package dev.caravan.api.upload;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an upload is: waiting, importing, or its outcome. INTERRUPTED (a graceful shutdown stopped
 * its run) is not final: the next start imports it again from the kept file.
 */
public enum UploadStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, SKIPPED, INTERRUPTED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == SKIPPED;
    }

    /** From a run's status (completed, failed, skipped, interrupted). */
    public static UploadStatus ofRun(String runStatus) {
        return valueOf(runStatus.toUpperCase(Locale.ROOT));
    }
}
