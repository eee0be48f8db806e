package dev.caravan.pipeline;

import dev.caravan.clean.CleanRow;
import dev.caravan.clean.CleaningSettings;
import dev.caravan.clean.RecordCleaner;
import dev.caravan.clean.RejectedRow;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.SourceRecord;
import dev.caravan.warehouse.Batch;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.TargetTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that clean chunks of records (phone, e-mail and date parsing dominate an import's CPU).
 * Each thread keeps its own {@link RecordCleaner} per object, since a cleaner is not thread-safe.
 */
final class CleanerPool {

    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ExecutorService pool;
    /** Keyed by the definition itself, not its name: a changed definition of the same object gets its own cleaner. */
    private final ThreadLocal<java.util.Map<java.util.List<Object>, RecordCleaner>> cleaners =
            ThreadLocal.withInitial(java.util.HashMap::new);

    CleanerPool() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "caravan-cleaner-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    Future<Batch> clean(ObjectDefinition definition, CleaningSettings settings, List<SourceRecord> records, long runId,
            int sequence, TargetTable table, boolean dryRun, long bytesRead, BatchOptions options) {
        return pool.submit(() -> {
            RecordCleaner cleaner = cleaners.get().computeIfAbsent(java.util.List.of(definition, settings),
                    k -> new RecordCleaner(definition, settings));
            List<CleanRow> rows = new ArrayList<>(records.size());
            List<RejectedRow> rejected = new ArrayList<>();
            for (SourceRecord record : records) {
                Object cleaned = cleaner.clean(record);
                if (cleaned instanceof CleanRow row) {
                    rows.add(row);
                } else {
                    rejected.add((RejectedRow) cleaned);
                }
            }
            return new Batch(runId, sequence, table, rows, rejected, dryRun, new RunCounts(), bytesRead,
                    options.holdOrphans(), options.checkpoint().apply(records));
        });
    }
}
