package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An API resource as a {@link RecordReader}, so its records go through the same pipeline as files and
 * database rows. A record's fields are its top-level members and, when the definition says
 * {@code flatten}, the members of that inner object (HubSpot's {@code properties}); they map onto
 * columns by name and alias, and the rest land in {@code extra}. Objects and lists become JSON text.
 * Each record carries an {@link ApiPosition} for the batch checkpoint. {@code limit} caps the records read.
 *
 * <p>Pages are fetched ahead on two threads of their own, so the API's latency overlaps the
 * pipeline's cleaning and writing: one thread reads pages, the other their links, and at most
 * {@value #AHEAD} pages wait at each step (memory stays bounded by a few pages). The paginator runs on
 * the first thread only. A failure on either thread reaches the caller at the page it concerns.
 */
public final class HttpRecordReader implements RecordReader {

    private static final int MAPPING_CACHE = 64;
    /** Pages fetched ahead of the pipeline, per step. */
    static final int AHEAD = 2;

    private final ObjectDefinition definition;
    private final HttpResource resource;
    private final HttpRecordSource source;
    private final AssociationReader associations;
    private final long limit;
    private final Map<String, Integer> aliases;
    private final Map<List<String>, HeaderMapping> mappings = new HashMap<>();
    private final Deque<SourceRecord> page = new ArrayDeque<>();
    private final String flattenName;
    private long read;
    private boolean limited;
    private Instant maxChanged;
    private final java.util.concurrent.BlockingQueue<Object> fetched = new java.util.concurrent.ArrayBlockingQueue<>(AHEAD);
    private final java.util.concurrent.BlockingQueue<Object> ready = new java.util.concurrent.ArrayBlockingQueue<>(AHEAD);
    private final java.util.concurrent.ExecutorService threads;
    private volatile boolean stopped;
    private boolean ended;

    /** A page with the links of its records. */
    private record Ready(HttpPage page, Map<String, List<ApiPosition.Link>> links) {
    }

    /** The end of the pages, or the failure that ended them. */
    private record End(RuntimeException failure) {
    }

    /**
     * @param limit the most records to read, 0 for all
     */
    public HttpRecordReader(ObjectDefinition definition, HttpResource resource, ApiClient client, HttpRecordSource source,
            long limit) {
        this.definition = definition;
        this.resource = resource;
        this.source = source;
        this.associations = resource.associations() == null ? null : new AssociationReader(client, resource.associations());
        this.limit = limit;
        this.aliases = aliases(definition);
        JsonPointer f = resource.flatten();
        this.flattenName = f == null || f.matches() ? null : f.getMatchingProperty();
        this.threads = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "caravan-http-" + definition.qualifiedName());
            t.setDaemon(true);
            return t;
        });
        threads.submit(this::fetchPages);
        threads.submit(this::fetchLinks);
    }

    /**
     * The definition's names and aliases and, for an object also read from a source database (Genius),
     * the database's column names of its {@code sync.columns} mapping: its API speaks the table's names.
     */
    public static Map<String, Integer> aliases(ObjectDefinition definition) {
        Map<String, Integer> index = HeaderMapping.aliasIndex(definition);
        if (definition.sync() == null || definition.sync().columns().isEmpty()) {
            return index;
        }
        Map<String, Integer> out = new HashMap<>(index);
        List<String> names = definition.columns().stream().map(c -> c.name()).toList();
        definition.sync().columns().forEach((target, sourceColumn) -> {
            int i = names.indexOf(target);
            if (i >= 0) {
                out.putIfAbsent(dev.caravan.definition.HeaderNames.normalize(sourceColumn), i);
            }
        });
        return Map.copyOf(out);
    }

    private void fetchPages() {
        try {
            while (!stopped && source.hasNext()) {
                fetched.put(source.next());
            }
            fetched.put(new End(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            offerEnd(fetched, e);
        }
    }

    private void fetchLinks() {
        try {
            while (!stopped) {
                Object item = fetched.take();
                if (item instanceof End end) {
                    ready.put(end);
                    return;
                }
                HttpPage p = (HttpPage) item;
                Map<String, List<ApiPosition.Link>> links = Map.of();
                if (associations != null) {
                    List<String> ids = new ArrayList<>(p.records().size());
                    for (JsonNode r : p.records()) {
                        String id = id(r);
                        if (id != null) {
                            ids.add(id);
                        }
                    }
                    links = ids.isEmpty() ? Map.of() : associations.read(ids);
                }
                ready.put(new Ready(p, links));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            offerEnd(ready, e);
        }
    }

    private void offerEnd(java.util.concurrent.BlockingQueue<Object> queue, RuntimeException e) {
        try {
            queue.put(new End(e));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SourceRecord next() {
        while (page.isEmpty()) {
            if (ended || limited) {
                return null;
            }
            Object item;
            try {
                item = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next page", e);
            }
            if (item instanceof End end) {
                ended = true;
                if (end.failure() != null) {
                    throw end.failure();
                }
                return null;
            }
            Ready r = (Ready) item;
            fill(r.page(), r.links());
        }
        return page.poll();
    }

    private void fill(HttpPage p, Map<String, List<ApiPosition.Link>> links) {
        List<JsonNode> records = p.records();
        if (limit > 0 && read + records.size() >= limit) {
            limited = read + records.size() > limit || p.next() != null;
            records = records.subList(0, (int) (limit - read));
        }
        int i = 0;
        for (JsonNode r : records) {
            i++;
            read++;
            String id = id(r);
            Instant changed = p.changedAt().get(i - 1);
            if (changed != null && (maxChanged == null || changed.isAfter(maxChanged))) {
                maxChanged = changed;
            }
            boolean last = i == records.size() && records.size() == p.records().size();
            PageToken resume = last ? p.continueAt() : p.resumedFrom();
            ApiPosition position = new ApiPosition(id, changed, maxChanged, resume,
                    id == null ? List.of() : links.getOrDefault(id, List.of()));
            page.add(toRecord(r, position));
        }
    }

    private String id(JsonNode r) {
        JsonNode v = r.at(resource.id());
        return v.isMissingNode() || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private SourceRecord toRecord(JsonNode r, ApiPosition position) {
        List<String> headers = new ArrayList<>();
        List<String> values = new ArrayList<>();
        HttpResource.Shape shape = resource.shape();
        if (r.isObject()) {
            if (shape.topLevel()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (f.getKey().equals(flattenName) && f.getValue().isObject()) {
                        continue;
                    }
                    headers.add(f.getKey());
                    values.add(text(f.getValue(), shape));
                }
            }
            if (flattenName != null) {
                JsonNode inner = r.at(resource.flatten());
                for (Iterator<Map.Entry<String, JsonNode>> it = inner.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    headers.add(f.getKey());
                    values.add(text(f.getValue(), shape));
                }
            }
            shape.fields().forEach((name, pointer) -> {
                headers.add(name);
                values.add(text(r.at(pointer), shape));
            });
        }
        String problem = r.isObject() ? null : "the API returned a record that is not a JSON object";
        HeaderMapping mapping = mappings.get(headers);
        if (mapping == null) {
            if (mappings.size() >= MAPPING_CACHE) {
                mappings.clear();
            }
            mapping = HeaderMapping.of(definition, headers, aliases);
            mappings.put(headers, mapping);
        }
        return new SourceRecord(read, mapping, values.toArray(new String[0]), r.toString(), SourceRecord.JSON_OBJECT,
                problem, position);
    }

    private static String text(JsonNode v, HttpResource.Shape shape) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (shape.valueMember() != null && v.isObject() && v.has(shape.valueMember())) {
            return text(v.get(shape.valueMember()), HttpResource.Shape.DEFAULT);
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** Records read so far. */
    public long recordsRead() {
        return read;
    }

    /** True when the read stopped at {@code limit} with records left: the source was not read to its end. */
    public boolean limited() {
        return limited;
    }

    /** True when every page was read (and handed on). */
    public boolean exhausted() {
        return !limited && ended && page.isEmpty();
    }

    public int windowRestarts() {
        return source.windowRestarts();
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    /** Stops the fetching threads (a page being fetched is abandoned). */
    @Override
    public void close() {
        stopped = true;
        threads.shutdownNow();
        page.clear();
    }
}
