package dev.caravan.definition;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.caravan.config.CaravanConfig;
import io.quarkus.runtime.util.ClassPathUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Every object Caravan can ingest, read from the definition files: the built-in ones under
 * {@code definitions/} on the classpath and, when configured, a site's own directory (which may
 * override a built-in object by declaring the same system and object).
 */
@ApplicationScoped
public class DefinitionRegistry {

    private static final Logger LOG = Logger.getLogger(DefinitionRegistry.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** Source table and column names (identifiers; checked because they are written into SQL). */
    private static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Map<String, ObjectDefinition> byName = new TreeMap<>();

    @Inject
    public DefinitionRegistry(CaravanConfig config) {
        this(loadBuiltIn(), config.definitionsDir().map(DefinitionRegistry::loadDirectory).orElse(List.of()));
    }

    /** For tests and tools: a registry over the given definitions. */
    public DefinitionRegistry(List<ObjectDefinition> builtIn, List<ObjectDefinition> site) {
        for (ObjectDefinition d : builtIn) {
            byName.put(d.qualifiedName(), d);
        }
        for (ObjectDefinition d : site) {
            if (byName.put(d.qualifiedName(), d) != null) {
                LOG.infof("Definition %s overridden by the site definitions directory", d.qualifiedName());
            }
        }
        List<String> errors = new ArrayList<>();
        for (ObjectDefinition d : byName.values()) {
            validate(d, errors);
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Invalid object definitions:\n  " + String.join("\n  ", errors));
        }
    }

    public Optional<ObjectDefinition> find(String system, String object) {
        return Optional.ofNullable(byName.get(system + "." + object));
    }

    public Collection<ObjectDefinition> all() {
        return byName.values();
    }

    public TreeSet<String> systems() {
        TreeSet<String> systems = new TreeSet<>();
        byName.values().forEach(d -> systems.add(d.system()));
        return systems;
    }

    /**
     * Objects that sync from a source: a source database's (their {@code sync.source}) or an API
     * system's (objects of that system with an {@code http:} block), parents before children.
     */
    public List<ObjectDefinition> syncedFrom(String source) {
        return byName.values().stream().filter(d -> d.sync() != null ? d.sync().source().equals(source)
                        : d.api() && d.system().equals(source))
                .sorted(java.util.Comparator.comparingInt(this::dependencyDepth).thenComparing(ObjectDefinition::object))
                .toList();
    }

    /** 0 for an object that references nothing, else one more than its deepest parent. */
    public int dependencyDepth(ObjectDefinition d) {
        return depth(d, 0);
    }

    private int depth(ObjectDefinition d, int guard) {
        int max = 0;
        if (guard > 20) {
            return max;
        }
        for (ColumnDefinition c : d.columns()) {
            if (c.references() != null && !c.references().equals(d.qualifiedName()) && byName.containsKey(c.references())) {
                max = Math.max(max, 1 + depth(byName.get(c.references()), guard + 1));
            }
        }
        return max;
    }

    public List<String> objectsOf(String system) {
        return byName.values().stream().filter(d -> d.system().equals(system)).map(ObjectDefinition::object).toList();
    }

    /** "genius: appointments, marketing_sources, …; salespro: …" for usage errors. */
    public String describeChoices() {
        StringBuilder sb = new StringBuilder();
        for (String system : systems()) {
            sb.append("\n  ").append(system).append(": ").append(String.join(", ", objectsOf(system)));
        }
        return sb.toString();
    }

    /** Resolves "system.object" references to the referenced definition. */
    public ObjectDefinition referenced(String reference) {
        ObjectDefinition d = byName.get(reference);
        if (d == null) {
            throw new IllegalArgumentException("unknown referenced object " + reference);
        }
        return d;
    }

    private void validate(ObjectDefinition d, List<String> errors) {
        String where = d.qualifiedName() + ": ";
        if (d.system() == null || !IDENTIFIER.matcher(d.system()).matches()
                || d.object() == null || !IDENTIFIER.matcher(d.object()).matches()) {
            errors.add(where + "system and object must be lower-case identifiers");
        }
        if (d.table() == null || !IDENTIFIER.matcher(d.table()).matches()) {
            errors.add(where + "table must be a lower-case identifier, got " + d.table());
        }
        if (d.key().isEmpty()) {
            errors.add(where + "a natural key is required");
        }
        if (d.columns().isEmpty()) {
            errors.add(where + "no columns");
        }
        Map<String, String> aliasOwner = new HashMap<>();
        for (ColumnDefinition c : d.columns()) {
            if (c.name() == null || !IDENTIFIER.matcher(c.name()).matches()
                    || HeaderNames.RESERVED_COLUMNS.contains(c.name())) {
                errors.add(where + "bad or reserved column name " + c.name());
                continue;
            }
            if (c.expected() && (c.required() || d.key().contains(c.name()))) {
                errors.add(where + "column " + c.name() + " is required (or part of the key) and expected: say one of them");
            }
            List<String> names = new ArrayList<>(c.aliases());
            names.add(c.name());
            for (String alias : names) {
                String owner = aliasOwner.putIfAbsent(HeaderNames.normalize(alias), c.name());
                if (owner != null && !owner.equals(c.name())) {
                    errors.add(where + "header alias '" + alias + "' claimed by both " + owner + " and " + c.name());
                }
            }
            if (c.references() != null) {
                ObjectDefinition parent = byName.get(c.references());
                if (parent == null) {
                    errors.add(where + c.name() + " references unknown object " + c.references());
                } else if (parent.key().size() != 1) {
                    errors.add(where + c.name() + " references " + c.references() + " whose key is not a single column");
                }
            }
        }
        for (String k : d.key()) {
            if (d.column(k) == null) {
                errors.add(where + "key column " + k + " is not a declared column");
            }
        }
        for (RowCheck check : d.checks()) {
            if (!List.of("zip-state", "not-before").contains(check.type())) {
                errors.add(where + "unknown check " + check.type());
            } else if (d.column(check.first()) == null || d.column(check.second()) == null) {
                errors.add(where + "check " + check.type() + " names unknown columns");
            }
        }
        if (d.sync() != null) {
            SyncDefinition sync = d.sync();
            if (sync.source() == null || !IDENTIFIER.matcher(sync.source()).matches()) {
                errors.add(where + "sync.source must be a connection name (genius, redshift)");
            }
            if (sync.table() == null || !SQL_NAME.matcher(sync.table()).matches()) {
                errors.add(where + "sync.table must be a table name, got " + sync.table());
            }
            if (sync.key().size() != d.key().size()) {
                errors.add(where + "sync.key must list one source column per key column " + d.key());
            }
            List<String> sourceColumns = new ArrayList<>(sync.key());
            sourceColumns.addAll(sync.columns().values());
            if (sync.changedAt() != null) {
                sourceColumns.add(sync.changedAt());
            }
            for (String c : sourceColumns) {
                if (!SQL_NAME.matcher(c).matches()) {
                    errors.add(where + "bad source column name " + c);
                }
            }
            for (String c : sync.columns().keySet()) {
                if (d.column(c) == null) {
                    errors.add(where + "sync.columns names unknown column " + c);
                }
            }
        }
        if (d.api()) {
            if (d.sync() != null && !d.sync().source().equals(d.system())) {
                errors.add(where + "an object read both from a source database (sync:) and from an API (http:) needs "
                        + "sync.source to be its system (" + d.system() + "), so one sync command covers both");
            }
            // a child read per parent record (http.parent: Ender Turing scores, one row per scorecard point) may
            // have a composite key: it is never marked deleted nor read by id, which name a row by one column
            boolean child = d.http().has("parent") && !d.http().has("deleted") && !d.http().has("by_ids");
            if (d.key().size() != 1 && !(child && !d.key().isEmpty())) {
                errors.add(where + "an API object needs a single-column key (the record's id)");
            }
            try {
                dev.caravan.source.http.HttpDefinitions.resource(d.qualifiedName(), d.http());
            } catch (dev.caravan.source.http.HttpDefinitionException e) {
                errors.add(e.getMessage().replace("\n", "\n  "));
            }
        }
        try {
            dev.caravan.dedup.DedupRules.of(d);
        } catch (dev.caravan.dedup.DedupDefinitionException e) {
            errors.add(e.getMessage());
        }
        d.formats().forEach((type, patterns) -> {
            for (String p : patterns) {
                try {
                    DateTimeFormatter.ofPattern(p);
                } catch (IllegalArgumentException e) {
                    errors.add(where + "bad " + type + " pattern '" + p + "': " + e.getMessage());
                }
            }
        });
        if (d.timeZone() != null) {
            try {
                ZoneId.of(d.timeZone());
            } catch (RuntimeException e) {
                errors.add(where + "bad timeZone " + d.timeZone());
            }
        }
        try {
            dev.caravan.quality.QualityDefinitions.checks(d, byName::get);
        } catch (dev.caravan.quality.QualityDefinitionException e) {
            errors.add(e.getMessage().replace("\n", "\n  "));
        }
    }

    static ObjectDefinition read(Path file) {
        try (var in = Files.newInputStream(file)) {
            return YAML.readValue(in, ObjectDefinition.class);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read object definition " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<ObjectDefinition> loadBuiltIn() {
        List<ObjectDefinition> found = new ArrayList<>();
        try {
            ClassPathUtils.consumeAsPaths("definitions", root -> found.addAll(loadDirectory(root)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * The file name of a system's API connection ({@code definitions/SYSTEM/connection.yaml}, read
     * by {@code source/http}); it is no object, so no object may be named {@code connection}.
     */
    public static final String CONNECTION_FILE = "connection.yaml";

    /** A system's webhook receiver ({@code definitions/SYSTEM/webhook.yaml}, read by {@code webhook/}); no object either. */
    public static final String WEBHOOK_FILE = "webhook.yaml";

    /** An object definition file: YAML, and not a system's connection file. */
    static boolean isObjectFile(Path p) {
        String name = p.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.equals(CONNECTION_FILE)
                && !name.equals("connection.yml") && !name.equals(WEBHOOK_FILE) && !name.equals("webhook.yml");
    }

    static List<ObjectDefinition> loadDirectory(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Definitions directory " + root + " does not exist");
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(DefinitionRegistry::isObjectFile)
                    .sorted()
                    .map(DefinitionRegistry::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
