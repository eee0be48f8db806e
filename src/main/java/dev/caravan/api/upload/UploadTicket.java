package dev.caravan.api.upload;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An accepted upload, kept as a small JSON sidecar next to the uploaded file so an import cut short
 * by a dead process can be run again at the next start.
 *
 * @param id the upload's id (also the stem of its file names)
 * @param fileName the stored file's name in the upload directory
 * @param displayName the uploaded name, as shown in the run log
 * @param runId the run that imports it, once started
 * @param attempts how many times an import of it was started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadTicket(String id, String system, String object, String fileName, String displayName,
        boolean dryRun, boolean force, int batchSize, UploadStatus status, Long runId, int attempts, String error,
        Instant createdAt, Instant updatedAt) {

    public UploadTicket started() {
        return new UploadTicket(id, system, object, fileName, displayName, dryRun, force, batchSize,
                UploadStatus.RUNNING, null, attempts + 1, null, createdAt, Instant.now());
    }

    public UploadTicket withRun(long run) {
        return new UploadTicket(id, system, object, fileName, displayName, dryRun, force, batchSize, status, run,
                attempts, error, createdAt, Instant.now());
    }

    public UploadTicket finished(UploadStatus outcome, String why) {
        return new UploadTicket(id, system, object, fileName, displayName, dryRun, force, batchSize, outcome, runId,
                attempts, why, createdAt, Instant.now());
    }
}
