package dev.caravan.pipeline;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.FileFingerprint;
import dev.caravan.source.MalformedSourceException;
import dev.caravan.source.ReadLimits;
import dev.caravan.source.RecordReader;
import dev.caravan.source.Sources;
import dev.caravan.warehouse.FileLedger;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs one file import from start to finish: fingerprint, claim, read, clean, validate, and send
 * batches through the upsert-batch route (where retries and the dead-letter channel live), keeping
 * the run log current. Used alike by the drop-folder route, the CLI and the REST API.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);

    private final DefinitionRegistry definitions;
    private final RunLog runLog;
    private final FileLedger ledger;
    private final CaravanConfig config;
    private final Pipeline pipeline;
    private final RunMetrics metrics;
    /** Runs in progress in this process (a claim held by one of ours that is not here is stale). */
    private final java.util.Set<Long> active = ConcurrentHashMap.newKeySet();

    @Inject
    public ImportService(DefinitionRegistry definitions, RunLog runLog, FileLedger ledger,
            CaravanConfig config, Pipeline pipeline, RunMetrics metrics) {
        this.definitions = definitions;
        this.runLog = runLog;
        this.ledger = ledger;
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    public ObjectDefinition definition(String system, String object) {
        if (!definitions.systems().contains(system)) {
            throw new UnknownObjectException("unknown system '" + system + "'; valid systems and objects:"
                    + definitions.describeChoices());
        }
        return definitions.find(system, object).orElseThrow(() -> new UnknownObjectException("unknown object '"
                + object + "' for system " + system + "; valid objects: " + String.join(", ", definitions.objectsOf(system))));
    }

    public RunSummary run(ImportRequest request, ImportProgress progress) {
        ObjectDefinition definition = definition(request.system(), request.object());
        if (!Files.isRegularFile(request.file()) || !Files.isReadable(request.file())) {
            throw new IllegalArgumentException("file not found or not readable: " + request.file());
        }
        int batchSize = request.batchSize() > 0 ? request.batchSize() : config.batchSize();
        BatchSizeLimit.check(batchSize, request.batchSize() <= 0 ? "BATCH_SIZE"
                : "cli".equals(request.trigger()) ? "--batch-size" : "rest".equals(request.trigger()) ? "batchSize"
                : "requested", definition, config.limits().maxBatchSize());
        FileFingerprint fp;
        try {
            fp = FileFingerprint.of(request.file(), Charset.forName(config.cleaning().fallbackCharset()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + request.file() + ": " + e.getMessage(), e);
        }
        String name = request.displayName() != null ? request.displayName() : request.file().getFileName().toString();
        long runId = runLog.start(definition.system(), definition.object(), request.trigger(), request.dryRun(), name,
                fp.sha256(), fp.size(), fp.describeEncoding(), batchSize);
        LOG.infof("Run %d: %s %s from %s (%d bytes, %s)%s", runId, request.dryRun() ? "dry-run of" : "import of",
                definition.qualifiedName(), name, fp.size(), fp.describeEncoding(), request.force() ? ", forced" : "");
        progress.started(runId, fp.size(), fp.lines());

        if (!request.dryRun()) {
            FileLedger.Claim claim = ledger.claim(definition.system(), definition.object(), fp.sha256(), runId,
                    request.force(), active::contains);
            if (!claim.granted()) {
                String message = "skipped: " + claim.reason() + " (use --force to import it again)";
                runLog.finish(runId, "skipped", new RunCounts(), 0, message, null);
                LOG.infof("Run %d: %s", runId, message);
                metrics.count(definition, "skipped", new RunCounts());
                return RunSummary.of(runId, "skipped", false, new RunCounts(), message, null);
            }
        }

        active.add(runId);
        try {
            return read(request, definition, fp, runId, batchSize, progress);
        } finally {
            active.remove(runId);
        }
    }

    private RunSummary read(ImportRequest request, ObjectDefinition definition, FileFingerprint fp, long runId,
            int batchSize, ImportProgress progress) {
        List<String> notes = new ArrayList<>();
        RunCounts totals;
        try (RecordReader reader = Sources.open(request.file(), fp, definition, ReadLimits.of(config.limits()))) {
            if (reader.note() != null) {
                notes.add(reader.note());
            }
            if (reader.header() != null && !reader.header().missingRequired().isEmpty()) {
                throw new MalformedSourceException(1, "no header for required column(s) "
                        + reader.header().missingRequired() + "; headers found: " + reader.header().headers()
                        + "; accepted names are listed in definitions/" + definition.system() + "/"
                        + definition.object() + ".yaml");
            }
            totals = pipeline.run(runId, definition, reader, batchSize, request.dryRun(), progress, BatchOptions.FILE,
                    fp.size());
            if (totals.read == 0) {
                notes.add("no data rows (header only)");
            }
        } catch (RuntimeException | IOException | Error e) {
            // Errors too (StackOverflowError, an OutOfMemoryError the JVM survives): the run is closed
            // as failed rather than left "running".
            Throwable cause = e instanceof PipelineFailure pf ? pf.getCause() : e;
            RunCounts committed = e instanceof PipelineFailure pf ? pf.committed() : new RunCounts();
            long bytesRead = e instanceof PipelineFailure pf ? pf.bytesRead() : 0;
            String error = describe(cause);
            LOG.errorf("Run %d failed after %s: %s", runId, committed, error);
            try {
                if (!request.dryRun()) {
                    ledger.release(definition.system(), definition.object(), fp.sha256(), runId);
                }
                runLog.finish(runId, "failed", committed, bytesRead, String.join("; ", notes), error);
            } catch (RuntimeException logFailure) {
                // The warehouse is gone: the run stays "running" in the log until the next claim of
                // this content (or a restart) finds it abandoned and marks it failed.
                LOG.errorf("Run %d: could not record the failure in the run log: %s", runId, logFailure.getMessage());
            }
            metrics.count(definition, "failed", committed);
            return RunSummary.of(runId, "failed", request.dryRun(), committed, emptyToNull(notes), error);
        }
        String message = emptyToNull(notes);
        runLog.finish(runId, "completed", totals, fp.size(), message, null);
        metrics.count(definition, "completed", totals);
        LOG.infof("Run %d completed: %s %s%s", runId, definition.qualifiedName(), totals,
                request.dryRun() ? " (dry run: nothing written)" : "");
        return RunSummary.of(runId, "completed", request.dryRun(), totals, message, null);
    }

    static String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return e instanceof MalformedSourceException || e instanceof IllegalArgumentException ? message
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static String emptyToNull(List<String> notes) {
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
