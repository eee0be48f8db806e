package dev.caravan.pipeline;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.drift.DriftLog;
import dev.caravan.drift.SchemaDrift;
import dev.caravan.run.RunEnding;
import dev.caravan.run.RunRegistry;
import dev.caravan.run.RunSweeper;
import dev.caravan.source.Excerpt;
import dev.caravan.source.MalformedSourceException;
import dev.caravan.source.RecordReader;
import dev.caravan.source.file.FileFingerprint;
import dev.caravan.source.file.FileStamp;
import dev.caravan.source.file.FingerprintCache;
import dev.caravan.source.file.ReadLimits;
import dev.caravan.source.file.Sources;
import dev.caravan.warehouse.FileLedger;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.WarehouseUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs one file import from start to finish: fingerprint, claim, read, clean, validate, and send
 * batches through the upsert-batch route (where retries and the dead-letter channel live), keeping
 * the run log current. Used alike by the drop-folder route, the CLI and the REST API. The run is
 * registered for the run lifecycle (heartbeat, graceful shutdown, sweep) while it executes.
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
    private final RunRegistry registry;
    private final RunSweeper sweeper;
    private final RunEnding ending;
    private final DriftLog drift;
    private final FingerprintCache fingerprints = new FingerprintCache(1024);

    @Inject
    public ImportService(DefinitionRegistry definitions, RunLog runLog, FileLedger ledger, CaravanConfig config,
            Pipeline pipeline, RunMetrics metrics, RunRegistry registry, RunSweeper sweeper, RunEnding ending,
            DriftLog drift) {
        this.ending = ending;
        this.drift = drift;
        this.definitions = definitions;
        this.runLog = runLog;
        this.ledger = ledger;
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.registry = registry;
        this.sweeper = sweeper;
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
        return importFile(request, progress).summary();
    }

    /**
     * Runs one import and says what should become of the file. Refuses non-regular files (FIFOs,
     * devices) without reading them. A file whose size or time changed while it was read is not
     * reported as completed: it is to be read again once settled (its committed rows then count as
     * unchanged).
     */
    public ImportResult importFile(ImportRequest request, ImportProgress progress) {
        ObjectDefinition definition = definition(request.system(), request.object());
        if (!Files.exists(request.file())) {
            throw new IllegalArgumentException("file not found: " + request.file());
        }
        if (!Files.isRegularFile(request.file()) || !Files.isReadable(request.file())) {
            throw new IllegalArgumentException("not a readable regular file (FIFO, device or directory?): "
                    + request.file());
        }
        if (registry.stopping()) {
            throw new IllegalStateException("shutting down: no new imports are started");
        }
        int batchSize = request.batchSize() > 0 ? request.batchSize() : config.batchSize();
        BatchSizeLimit.check(batchSize, request.batchSize() <= 0 ? "BATCH_SIZE"
                : "cli".equals(request.trigger()) ? "--batch-size" : "rest".equals(request.trigger()) ? "batchSize"
                : "requested", definition, config.limits().maxBatchSize());
        FileStamp before;
        FileFingerprint fp;
        try {
            before = FileStamp.of(request.file());
            fp = fingerprints.of(request.file(), before, Charset.forName(config.cleaning().fallbackCharset()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + request.file() + ": " + e.getMessage(), e);
        }
        boolean claims = !request.dryRun();
        if (claims) {
            sweeper.sweep(); // a claim held by a dead owner is closed first, so "running" below means alive
            if (!request.force()) {
                FileLedger.Claim busy = ledger.peek(definition.system(), definition.object(), fp.sha256());
                if (busy != null && busy.outcome() == FileLedger.Outcome.BUSY) {
                    // Another live run imports this content now: no run is opened, the file waits.
                    return new ImportResult(RunSummary.of(0, "skipped", false, new RunCounts(), "skipped: "
                            + busy.reason(), null), ImportResult.Disposition.RETRY);
                }
            }
        }
        String name = request.displayName() != null ? request.displayName() : request.file().getFileName().toString();
        try (RunRegistry.ActiveRun run = registry.open(() -> runLog.start(definition.system(), definition.object(),
                request.trigger(), request.dryRun(), name, fp.sha256(), fp.size(), fp.describeEncoding(), batchSize),
                definition.qualifiedName() + " from " + name)) {
            long runId = run.runId();
            LOG.infof("Run %d: %s %s from %s (%d bytes, %s)%s", runId, request.dryRun() ? "dry-run of" : "import of",
                    definition.qualifiedName(), name, fp.size(), fp.describeEncoding(), request.force() ? ", forced" : "");
            progress.started(runId, fp.size(), fp.lines());
            if (claims) {
                FileLedger.Claim claim = ledger.claim(definition.system(), definition.object(), fp.sha256(), runId,
                        request.force());
                if (!claim.granted()) {
                    return refused(definition, runId, claim);
                }
            }
            return read(request, definition, fp, before, runId, batchSize, progress);
        }
    }

    private ImportResult refused(ObjectDefinition definition, long runId, FileLedger.Claim claim) {
        RunCounts none = new RunCounts();
        if (claim.outcome() == FileLedger.Outcome.QUARANTINED) {
            runLog.finish(runId, "failed", none, 0, null, claim.reason());
            LOG.errorf("Run %d: %s", runId, claim.reason());
            metrics.count(definition, "failed", none);
            return new ImportResult(RunSummary.of(runId, "failed", false, none, null, claim.reason()),
                    ImportResult.Disposition.QUARANTINED);
        }
        String message = "skipped: " + claim.reason() + (claim.outcome() == FileLedger.Outcome.DONE
                ? " (use --force to import it again)" : "");
        runLog.finish(runId, "skipped", none, 0, message, null);
        LOG.infof("Run %d: %s", runId, message);
        metrics.count(definition, "skipped", none);
        return new ImportResult(RunSummary.of(runId, "skipped", false, none, message, null),
                claim.outcome() == FileLedger.Outcome.DONE ? ImportResult.Disposition.DONE
                        : ImportResult.Disposition.RETRY);
    }

    private ImportResult read(ImportRequest request, ObjectDefinition definition, FileFingerprint fp, FileStamp before,
            long runId, int batchSize, ImportProgress progress) {
        List<String> notes = new ArrayList<>();
        RunCounts totals;
        try (RecordReader reader = Sources.open(request.file(), fp, definition, ReadLimits.of(config.limits()))) {
            if (reader.note() != null) {
                notes.add(reader.note());
            }
            if (reader.header() != null && !reader.header().missingRequired().isEmpty()) {
                // The file fails here, before the pipeline: its header is the drift that failed it.
                SchemaDrift header = new SchemaDrift(definition);
                header.see(reader.header());
                drift.record(runId, definition, header);
                throw new MalformedSourceException(1, "no header for required column(s) "
                        + reader.header().missingRequired() + "; headers found: "
                        + Excerpt.list(reader.header().headers()) + "; accepted names are listed in definitions/"
                        + definition.system() + "/" + definition.object() + ".yaml");
            }
            totals = pipeline.run(runId, definition, reader, batchSize, request.dryRun(), progress, BatchOptions.FILE,
                    fp.size());
            if (totals.read == 0) {
                notes.add("no data rows (header only)");
            }
            FileStamp after = FileStamp.of(request.file());
            if (!after.equals(before)) {
                throw new PipelineFailure(new FileChangedException("file changed while reading ("
                        + before.differenceTo(after) + "); it is read again once it has settled"), totals);
            }
        } catch (RuntimeException | IOException | Error e) {
            // Errors too (StackOverflowError, an OutOfMemoryError the JVM survives): the run is closed
            // as failed rather than left "running".
            return failed(request, definition, fp, runId, notes, e);
        }
        RunEnding.Ended end = ending.completed(definition, runId, "import of " + definition.qualifiedName(), totals, fp.size(),
                notes, request.dryRun());
        return new ImportResult(RunSummary.of(runId, "completed", request.dryRun(), totals, end.message(), null),
                ImportResult.Disposition.DONE);
    }

    /** Closes a run that did not complete: interrupted (shutdown) or failed, and says whether to try again. */
    private ImportResult failed(ImportRequest request, ObjectDefinition definition, FileFingerprint fp, long runId,
            List<String> notes, Throwable e) {
        RunEnding.Ended end = ending.ended(definition, runId, "import of " + definition.qualifiedName(), e, notes,
                "the next run completes it", ImportService::describe, request.dryRun() ? null
                        : () -> ledger.release(definition.system(), definition.object(), fp.sha256(), runId), request.dryRun());
        Throwable cause = end.cause();
        boolean warehouseDown = cause instanceof WarehouseUnavailableException || SqlFailures.isTransient(cause);
        boolean retry = end.interrupted() || cause instanceof FileChangedException;
        return new ImportResult(RunSummary.of(runId, end.status(), request.dryRun(), end.counts(), end.message(), end.error()),
                warehouseDown ? ImportResult.Disposition.WAIT_FOR_WAREHOUSE
                        : retry ? ImportResult.Disposition.RETRY : ImportResult.Disposition.FAILED);
    }

    static String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return e instanceof MalformedSourceException || e instanceof IllegalArgumentException
                || e instanceof FileChangedException ? message
                : e.getClass().getSimpleName() + ": " + message;
    }
}
