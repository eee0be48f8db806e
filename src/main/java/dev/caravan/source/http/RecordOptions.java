package dev.caravan.source.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** The parts of an {@code http:} block that shape records and windows: {@code fields}, {@code where}, {@code explode}, {@code incremental.window}. */
final class RecordOptions {

    private static final Set<String> WINDOW_PLACEHOLDERS = Set.of("from", "to", "from_date", "to_date", "from_time", "to_time");

    private RecordOptions() {
    }

    static HttpResource.Window window(StrategyOptions w) {
        Duration size = w.duration("size", Duration.ofHours(12));
        Duration minSize = w.duration("min_size", Duration.ofMinutes(15));
        if (size.compareTo(Duration.ofMinutes(1)) < 0 || size.toSecondsPart() != 0 || minSize.compareTo(Duration.ofMinutes(1)) < 0
                || minSize.toSecondsPart() != 0 || minSize.compareTo(size) > 0) {
            w.problem("size and min_size must be whole minutes, at least 1m, min_size at most size");
            size = Duration.ofHours(12);
            minSize = Duration.ofMinutes(15);
        }
        int maxResults = w.integer("max_results", 0, 1);
        if (!w.has("max_results")) {
            w.problem("max_results is required: the most results one query can page through (Ender Turing: 10000)");
        }
        var totalPath = w.pointer("total_path", "/total");
        boolean withinDay = w.bool("within_day", true);
        String dayEnd = w.string("day_end", "23:59");
        if (!dayEnd.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            w.problem("day_end must be HH:MM, got '" + dayEnd + "'");
        }
        Duration history = w.duration("history", Duration.ofDays(90));
        if (history.compareTo(Duration.ofDays(3660)) > 0) {
            w.problem("history must be at most 3660d");
        }
        Map<String, String> query = HttpDefinitions.stringMap(w.child("query"));
        if (query.isEmpty()) {
            w.problem("query must write the window's bounds, e.g. date_range: \"{from_date};{to_date}\"");
        }
        query.forEach((k, v) -> {
            Matcher m = HttpDefinitions.PLACEHOLDER.matcher(v);
            while (m.find()) {
                if (!WINDOW_PLACEHOLDERS.contains(m.group(1))) {
                    w.problem("query." + k + ": unknown placeholder {" + m.group(1) + "}; known: " + new java.util.TreeSet<>(WINDOW_PLACEHOLDERS));
                }
            }
        });
        w.rejectUnknown();
        return new HttpResource.Window(size, minSize, maxResults, totalPath, withinDay, dayEnd, history, query);
    }

    static HttpResource.Shape shape(StrategyOptions o) {
        Map<String, com.fasterxml.jackson.core.JsonPointer> fields = new LinkedHashMap<>();
        StrategyOptions f = o.child("fields");
        for (String name : f.names()) {
            var p = f.pointer(name, null);
            if (p != null) {
                fields.put(name, p);
            }
        }
        boolean topLevel = o.bool("top_level_fields", true);
        if (!topLevel && fields.isEmpty() && !o.has("flatten")) {
            o.problem("top_level_fields: false needs flatten or fields, or a record has no fields at all");
        }
        String valueMember = o.string("value_member", null);
        Map<com.fasterxml.jackson.core.JsonPointer, List<String>> where = new LinkedHashMap<>();
        StrategyOptions w = o.child("where");
        for (String pointer : w.names()) {
            var p = w.compilePointer(pointer, pointer);
            List<String> allowed = w.strings(pointer);
            if (allowed.isEmpty()) {
                w.problem(pointer + " must list at least one value");
            }
            if (p != null) {
                where.put(p, allowed);
            }
        }
        var explode = o.pointer("explode", null);
        if (explode != null && explode.matches()) {
            o.problem("explode must point to a list inside each record, e.g. /point_scores");
            explode = null;
        }
        if (fields.isEmpty() && topLevel && valueMember == null && where.isEmpty() && explode == null) {
            return HttpResource.Shape.DEFAULT;
        }
        return new HttpResource.Shape(fields, topLevel, valueMember, where, explode);
    }
}
