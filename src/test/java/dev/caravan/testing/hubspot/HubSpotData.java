package dev.caravan.testing.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The fake's CRM: records per object type, their associations, deterministic seeding, and the list and search
 * queries the HTTP layer answers from.
 *
 * <p>Seeded property names and values follow HubSpot's default properties (search guide default-property table;
 * the appointments guide's example body {@code hs_appointment_name, hs_appointment_start, hs_appointment_end,
 * hs_appointment_status}). Enumerated values (lifecyclestage, dealstage, ticket stages) are HubSpot's internal
 * values for the default pipelines; dates are ISO 8601 with milliseconds, as in the search guide's examples
 * ({@code "2024-01-17T19:55:04.281Z"}).
 */
public final class HubSpotData {

    /** Ids start here for each type, so ids never collide across types (HubSpot ids are numeric strings). */
    private static final Map<HubSpotObjectType, Long> ID_BASE = Map.of(
            HubSpotObjectType.CONTACTS, 1_000_000L,
            HubSpotObjectType.COMPANIES, 2_000_000L,
            HubSpotObjectType.DEALS, 3_000_000L,
            HubSpotObjectType.TICKETS, 4_000_000L,
            HubSpotObjectType.APPOINTMENTS, 5_000_000L);

    /** Properties compared as instants in filters and sorts. */
    static final Set<String> DATE_PROPERTIES = Set.of("createdate", "lastmodifieddate", "hs_lastmodifieddate",
            "closedate", "hs_createdate", "hs_appointment_start", "hs_appointment_end");

    /** Default seeding range for modification times. */
    public static final Instant DEFAULT_FROM = Instant.parse("2024-01-01T00:00:00Z");
    public static final Instant DEFAULT_TO = Instant.parse("2025-01-01T00:00:00Z");

    private final Map<HubSpotObjectType, NavigableMap<Long, FakeRecord>> records = new EnumMap<>(HubSpotObjectType.class);
    private final Map<HubSpotObjectType, Long> nextId = new EnumMap<>(HubSpotObjectType.class);
    /** from type, to type, from id -> to id -> primary. Both directions are stored. */
    private final Map<HubSpotObjectType, Map<HubSpotObjectType, Map<Long, TreeMap<Long, Boolean>>>> edges =
            new EnumMap<>(HubSpotObjectType.class);
    /** Property names each type has: a requested name outside this set is ignored, inside it may come back null. */
    private final Map<HubSpotObjectType, Set<String>> known = new EnumMap<>(HubSpotObjectType.class);
    private final long randomSeed;

    HubSpotData(long randomSeed) {
        this.randomSeed = randomSeed;
        for (HubSpotObjectType t : HubSpotObjectType.values()) {
            records.put(t, new ConcurrentSkipListMap<>());
            nextId.put(t, ID_BASE.get(t) + 1);
            Set<String> names = ConcurrentHashMap.newKeySet();
            names.addAll(t.defaultProperties());
            names.addAll(SeedValues.properties(t, 0, 0, new Random(0)).keySet());
            names.add("hs_lastmodifieddate");
            names.add("hs_object_id");
            names.add(t.createdProperty());
            names.add(t.modifiedProperty());
            known.put(t, names);
        }
    }

    /** Property names the type has (seeded ones, defaults, and any set through create or modify). */
    public Set<String> knownProperties(HubSpotObjectType type) {
        return java.util.Collections.unmodifiableSet(known.get(type));
    }

    // ---------------------------------------------------------------- seeding and changes

