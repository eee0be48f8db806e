package dev.caravan.pipeline;

import dev.caravan.camel.CaravanHeaders;
import dev.caravan.clean.CleaningSettings;
import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.FileFingerprint;
import dev.caravan.source.MalformedSourceException;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.Sources;
import dev.caravan.warehouse.Batch;
import dev.caravan.warehouse.FileLedger;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.TargetTable;
import dev.caravan.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * Runs one file import from start to finish: fingerprint, claim, read, clean, validate, and send
 * batches through the upsert-batch route (where retries and the dead-letter channel live), keeping
 * the run log current. Used alike by the drop-folder route, the CLI and the REST API.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    static final String UPSERT_ENDPOINT = "direct:upsert-batch";

    private final DefinitionRegistry definitions;
    private final Warehouse warehouse;
    private final RunLog runLog;
    private final FileLedger ledger;
    private final CaravanConfig config;
    private final ProducerTemplate producer;
    private final MeterRegistry metrics;
    private final Map<ObjectDefinition, TargetTable> tables = new ConcurrentHashMap<>();
    /** Runs in progress in this process (a claim held by one of ours that is not here is stale). */
    private final java.util.Set<Long> active = ConcurrentHashMap.newKeySet();
    private final CleanerPool cleaners = new CleanerPool();

    @Inject
    public ImportService(DefinitionRegistry definitions, Warehouse warehouse, RunLog runLog, FileLedger ledger,
            CaravanConfig config, ProducerTemplate producer, MeterRegistry metrics) {
        this.definitions = definitions;
        this.warehouse = warehouse;
        this.runLog = runLog;
        this.ledger = ledger;
        this.config = config;
        this.producer = producer;
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

    public int definitionsCount() {
        return definitions.all().size();
    }

    public RunSummary run(ImportRequest request, ImportProgress progress) {
        ObjectDefinition definition = definition(request.system(), request.object());
        if (!Files.isRegularFile(request.file()) || !Files.isReadable(request.file())) {
            throw new IllegalArgumentException("file not found or not readable: " + request.file());
        }
        int batchSize = request.batchSize() > 0 ? request.batchSize() : config.batchSize();
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
                count(definition, "skipped", new RunCounts());
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
        RunCounts totals = new RunCounts();
        long bytesRead = 0;
        List<String> notes = new ArrayList<>();
        BatchWriter writer = new BatchWriter(runId);
        try (writer; RecordReader reader = Sources.open(request.file(), fp, definition)) {
            if (reader.note() != null) {
                notes.add(reader.note());
            }
            if (reader.header() != null && !reader.header().missingRequired().isEmpty()) {
                throw new MalformedSourceException(1, "no header for required column(s) "
                        + reader.header().missingRequired() + "; headers found: " + reader.header().headers()
                        + "; accepted names are listed in definitions/" + definition.system() + "/"
                        + definition.object() + ".yaml");
            }
            TargetTable table = tables.computeIfAbsent(definition, d -> new TargetTable(d, warehouse.dialect()));
            CleaningSettings settings = new CleaningSettings(config.cleaning().defaultRegion(),
                    ZoneId.of(config.cleaning().sourceTimeZone()));
            // Records are read here in order and cleaned in chunks (one batch each) on the cleaner
            // threads; chunks are taken back in order, so batches keep the file's order.
            java.util.ArrayDeque<java.util.concurrent.Future<Batch>> cleaning = new java.util.ArrayDeque<>();
            List<SourceRecord> chunk = new ArrayList<>(batchSize);
            int sequence = 0;
            SourceRecord record;
            MalformedSourceException malformed = null;
            while (true) {
                try {
                    record = reader.next();
                } catch (MalformedSourceException e) {
                    // The file cannot be read past this point: what was read before it still lands.
                    malformed = e;
                    break;
                }
                if (record == null) {
                    break;
                }
                chunk.add(record);
                if (chunk.size() >= batchSize) {
                    cleaning.add(cleaners.clean(definition, settings, chunk, runId, ++sequence, table, request.dryRun(),
                            reader.bytesRead()));
                    chunk = new ArrayList<>(batchSize);
                    if (cleaning.size() > cleaners.threads()) {
                        bytesRead = write(writer, cleaning.poll(), totals, progress);
                    }
                }
            }
            if (!chunk.isEmpty()) {
                cleaning.add(cleaners.clean(definition, settings, chunk, runId, ++sequence, table, request.dryRun(),
                        malformed == null ? fp.size() : reader.bytesRead()));
            }
            while (!cleaning.isEmpty()) {
                bytesRead = write(writer, cleaning.poll(), totals, progress);
            }
            writer.await(totals, progress);
            if (malformed != null) {
                throw malformed;
            }
            bytesRead = fp.size();
            if (totals.read == 0) {
                notes.add("no data rows (header only)");
            }
        } catch (RuntimeException | IOException e) {
            writer.drain(totals);
            String error = describe(e);
            LOG.errorf("Run %d failed after %s: %s", runId, totals, error);
            try {
                if (!request.dryRun()) {
                    ledger.release(definition.system(), definition.object(), fp.sha256(), runId);
                }
                runLog.finish(runId, "failed", totals, bytesRead, String.join("; ", notes), error);
            } catch (RuntimeException logFailure) {
                // The warehouse is gone: the run stays "running" in the log until the next claim of
                // this content (or a restart) finds it abandoned and marks it failed.
                LOG.errorf("Run %d: could not record the failure in the run log: %s", runId, logFailure.getMessage());
            }
            count(definition, "failed", totals);
            return RunSummary.of(runId, "failed", request.dryRun(), totals, emptyToNull(notes), error);
        }
        String message = emptyToNull(notes);
        runLog.finish(runId, "completed", totals, bytesRead, message, null);
        count(definition, "completed", totals);
        LOG.infof("Run %d completed: %s %s%s", runId, definition.qualifiedName(), totals,
                request.dryRun() ? " (dry run: nothing written)" : "");
        return RunSummary.of(runId, "completed", request.dryRun(), totals, message, null);
    }

    /**
     * Writes a run's batches on a thread of its own, one batch in flight, so reading and cleaning the
     * next batch overlaps the database work of the previous one. Batches commit in order.
     */
    private final class BatchWriter implements AutoCloseable {
        private final long runId;
        private final java.util.concurrent.ExecutorService thread;
        private java.util.concurrent.Future<RunCounts> inFlight;
        private long inFlightBytes;

        BatchWriter(long runId) {
            this.runId = runId;
            thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "caravan-writer-" + runId);
                t.setDaemon(true);
                return t;
            });
        }

        void submit(Batch batch) {
            inFlightBytes = batch.bytesRead();
            inFlight = thread.submit(() -> send(batch));
        }

        /** Waits for the batch in flight, adds its counts to the totals and reports progress. */
        void await(RunCounts totals, ImportProgress progress) {
            if (inFlight == null) {
                return;
            }
            try {
                totals.add(inFlight.get());
                progress.batchCommitted(runId, totals, inFlightBytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing a batch", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } finally {
                inFlight = null;
            }
        }

        /** After a failure elsewhere: lets the batch in flight finish and counts it if it committed. */
        void drain(RunCounts totals) {
            try {
                await(totals, ImportProgress.NONE);
            } catch (RuntimeException e) {
                LOG.debugf("batch in flight failed too: %s", e.getMessage());
            }
        }

        @Override
        public void close() {
            thread.shutdown();
        }
    }

    /** Takes the next cleaned batch (in file order) and hands it to the writer once the previous one committed. */
    private static long write(BatchWriter writer, java.util.concurrent.Future<Batch> cleaned, RunCounts totals,
            ImportProgress progress) {
        Batch batch;
        try {
            batch = cleaned.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cleaning", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        writer.await(totals, progress);
        writer.submit(batch.withTotalsBefore(totals.copy()));
        return batch.bytesRead();
    }

    /** Sends a batch through the upsert-batch route; its failure (after retries) fails the run. */
    private RunCounts send(Batch batch) {
        Exchange result = producer.request(UPSERT_ENDPOINT, exchange -> {
            exchange.getIn().setHeader(CaravanHeaders.RUN_ID, batch.runId());
            exchange.getIn().setBody(batch);
        });
        Exception failure = result.getException() != null ? result.getException()
                : result.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure != null) {
            throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure.getMessage(), failure);
        }
        return result.getMessage().getBody(RunCounts.class);
    }

    private void count(ObjectDefinition d, String status, RunCounts c) {
        metrics.counter("caravan.runs", "source", d.system(), "object", d.object(), "status", status).increment();
        metrics.counter("caravan.rows", "source", d.system(), "object", d.object(), "outcome", "inserted").increment(c.inserted);
        metrics.counter("caravan.rows", "source", d.system(), "object", d.object(), "outcome", "updated").increment(c.updated);
        metrics.counter("caravan.rows", "source", d.system(), "object", d.object(), "outcome", "unchanged").increment(c.unchanged);
        metrics.counter("caravan.rows", "source", d.system(), "object", d.object(), "outcome", "rejected").increment(c.rejected);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return e instanceof MalformedSourceException || e instanceof IllegalArgumentException ? message
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static String emptyToNull(List<String> notes) {
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
