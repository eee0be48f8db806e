package dev.caravan.pipeline;

import dev.caravan.camel.CaravanHeaders;
import dev.caravan.clean.CleaningSettings;
import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.drift.DriftLog;
import dev.caravan.drift.SchemaDrift;
import dev.caravan.run.RunInterruptedException;
import dev.caravan.run.RunRegistry;
import dev.caravan.source.MalformedSourceException;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import dev.caravan.warehouse.Batch;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.TargetTable;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * The one pipeline every source feeds: records are read in order, cleaned in chunks of one batch
 * on the cleaner threads, taken back in order and sent through the upsert-batch route (retries and
 * the dead-letter channel live there), one batch writing while the next is cleaned. Files and
 * database syncs differ only in their reader and their {@link BatchOptions}.
 */
@ApplicationScoped
public class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    static final String UPSERT_ENDPOINT = "direct:upsert-batch";

    private final Warehouse warehouse;
    private final CaravanConfig config;
    private final ProducerTemplate producer;
    private final RunRegistry registry;
    private final DriftLog drift;
    private final CleanerPool cleaners = new CleanerPool();
    private final Map<ObjectDefinition, TargetTable> tables = new ConcurrentHashMap<>();

    @Inject
    public Pipeline(Warehouse warehouse, CaravanConfig config, ProducerTemplate producer, RunRegistry registry,
            DriftLog drift) {
        this.warehouse = warehouse;
        this.drift = drift;
        this.config = config;
        this.producer = producer;
        this.registry = registry;
    }

    public TargetTable table(ObjectDefinition definition) {
        return tables.computeIfAbsent(definition, d -> new TargetTable(d, warehouse.dialect()));
    }

    /**
     * Runs every record of the reader through cleaning and batched writes and returns the committed
     * totals. On failure, the batches already read are written first when the reader broke
     * (unclosed quote), and a {@link PipelineFailure} carries the cause and what was committed. A
     * shutdown stops the run at a batch boundary: the batch in flight commits, batches cleaned but
     * not sent are dropped, and the cause is a {@link RunInterruptedException}. Whatever the outcome,
     * the run's schema drift (fields and columns its records had or lacked) is recorded once it ends.
     *
     * @param endBytes the bytes a fully read source accounts for (file size; 0 for databases)
     */
    public RunCounts run(long runId, ObjectDefinition definition, RecordReader reader, int batchSize, boolean dryRun,
            ImportProgress progress, BatchOptions options, long endBytes) {
        RunCounts totals = new RunCounts();
        BatchWriter writer = new BatchWriter(runId);
        SchemaDrift fields = new SchemaDrift(definition);
        fields.see(reader.header());
        try (writer) {
            TargetTable table = table(definition);
            CleaningSettings settings = new CleaningSettings(config.cleaning().defaultRegion(),
                    ZoneId.of(config.cleaning().sourceTimeZone()));
            ArrayDeque<Future<Batch>> cleaning = new ArrayDeque<>();
            List<SourceRecord> chunk = new ArrayList<>(Math.min(batchSize, 1 << 16));
            long chunkChars = 0;
            long maxChunkChars = config.limits().maxBatchChars();
            int sequence = 0;
            SourceRecord record;
            MalformedSourceException malformed = null;
            while (true) {
                try {
                    record = reader.next();
                } catch (MalformedSourceException e) {
                    // The source cannot be read past this point: what was read before it still lands.
                    malformed = e;
                    break;
                }
                if (record == null) {
                    break;
                }
                fields.see(record.mapping());
                chunk.add(record);
                chunkChars += record.chars();
                // A batch is cut early when its records are large, so batches in flight stay bounded in memory.
                if (chunk.size() >= batchSize || chunkChars >= maxChunkChars) {
                    String stop = registry.stopRequested(runId);
                    if (stop != null) {
                        cleaning.forEach(f -> f.cancel(false));
                        throw new RunInterruptedException(stop);
                    }
                    cleaning.add(cleaners.clean(definition, settings, chunk, runId, ++sequence, table, dryRun,
                            reader.bytesRead(), options));
                    chunk = new ArrayList<>(Math.min(batchSize, 1 << 16));
                    chunkChars = 0;
                    if (cleaning.size() > cleaners.threads()) {
                        write(writer, cleaning.poll(), totals, progress);
                    }
                }
            }
            if (!chunk.isEmpty()) {
                cleaning.add(cleaners.clean(definition, settings, chunk, runId, ++sequence, table, dryRun,
                        malformed == null ? endBytes : reader.bytesRead(), options));
            }
            while (!cleaning.isEmpty()) {
                write(writer, cleaning.poll(), totals, progress);
            }
            writer.await(totals, progress);
            if (malformed != null) {
                throw malformed;
            }
            return totals;
        } catch (RuntimeException | IOException | Error e) {
            // Errors too (StackOverflowError, OutOfMemoryError): the caller closes the run as failed.
            writer.drain(totals);
            throw new PipelineFailure(e, totals);
        } finally {
            drift.record(runId, definition, fields);
        }
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
                registry.progressed(runId);
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
    private static void write(BatchWriter writer, java.util.concurrent.Future<Batch> cleaned, RunCounts totals,
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

}
