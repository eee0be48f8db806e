package dev.caravan.pipeline;

import java.nio.file.Path;

/**
 * One import to run.
 *
 * @param trigger inbox, cli or rest (recorded in the run log)
 * @param displayName the name shown in the run log (the uploaded or dropped file's name)
 * @param batchSize rows per transaction; 0 means the configured BATCH_SIZE
 * @param force import even if the same content was imported before
 */
public record ImportRequest(String system, String object, Path file, String displayName, String trigger,
        boolean dryRun, int batchSize, boolean force) {
}
