package dev.caravan.api.upload;

import dev.caravan.camel.ServiceRoutes;
import dev.caravan.config.CaravanConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.impl.event.CamelContextStartedEvent;
import org.jboss.logging.Logger;

/**
 * Keeps the upload directory small: a completed (or skipped) upload's file is deleted by its
 * import; a failed one is kept for CARAVAN_UPLOAD_RETENTION and within CARAVAN_UPLOAD_MAX_KEPT in
 * total (oldest deleted first). Swept when the service starts and every CARAVAN_UPLOAD_SWEEP_EVERY.
 * Uploads still queued or running are never touched.
 */
@ApplicationScoped
public class UploadRetention {

    private static final Logger LOG = Logger.getLogger(UploadRetention.class);

    @Inject
    UploadStore store;

    @Inject
    CaravanConfig config;

    @Inject
    ServiceRoutes service;

    private ScheduledExecutorService timer;

    void onStart(@Observes CamelContextStartedEvent event) {
        if (!service.serviceMode()) {
            return; // one-shot commands leave the service's uploads alone
        }
        sweepQuietly();
        long every = Math.max(1000, config.upload().sweepEvery().toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-upload-sweep");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Deletes what retention allows; returns how many uploads' files were removed. */
    public synchronized int sweep() {
        Instant cutoff = Instant.now().minus(config.upload().retention());
        int removed = 0;
        List<UploadTicket> failed = new ArrayList<>();
        for (UploadTicket t : store.all()) {
            if (t.status() == null || !t.status().isFinal()) {
                continue;
            }
            if (t.updatedAt() != null && t.updatedAt().isBefore(cutoff)) {
                removed += store.size(t) > 0 ? 1 : 0;
                store.delete(t);
            } else if (t.status() != UploadStatus.FAILED) {
                removed += store.deleteData(t) ? 1 : 0; // its import ended but the file was left
            } else if (store.size(t) > 0) {
                failed.add(t);
            }
        }
        long max = config.upload().maxKept().asLongValue();
        long total = failed.stream().mapToLong(store::size).sum();
        failed.sort(Comparator.comparing(UploadTicket::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (UploadTicket t : failed) {
            if (total <= max) {
                break;
            }
            total -= store.size(t);
            store.delete(t);
            removed++;
        }
        removed += sweepLegacy(cutoff);
        if (removed > 0) {
            LOG.infof("Upload retention: deleted %d kept upload(s); %d byte(s) of failed uploads kept", removed, total);
        }
        return removed;
    }

    /** Files kept forever by earlier versions under UPLOAD_DIR/SYSTEM/OBJECT/. */
    private int sweepLegacy(Instant cutoff) {
        Path dir = config.uploadDir();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.walk(dir, 3)) {
            for (Path p : files.filter(p -> p.getNameCount() - dir.getNameCount() == 3).filter(Files::isRegularFile).toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("Upload retention: cannot sweep %s: %s", dir, e.getMessage());
        }
        return removed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("Upload retention sweep failed: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
