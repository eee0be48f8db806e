package dev.caravan.api.upload;

import dev.caravan.camel.ServiceRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.camel.impl.event.CamelContextStartedEvent;
import org.jboss.logging.Logger;

/**
 * At service start, imports again the uploads whose process died before their run ended (ticket
 * still queued or running), from the kept file. The file ledger lets the new run take over the dead
 * run's claim; rows it had committed count as unchanged.
 */
@ApplicationScoped
public class UploadRecovery {

    private static final Logger LOG = Logger.getLogger(UploadRecovery.class);

    @Inject
    UploadStore store;

    @Inject
    UploadQueue queue;

    @Inject
    UploadImporter importer;

    @Inject
    ServiceRoutes service;

    void onStart(@Observes CamelContextStartedEvent event) {
        if (!service.serviceMode()) {
            return;
        }
        List<UploadTicket> pending = store.all().stream()
                .filter(t -> t.status() != null && !t.status().isFinal()).toList();
        if (pending.isEmpty()) {
            return;
        }
        LOG.infof("Resuming %d upload(s) left unfinished by a previous process", pending.size());
        // one task for all of them, so resuming never fills the queue new uploads need
        boolean queued = queue.offer(() -> {
            pending.forEach(this::resume);
            return pending.size();
        }).isPresent();
        if (!queued) {
            pending.forEach(t -> store.save(t.finished(UploadStatus.FAILED, "not resumed: the upload queue was full")));
        }
    }

    private void resume(UploadTicket t) {
        try {
            LOG.infof("Resuming upload %s (%s for %s.%s, earlier run %s)", t.id(), t.displayName(), t.system(),
                    t.object(), t.runId() == null ? "not started" : t.runId());
            importer.run(t);
        } catch (RuntimeException e) {
            LOG.errorf("Resumed upload %s failed: %s", t.id(), e.getMessage());
        }
    }
}
