package dev.caravan.pipeline;

import dev.caravan.source.SourceRecord;
import dev.caravan.warehouse.BatchCheckpoint;
import java.util.List;
import java.util.function.Function;

/**
 * What a source adds to each batch: whether orphans are held rather than rejected, and the
 * checkpoint (built from the batch's records) that commits with it.
 */
public record BatchOptions(boolean holdOrphans, Function<List<SourceRecord>, BatchCheckpoint> checkpoint) {

    /** File imports: orphans are rejected, nothing else commits with a batch. */
    public static final BatchOptions FILE = new BatchOptions(false, records -> null);
}
