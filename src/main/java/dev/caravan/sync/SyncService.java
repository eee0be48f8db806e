package dev.caravan.sync;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.BatchSizeLimit;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Syncs of a source: a source database (genius, redshift; {@link DatabaseSync}) or an API system
 * (hubspot; {@link ApiSync}). A source's objects sync parents first, one run each, and a failed
 * object stops the objects after it. A source never syncs twice at once: not in this process (a
 * lock) and not across replicas (a warehouse lock).
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);

    private final DefinitionRegistry definitions;
    private final SourceConnections databases;
    private final ApiConnections apis;
    private final DatabaseSync databaseSync;
    private final ApiSync apiSync;
    private final Warehouse warehouse;
    private final CaravanConfig config;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    @Inject
    public SyncService(DefinitionRegistry definitions, SourceConnections databases, ApiConnections apis,
            DatabaseSync databaseSync, ApiSync apiSync, Warehouse warehouse, CaravanConfig config) {
        this.definitions = definitions;
        this.databases = databases;
        this.apis = apis;
        this.databaseSync = databaseSync;
        this.apiSync = apiSync;
        this.warehouse = warehouse;
        this.config = config;
    }

    /** Every source a sync can name: source databases and API systems. */
    public List<String> sources() {
        return definitions.all().stream().filter(ObjectDefinition::synced)
                .map(d -> d.sync() != null ? d.sync().source() : d.system()).distinct().sorted().toList();
    }

    /** The objects a sync of {@code source} covers: all of them, or the one named (by object or source table). */
    public List<ObjectDefinition> objects(String source, String only) {
        return objects(source, only, null);
    }

    /** As {@link #objects(String, String)}, read the way {@code via} names (null: the way the source is read by default). */
    public List<ObjectDefinition> objects(String source, String only, String via) {
        List<ObjectDefinition> every = definitions.syncedFrom(source);
        if (every.isEmpty()) {
            throw new UnknownObjectException("unknown sync source '" + source + "'; sources: " + sources());
        }
        boolean api = API.equals(via(source, via));
        List<ObjectDefinition> all = every.stream().filter(d -> api ? d.api() : d.sync() != null).toList();
        if (only == null) {
            return all;
        }
        List<ObjectDefinition> one = all.stream().filter(d -> d.object().equals(only)
                || d.table().equalsIgnoreCase(only) || d.sync() != null && d.sync().table().equalsIgnoreCase(only)).toList();
        if (one.isEmpty()) {
            throw new UnknownObjectException("unknown table '" + only + "' for " + source + "; tables: "
                    + all.stream().map(d -> d.object() + " (" + from(d) + ")").collect(Collectors.joining(", ")));
        }
        return one;
    }

    /** Where an object is read from: its source table, or its API path. */
    public String from(ObjectDefinition d) {
        return d.sync() != null ? d.sync().table() : apis.resource(d).path();
    }

    static final String DATABASE = "database";
    static final String API = "api";

    /** Whether a sync of the source reads an API by default (rather than a source database). */
    public boolean isApi(String source) {
        return API.equals(via(source, null));
    }

    /** Whether a sync of the source reads an API when asked to read {@code via} (null: the default way). */
    public boolean isApi(String source, String via) {
        return API.equals(via(source, via));
    }

    /**
     * How a source is read: "database" or "api". A source with both (Genius) is read from its database
     * when that is configured, else from its API when that is; {@code requested} picks one.
     */
    public String via(String source, String requested) {
        List<ObjectDefinition> all = definitions.syncedFrom(source);
        boolean database = all.stream().anyMatch(d -> d.sync() != null);
        boolean api = all.stream().anyMatch(ObjectDefinition::api);
        if (requested != null) {
            if (!requested.equals(DATABASE) && !requested.equals(API)) {
                throw new IllegalArgumentException("--via must be database or api, got '" + requested + "'");
            }
            if (requested.equals(DATABASE) ? !database : !api) {
                throw new IllegalArgumentException(source + " cannot be read from " + (requested.equals(API) ? "an API" : "a source database")
                        + "; it is read from " + (api ? "its API" : "its database"));
            }
            return requested;
        }
        if (database && api) {
            return databases.configured(source) || !apis.configured(source) ? DATABASE : API;
        }
        return api ? API : DATABASE;
    }

    /** Whether the source has its settings or credentials (either way, for a source read both ways). */
    public boolean configured(String source) {
        return isApi(source) ? apis.configured(source) : databases.configured(source);
    }

    /** Throws {@link SourceNotConfiguredException} (naming the variables to set) when the source is not configured. */
    public void checkConfigured(String source) {
        checkConfigured(source, null);
    }

    /** As {@link #checkConfigured(String)}, for the way {@code via} names (null: the default way). */
    public void checkConfigured(String source, String via) {
        List<ObjectDefinition> all = definitions.syncedFrom(source);
        boolean both = via == null && all.stream().anyMatch(d -> d.sync() != null) && all.stream().anyMatch(ObjectDefinition::api);
        try {
            if (isApi(source, via)) {
                apis.client(source);
            } else {
                databases.settings(source);
            }
        } catch (SourceNotConfiguredException e) {
            if (!both) {
                throw e;
            }
            String other;
            try {
                apis.client(source);
                return;
            } catch (SourceNotConfiguredException api) {
                other = api.getMessage();
            }
            throw new SourceNotConfiguredException(e.getMessage() + "; or, to read its API instead, "
                    + other.replaceFirst("^source '[^']*' is not configured: ", ""));
        }
    }

    /** As {@link #sync(SyncRequest, ImportProgress)}, without --since or --limit. */
    public List<RunSummary> sync(String source, String only, boolean full, boolean dryRun, String trigger,
            ImportProgress progress) {
        return sync(SyncRequest.of(source, only, full, dryRun, trigger), progress);
    }

    /**
     * Syncs the source's objects in dependency order. Returns one summary per object; a source
     * already syncing is not started again (one skipped summary, nothing read).
     */
    public List<RunSummary> sync(SyncRequest request, ImportProgress progress) {
        String source = request.source();
        List<ObjectDefinition> objects = objects(source, request.only(), request.via());
        boolean api = isApi(source, request.via());
        if (!api && (request.since() != null || request.limit() > 0 || request.testMode() != null)) {
            boolean hasApi = definitions.syncedFrom(source).stream().anyMatch(ObjectDefinition::api);
            throw new IllegalArgumentException("--since, --limit and --test-mode apply to API sources; " + source
                    + (hasApi ? " is read from its source database here (--via api reads its API)"
                            : " is a source database (use --full, or let the watermark decide)"));
        }
        checkConfigured(source, request.via()); // not configured → a clear error before anything starts
        if (request.testMode() != null) {
            for (String object : request.testMode().limits().keySet()) {
                if (objects.stream().noneMatch(d -> d.object().equals(object) && apis.resource(d).testModeLimit() > 0)) {
                    throw new IllegalArgumentException("--test-mode-limit-" + object + ": " + source + " has no object "
                            + object + " with a test-mode limit");
                }
            }
        }
        if (request.limit() < 0) {
            throw new IllegalArgumentException("--limit must be a positive number of records");
        }
        for (ObjectDefinition d : objects) { // BATCH_SIZE over the cap → a usage error, nothing started
            BatchSizeLimit.check(config.batchSize(), "BATCH_SIZE", d, config.limits().maxBatchSize());
        }
        ReentrantLock lock = running.computeIfAbsent(source, s -> new ReentrantLock());
        if (!lock.tryLock()) {
            LOG.warnf("Sync of %s not started: a sync of %s is already running", source, source);
            return List.of(RunSummary.skipped(source, request.dryRun(), "a sync of " + source + " is already running"));
        }
        try (ReplicaLock replicas = ReplicaLock.acquire(warehouse, source)) {
            if (!replicas.held()) {
                LOG.warnf("Sync of %s not started: another replica is syncing %s", source, source);
                return List.of(RunSummary.skipped(source, request.dryRun(),
                        "a sync of " + source + " is already running on another replica"));
            }
            List<RunSummary> out = new ArrayList<>();
            for (ObjectDefinition d : objects) {
                RunSummary s = api ? apiSync.sync(d, request, progress)
                        : databaseSync.sync(d, request.full(), request.dryRun(), request.trigger(), progress);
                out.add(s);
                if (!"completed".equals(s.status())) {
                    break; // children of a failed parent would only be held: stop here, the next run resumes
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public boolean isRunning(String source) {
        ReentrantLock lock = running.get(source);
        return lock != null && lock.isLocked();
    }
}