    /**
     * Adds {@code n} records of the type, created and last modified inside [{@code from}, {@code to}): creation
     * times evenly spread with jitter, each last modification between its creation and {@code to}. The same
     * arguments always give the same records.
     */
    public synchronized List<FakeRecord> seed(HubSpotObjectType type, int n, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("empty seeding range " + from + " .. " + to);
        }
        Random random = new Random(randomSeed * 31 + type.ordinal() * 1_000_003L + records.get(type).size());
        long span = Duration.between(from, to).toMillis();
        List<FakeRecord> added = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long slot = span / Math.max(1, n);
            long createdOffset = Math.min(span - 1, i * slot + (slot > 1 ? random.nextLong(slot) : 0));
            Instant created = from.plusMillis(createdOffset);
            long remaining = span - createdOffset;
            Instant modified = created.plusMillis(remaining > 1 ? random.nextLong(remaining) : 0);
            long id = nextId.merge(type, 1L, Long::sum) - 1;
            Map<String, String> props = SeedValues.properties(type, id, (int) (id - ID_BASE.get(type)), random);
            props.put(type.createdProperty(), FakeHubSpot.iso(created));
            props.put(type.modifiedProperty(), FakeHubSpot.iso(modified));
            props.put("hs_lastmodifieddate", FakeHubSpot.iso(modified));
            props.put("hs_object_id", Long.toString(id));
            FakeRecord r = new FakeRecord(type, id, created, modified, props);
            records.get(type).put(id, r);
            added.add(r);
        }
        return added;
    }

    /** Adds one record with exactly these extra properties (the dates and hs_object_id are set by the fake). */
    public synchronized FakeRecord create(HubSpotObjectType type, Instant createdAt, Map<String, String> properties) {
        long id = nextId.merge(type, 1L, Long::sum) - 1;
        known.get(type).addAll(properties.keySet());
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.put(type.createdProperty(), FakeHubSpot.iso(createdAt));
        props.put(type.modifiedProperty(), FakeHubSpot.iso(createdAt));
        props.put("hs_lastmodifieddate", FakeHubSpot.iso(createdAt));
        props.put("hs_object_id", Long.toString(id));
        FakeRecord r = new FakeRecord(type, id, createdAt, createdAt, props);
        records.get(type).put(id, r);
        return r;
    }

    /**
     * Modifies {@code count} live records of the type at {@code at}, spread evenly over the id range (every k-th
     * record), changing one ordinary property each; returns their ids in id order.
     */
    public synchronized List<String> modify(HubSpotObjectType type, int count, Instant at) {
        List<FakeRecord> live = records.get(type).values().stream().filter(r -> !r.archived()).toList();
        if (count > live.size()) {
            throw new IllegalArgumentException("only " + live.size() + " live " + type.plural() + ", asked " + count);
        }
        List<String> ids = new ArrayList<>(count);
        if (count == 0) {
            return ids;
        }
        double step = (double) live.size() / count;
        for (int i = 0; i < count; i++) {
            FakeRecord r = live.get((int) Math.floor(i * step));
            r.modify(at, SeedValues.change(type, r.id(), r.versions().size()));
            ids.add(r.idString());
        }
        return ids;
    }

    /** Modifies the given records at {@code at} with these property changes. */
    public synchronized void modify(HubSpotObjectType type, Collection<String> ids, Instant at, Map<String, String> changes) {
        known.get(type).addAll(changes.keySet());
        for (String id : ids) {
            require(type, id).modify(at, changes);
        }
    }

    /** Archives the given records at {@code at} (they leave the default list and search, and join archived=true). */
    public synchronized void archive(HubSpotObjectType type, Collection<String> ids, Instant at) {
        for (String id : ids) {
            require(type, id).archive(at);
        }
    }

    /** Archives {@code count} live records spread over the id range; returns their ids. */
    public synchronized List<String> archive(HubSpotObjectType type, int count, Instant at) {
        List<FakeRecord> live = records.get(type).values().stream().filter(r -> !r.archived()).toList();
        if (count > live.size()) {
            throw new IllegalArgumentException("only " + live.size() + " live " + type.plural() + ", asked " + count);
        }
        List<String> ids = new ArrayList<>(count);
        if (count == 0) {
            return ids;
        }
        double step = (double) live.size() / count;
        for (int i = 0; i < count; i++) {
            FakeRecord r = live.get((int) Math.floor(i * step));
            r.archive(at);
            ids.add(r.idString());
        }
        return ids;
    }

    /** Associates two records both ways; {@code primary} marks the company side as the primary company. */
    public synchronized void associate(HubSpotObjectType fromType, String fromId, HubSpotObjectType toType, String toId,
            boolean primary) {
        require(fromType, fromId);
        require(toType, toId);
        AssociationTypes.unlabeled(fromType, toType); // fails for pairs the fake has no type ids for
        long f = Long.parseLong(fromId);
        long t = Long.parseLong(toId);
        edges.computeIfAbsent(fromType, k -> new EnumMap<>(HubSpotObjectType.class))
                .computeIfAbsent(toType, k -> new HashMap<>())
                .computeIfAbsent(f, k -> new TreeMap<>())
                .merge(t, primary, Boolean::logicalOr);
        edges.computeIfAbsent(toType, k -> new EnumMap<>(HubSpotObjectType.class))
                .computeIfAbsent(fromType, k -> new HashMap<>())
                .computeIfAbsent(t, k -> new TreeMap<>())
                .merge(f, primary, Boolean::logicalOr);
    }

    /**
     * Deterministic associations among what is seeded: contact i to company i mod C (primary); deal i to contacts
     * i and i+1 mod N and to company i mod C (primary); ticket i to contact i mod N and to company i mod C
     * (primary). Returns the number of association pairs made.
     */
    public synchronized int seedAssociations() {
        List<FakeRecord> contacts = List.copyOf(records.get(HubSpotObjectType.CONTACTS).values());
        List<FakeRecord> companies = List.copyOf(records.get(HubSpotObjectType.COMPANIES).values());
        List<FakeRecord> deals = List.copyOf(records.get(HubSpotObjectType.DEALS).values());
        List<FakeRecord> tickets = List.copyOf(records.get(HubSpotObjectType.TICKETS).values());
        int made = 0;
        if (!companies.isEmpty()) {
            for (int i = 0; i < contacts.size(); i++) {
                associate(HubSpotObjectType.CONTACTS, contacts.get(i).idString(), HubSpotObjectType.COMPANIES,
                        companies.get(i % companies.size()).idString(), true);
                made++;
            }
        }
        for (int i = 0; i < deals.size(); i++) {
            String deal = deals.get(i).idString();
            if (!contacts.isEmpty()) {
                associate(HubSpotObjectType.DEALS, deal, HubSpotObjectType.CONTACTS,
                        contacts.get(i % contacts.size()).idString(), false);
                made++;
                if (contacts.size() > 1) {
                    associate(HubSpotObjectType.DEALS, deal, HubSpotObjectType.CONTACTS,
                            contacts.get((i + 1) % contacts.size()).idString(), false);
                    made++;
                }
            }
            if (!companies.isEmpty()) {
                associate(HubSpotObjectType.DEALS, deal, HubSpotObjectType.COMPANIES,
                        companies.get(i % companies.size()).idString(), true);
                made++;
            }
        }
        for (int i = 0; i < tickets.size(); i++) {
            String ticket = tickets.get(i).idString();
            if (!contacts.isEmpty()) {
                associate(HubSpotObjectType.TICKETS, ticket, HubSpotObjectType.CONTACTS,
                        contacts.get(i % contacts.size()).idString(), false);
                made++;
            }
            if (!companies.isEmpty()) {
                associate(HubSpotObjectType.TICKETS, ticket, HubSpotObjectType.COMPANIES,
                        companies.get(i % companies.size()).idString(), true);
                made++;
            }
        }
        return made;
    }

    // ---------------------------------------------------------------- reads

    public FakeRecord get(HubSpotObjectType type, String id) {
        try {
            return records.get(type).get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private FakeRecord require(HubSpotObjectType type, String id) {
        FakeRecord r = get(type, id);
        if (r == null) {
            throw new IllegalArgumentException("no " + type.singular() + " " + id);
        }
        return r;
    }

    /** All records of a type in id order, archived ones included. */
    public List<FakeRecord> all(HubSpotObjectType type) {
        return List.copyOf(records.get(type).values());
    }

    public int count(HubSpotObjectType type, boolean archived) {
        return (int) records.get(type).values().stream().filter(r -> r.archived() == archived).count();
    }

    /** The list endpoint's page: records with id ≥ {@code fromId}, archived or not as asked, in id order. */
    List<FakeRecord> listPage(HubSpotObjectType type, boolean archived, long fromId, int limit) {
        List<FakeRecord> page = new ArrayList<>(limit + 1);
        for (FakeRecord r : records.get(type).tailMap(fromId, true).values()) {
            if (r.archived() == archived) {
                page.add(r);
                if (page.size() > limit) {
                    break; // one extra tells there is a next page
                }
            }
        }
        return page;
    }

    /** The associated ids of one record towards a type, ascending, with the primary flag. */
    public synchronized NavigableMap<Long, Boolean> associations(HubSpotObjectType from, long fromId, HubSpotObjectType to) {
        TreeMap<Long, Boolean> m = edges.getOrDefault(from, Map.of()).getOrDefault(to, Map.of()).get(fromId);
        return m == null ? new TreeMap<>() : new TreeMap<>(m);
    }

    /** A record as the search index sees it: the record and the version indexed. */
    record Indexed(FakeRecord record, FakeRecord.Version version) {
    }

    /**
     * Live records matching the filter groups (OR of groups, AND inside a group) and free-text query, as indexed up
     * to {@code indexedUpTo}, sorted by the one sort rule or by creation date, oldest first (search guide: "By
     * default, the results will be returned in order of object creation (oldest first)").
     */
    List<Indexed> search(HubSpotObjectType type, JsonNode filterGroups, String sortProperty, boolean descending,
            String query, Instant indexedUpTo) {
        List<List<Filter>> groups = compile(filterGroups);
        List<Indexed> hits = new ArrayList<>();
        for (FakeRecord r : records.get(type).values()) {
            if (r.archived()) {
                continue; // "Archived CRM objects won't appear in any search results."
            }
            FakeRecord.Version v = r.versionIndexedAt(indexedUpTo);
            if (v == null || !matchesGroups(v, groups) || !matchesQuery(type, v.properties(), query)) {
                continue;
            }
            hits.add(new Indexed(r, v));
        }
        Comparator<Indexed> order;
        if (sortProperty == null) {
            order = Comparator.comparing((Indexed x) -> x.record().createdAt());
        } else if (DATE_PROPERTIES.contains(sortProperty)) {
            Comparator<Long> millis = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
            order = Comparator.comparing((Indexed x) -> x.version().dateMillis().get(sortProperty),
                    Comparator.nullsLast(millis));
        } else {
            Comparator<Indexed> byValue = (a, b) -> compareValues(sortProperty,
                    a.version().properties().get(sortProperty), b.version().properties().get(sortProperty));
            order = descending ? byValue.reversed() : byValue;
        }
        hits.sort(order.thenComparing(x -> x.record().id()));
        return hits;
    }

    /** A filter with its date values parsed once per request. */
    private record Filter(String name, String operator, String value, String high, List<String> values,
            Long valueMillis, Long highMillis) {
    }

    private static List<List<Filter>> compile(JsonNode groups) {
        List<List<Filter>> out = new ArrayList<>();
        if (groups == null || !groups.isArray()) {
            return out;
        }
        for (JsonNode g : groups) {
            List<Filter> fs = new ArrayList<>();
            for (JsonNode f : g.path("filters")) {
                String name = f.path("propertyName").asText();
                String value = f.hasNonNull("value") ? f.get("value").asText() : null;
                String high = f.hasNonNull("highValue") ? f.get("highValue").asText() : null;
                List<String> values = new ArrayList<>();
                f.path("values").forEach(x -> values.add(x.asText()));
                boolean date = DATE_PROPERTIES.contains(name);
                fs.add(new Filter(name, f.path("operator").asText(), value, high, values,
                        date && value != null ? epochMillis(value) : null, date && high != null ? epochMillis(high) : null));
            }
            out.add(fs);
        }
        return out;
    }

    private static boolean matchesQuery(HubSpotObjectType type, Map<String, String> props, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String q = query.toLowerCase(Locale.ROOT);
        for (String p : type.searchableProperties()) {
            String v = props.get(p);
            if (v != null && v.toLowerCase(Locale.ROOT).contains(q)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesGroups(FakeRecord.Version v, List<List<Filter>> groups) {
        if (groups.isEmpty()) {
            return true;
        }
        for (List<Filter> g : groups) {
            boolean all = true;
            for (Filter f : g) {
                if (!matches(v, f)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** One filter; operators from the search guide's operator table. Unknown operators were rejected earlier. */
    private static boolean matches(FakeRecord.Version v, Filter f) {
        String actual = v.properties().get(f.name());
        Long actualMillis = v.dateMillis().get(f.name());
        switch (f.operator()) {
            case "HAS_PROPERTY":
                return actual != null && !actual.isEmpty();
            case "NOT_HAS_PROPERTY":
                return actual == null || actual.isEmpty();
            case "EQ":
                return actual != null && compare(f.name(), actual, actualMillis, f.value(), f.valueMillis()) == 0;
            case "NEQ":
                return actual == null || compare(f.name(), actual, actualMillis, f.value(), f.valueMillis()) != 0;
            case "LT":
                return actual != null && compare(f.name(), actual, actualMillis, f.value(), f.valueMillis()) < 0;
            case "LTE":
                return actual != null && compare(f.name(), actual, actualMillis, f.value(), f.valueMillis()) <= 0;
            case "GT":
                return actual != null && compare(f.name(), actual, actualMillis, f.value(), f.valueMillis()) > 0;
            case "GTE":
                return actual != null && compare(f.name(), actual, actualMillis, f.value(), f.valueMillis()) >= 0;
            case "BETWEEN":
                return actual != null && compare(f.name(), actual, actualMillis, f.value(), f.valueMillis()) >= 0
                        && compare(f.name(), actual, actualMillis, f.high(), f.highMillis()) <= 0;
            case "IN":
            case "NOT_IN":
                boolean in = false;
                for (String x : f.values()) {
                    if (actual != null && compareValues(f.name(), actual, x) == 0) {
                        in = true;
                        break;
                    }
                }
                return f.operator().equals("IN") == in;
            case "CONTAINS_TOKEN":
            case "NOT_CONTAINS_TOKEN":
                boolean contains = actual != null && f.value() != null && containsToken(actual, f.value());
                return f.operator().equals("CONTAINS_TOKEN") == contains;
            default:
                return false;
        }
    }

    /** Dates by their parsed millis when both sides have them, else {@link #compareValues}. */
    private static int compare(String name, String actual, Long actualMillis, String value, Long valueMillis) {
        if (actualMillis != null && valueMillis != null) {
            return Long.compare(actualMillis, valueMillis);
        }
        return compareValues(name, actual, value);
    }

    private static boolean containsToken(String actual, String token) {
        String a = actual.toLowerCase(Locale.ROOT);
        String t = token.toLowerCase(Locale.ROOT);
        if (t.startsWith("*")) {
            return a.endsWith(t.substring(1));
        }
        if (t.endsWith("*")) {
            return a.startsWith(t.substring(0, t.length() - 1));
        }
        for (String word : a.split("[^\\p{L}\\p{N}@.]+")) {
            if (word.equals(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Orders two property values: date properties as instants (stored ISO 8601; filter values may be epoch
     * milliseconds, the guide's {@code "1579514400000"}, or ISO 8601), numbers numerically, the rest as
     * case-insensitive text ("Values in filters are case-insensitive"). Nulls sort last.
     */
    static int compareValues(String property, String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (DATE_PROPERTIES.contains(property)) {
            Long x = epochMillis(a);
            Long y = epochMillis(b);
            if (x != null && y != null) {
                return Long.compare(x, y);
            }
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        return a.compareToIgnoreCase(b);
    }

    static Long epochMillis(String s) {
        if (s.matches("-?\\d+")) {
            return Long.parseLong(s);
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
