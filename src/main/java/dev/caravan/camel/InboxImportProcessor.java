package dev.caravan.camel;

import dev.caravan.config.CaravanConfig;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportResult;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.run.RunRegistry;
import dev.caravan.source.Excerpt;
import dev.caravan.warehouse.WarehouseUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.jboss.logging.Logger;

/**
 * Imports one dropped file, INBOX/SYSTEM/OBJECT/FILE, and decides where it goes: to the done folder
 * after a completed run (or a skip of content imported before); to the failed folder, next to
 * FILE.reason.txt, when its content is at fault, it is not a regular file inside the inbox, or it was
 * quarantined; and nowhere, left to be tried at a later poll, when nothing is wrong with it:
 * another replica is importing the same content, the warehouse was unreachable (intake then pauses
 * for CARAVAN_INBOX_RETRY_AFTER), it changed while it was read, or a shutdown interrupted the run.
 * The route does not move files itself (noop), so no other replica's file is ever moved under it.
 */
@ApplicationScoped
@Named("inboxImport")
public class InboxImportProcessor implements Processor {

    private static final Logger LOG = Logger.getLogger(InboxImportProcessor.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ImportService imports;
    private final CaravanConfig config;
    private final RunRegistry registry;
    private final InboxFilter filter;
    private volatile Instant pausedUntil = Instant.MIN;

    @Inject
    public InboxImportProcessor(ImportService imports, CaravanConfig config, RunRegistry registry, InboxFilter filter) {
        this.imports = imports;
        this.config = config;
        this.registry = registry;
        this.filter = filter;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
        Path path = Path.of(file.getAbsoluteFilePath()).toAbsolutePath().normalize();
        Path root = config.inbox().root().toAbsolutePath().normalize();
        Path relative = root.relativize(path);
        if (registry.stopping() || Instant.now().isBefore(pausedUntil)) {
            return; // shutting down, or the warehouse was unreachable a moment ago: the file waits
        }
        String system = relative.getName(0).toString();
        String object = relative.getName(1).toString();
        String stamped = LocalDateTime.now().format(STAMP) + "-" + path.getFileName();
        Path failed = config.inbox().failed().toAbsolutePath().resolve(system).resolve(object).resolve(stamped);
        Path done = config.inbox().done().toAbsolutePath().resolve(system).resolve(object).resolve(stamped);

        String refusal = InboxFiles.refusal(root, path);
        if (refusal != null) {
            LOG.warnf("Inbox entry %s refused, not read: %s", Excerpt.of(relative.toString(), 200), refusal);
            if (InboxFiles.move(path, failed)) {
                InboxFiles.writeReason(Path.of(failed + ".reason.txt"), "refused, not read: " + refusal);
            }
            return;
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return; // another replica moved it after it was listed
        }
        ImportResult result;
        try {
            result = imports.importFile(new ImportRequest(system, object, path, path.getFileName().toString(), "inbox",
                    false, 0, false), ImportProgress.NONE);
        } catch (WarehouseUnavailableException e) {
            pause("the warehouse is unreachable", e);
            return;
        } catch (IllegalArgumentException e) {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return; // moved by another replica while it was being looked at
            }
            // Unknown system/object or unreadable file: nothing was imported, say why next to it.
            LOG.errorf("Inbox file %s not imported: %s", relative, e.getMessage());
            moveWithReason(path, failed, "not imported: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (registry.stopping()) {
                return;
            }
            // Unexpected: the file goes to .failed (so it is not retried at every poll) and the
            // exception on to the dead-letter channel, which keeps it with the file's path.
            moveWithReason(path, failed, "failed unexpectedly: " + Excerpt.of(String.valueOf(e.getMessage()), 300)
                    + "\nthe failure is kept in caravan_dead_letter.");
            throw e;
        }
        finish(path, relative, result, done, failed);
    }

    private void finish(Path path, Path relative, ImportResult result, Path done, Path failed) {
        RunSummary summary = result.summary();
        if (summary.runId() != 0) {
            LOG.infof("Inbox %s → run %d %s: read=%d inserted=%d updated=%d unchanged=%d rejected=%d%s", relative,
                    summary.runId(), summary.status(), summary.read(), summary.inserted(), summary.updated(),
                    summary.unchanged(), summary.rejected(), summary.message() == null ? "" : " (" + summary.message() + ")");
        }
        switch (result.disposition()) {
            case DONE -> {
                if (InboxFiles.move(path, done) && "skipped".equals(summary.status())) {
                    InboxFiles.writeReason(Path.of(done + ".skipped.txt"), "run " + summary.runId() + " " + summary.message());
                }
                moveMarker(path, done);
            }
            case FAILED -> moveWithReason(path, failed, "run " + summary.runId() + " failed: " + summary.error()
                    + "\nrows committed before the failure stay committed; fix the file and drop it again."
                    + "\nrejects: ./caravan rejects " + summary.runId());
            case QUARANTINED -> moveWithReason(path, failed, "run " + summary.runId() + ": " + summary.error());
            case WAIT_FOR_WAREHOUSE -> pause("the warehouse became unreachable during run " + summary.runId(), null);
            case RETRY -> {
                if (summary.runId() != 0) {
                    LOG.infof("Inbox %s stays in the inbox to be read again (run %d %s)", relative, summary.runId(),
                            summary.status());
                } else {
                    LOG.debugf("Inbox %s: %s", relative, summary.message());
                }
            }
        }
    }

    private void moveWithReason(Path path, Path failed, String reason) {
        if (InboxFiles.move(path, failed)) {
            InboxFiles.writeReason(Path.of(failed + ".reason.txt"), reason);
        }
        moveMarker(path, failed);
    }

    private void moveMarker(Path path, Path target) {
        Path marker = filter.markerOf(path);
        if (marker != null && Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            InboxFiles.move(marker, target.resolveSibling(target.getFileName() + marker.getFileName().toString()
                    .substring(path.getFileName().toString().length())));
        }
    }

    private void pause(String why, Exception e) {
        pausedUntil = Instant.now().plus(config.inbox().retryAfter());
        LOG.warnf("Drop folders paused for %s: %s%s; files stay in the inbox and are retried",
                config.inbox().retryAfter(), why, e == null ? "" : " (" + e.getMessage() + ")");
    }
}
