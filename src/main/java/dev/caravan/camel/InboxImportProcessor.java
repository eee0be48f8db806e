package dev.caravan.camel;

import dev.caravan.config.CaravanConfig;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.jboss.logging.Logger;

/**
 * Imports one dropped file: INBOX/SYSTEM/OBJECT/FILE. Chooses where the file component moves it
 * afterwards: the done folder after a completed (or skipped, already imported) run, the failed
 * folder otherwise, with FILE.reason.txt beside it saying why. The failed folder is the default,
 * so a file whose processing breaks unexpectedly never lands among the done ones.
 */
@ApplicationScoped
@Named("inboxImport")
public class InboxImportProcessor implements Processor {

    private static final Logger LOG = Logger.getLogger(InboxImportProcessor.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ImportService imports;
    private final CaravanConfig config;

    @Inject
    public InboxImportProcessor(ImportService imports, CaravanConfig config) {
        this.imports = imports;
        this.config = config;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
        Path path = Path.of(file.getAbsoluteFilePath());
        Path root = config.inbox().root().toAbsolutePath().normalize();
        Path relative = root.relativize(path.toAbsolutePath().normalize());
        String system = relative.getName(0).toString();
        String object = relative.getName(1).toString();
        String stamped = LocalDateTime.now().format(STAMP) + "-" + path.getFileName();
        Path failed = config.inbox().failed().toAbsolutePath().resolve(system).resolve(object).resolve(stamped);
        Path done = config.inbox().done().toAbsolutePath().resolve(system).resolve(object).resolve(stamped);
        exchange.getIn().setHeader(CaravanHeaders.MOVE_TO, failed.toString());
        exchange.getIn().setHeader(CaravanHeaders.REASON_FILE, failed + ".reason.txt");

        RunSummary summary;
        try {
            summary = imports.run(new ImportRequest(system, object, path, path.getFileName().toString(), "inbox",
                    false, 0, false), ImportProgress.NONE);
        } catch (IllegalArgumentException e) {
            // Unknown system/object or unreadable file: nothing was imported, say why next to it.
            LOG.errorf("Inbox file %s not imported: %s", relative, e.getMessage());
            writeReason(Path.of(failed + ".reason.txt"), "not imported: " + e.getMessage());
            return;
        }
        exchange.getIn().setHeader(CaravanHeaders.RUN_ID, summary.runId());
        LOG.infof("Inbox %s → run %d %s: read=%d inserted=%d updated=%d unchanged=%d rejected=%d%s", relative,
                summary.runId(), summary.status(), summary.read(), summary.inserted(), summary.updated(),
                summary.unchanged(), summary.rejected(), summary.message() == null ? "" : " (" + summary.message() + ")");
        if (summary.failed()) {
            writeReason(Path.of(failed + ".reason.txt"), "run " + summary.runId() + " failed: " + summary.error()
                    + "\nrows committed before the failure stay committed; fix the file and drop it again."
                    + "\nrejects: ./caravan rejects " + summary.runId());
        } else {
            exchange.getIn().setHeader(CaravanHeaders.MOVE_TO, done.toString());
            if ("skipped".equals(summary.status())) {
                writeReason(Path.of(done + ".skipped.txt"), "run " + summary.runId() + " " + summary.message());
            }
        }
    }

    static void writeReason(Path file, String reason) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.errorf("Cannot write %s: %s", file, e.getMessage());
        }
    }
}
