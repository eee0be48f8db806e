package dev.caravan.replay;

import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.RecordReader;
import dev.caravan.source.ReplayPosition;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.StoredRecord;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rejected records of one run as a {@link RecordReader}: read from caravan_reject in record order,
 * a page at a time (memory stays bounded), and mapped onto the columns of the definition as it is now,
 * so a fixed alias, type or rule applies. Each record keeps its line and its record number in the
 * original run ({@link ReplayPosition}). A stored form that cannot be read back becomes a reject.
 */
final class ReplayReader implements RecordReader {

    static final int PAGE = 500;
    private static final int MAPPING_CACHE = 256;

    private final ReplayStore store;
    private final long originalRunId;
    private final ObjectDefinition definition;
    private final Map<String, Integer> aliases;
    private final Map<List<String>, HeaderMapping> mappings = new HashMap<>();
    private final ArrayDeque<ReplayStore.Rejected> page = new ArrayDeque<>();
    private long after;
    private boolean ended;

    ReplayReader(ReplayStore store, long originalRunId, ObjectDefinition definition, Map<String, Integer> aliases) {
        this.store = store;
        this.originalRunId = originalRunId;
        this.definition = definition;
        this.aliases = aliases;
    }

    @Override
    public SourceRecord next() {
        if (page.isEmpty() && !ended) {
            List<ReplayStore.Rejected> next = store.page(originalRunId, after, PAGE);
            page.addAll(next);
            ended = next.size() < PAGE;
        }
        ReplayStore.Rejected r = page.poll();
        if (r == null) {
            return null;
        }
        after = r.recordNo();
        long line = r.line() == null ? 0 : r.line();
        ReplayPosition position = new ReplayPosition(originalRunId, r.recordNo());
        StoredRecord stored;
        try {
            stored = StoredRecord.decode(r.stored());
        } catch (IllegalArgumentException e) {
            return new SourceRecord(line, mapping(List.of()), new String[0], "(stored record unreadable)", ',',
                    e.getMessage(), position);
        }
        return new SourceRecord(line, mapping(stored.fields()), stored.values().toArray(new String[0]), null,
                stored.delimiter(), null, position);
    }

    private HeaderMapping mapping(List<String> fields) {
        HeaderMapping m = mappings.get(fields);
        if (m == null) {
            if (mappings.size() >= MAPPING_CACHE) {
                mappings.clear();
            }
            m = HeaderMapping.of(definition, fields, aliases);
            mappings.put(fields, m);
        }
        return m;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    public void close() {
        page.clear();
    }
}
