package dev.caravan.api.upload;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import org.jboss.logging.Logger;

/**
 * Imports one accepted upload through the shared ImportService, keeping its ticket current. The
 * uploaded file is deleted once its run completed (or was skipped as already imported); after a
 * failure it is kept for a retry until the retention sweep removes it.
 */
@ApplicationScoped
public class UploadImporter {

    private static final Logger LOG = Logger.getLogger(UploadImporter.class);

    @Inject
    ImportService imports;

    @Inject
    UploadStore store;

    public RunSummary run(UploadTicket accepted) {
        UploadTicket[] ticket = {accepted.started()};
        store.save(ticket[0]);
        if (!Files.isRegularFile(store.dataFile(accepted))) {
            String why = "the uploaded file is gone (deleted by the retention sweep or by hand); upload it again";
            store.save(ticket[0].finished(UploadStatus.FAILED, why));
            return RunSummary.of(0, "failed", accepted.dryRun(), new dev.caravan.warehouse.RunCounts(), null, why);
        }
        ImportRequest request = new ImportRequest(accepted.system(), accepted.object(), store.dataFile(accepted),
                accepted.displayName(), "rest", accepted.dryRun(), accepted.batchSize(), accepted.force());
        try {
            RunSummary summary = imports.run(request, new ImportProgress() {
                @Override
                public void started(long runId, long fileSize, long lines) {
                    ticket[0] = ticket[0].withRun(runId);
                    store.save(ticket[0]);
                }
            });
            UploadStatus outcome = UploadStatus.ofRun(summary.status());
            store.save(ticket[0].withRun(summary.runId()).finished(outcome,
                    outcome == UploadStatus.FAILED ? summary.error() : null));
            if (outcome.isFinal() && outcome != UploadStatus.FAILED) {
                store.deleteData(accepted); // an interrupted upload keeps its file for the next start
            }
            return summary;
        } catch (RuntimeException e) {
            LOG.errorf("Upload %s (%s for %s.%s) failed: %s", accepted.id(), accepted.displayName(), accepted.system(),
                    accepted.object(), e.getMessage());
            store.save(ticket[0].finished(UploadStatus.FAILED, e.getMessage()));
            throw e;
        }
    }
}
