package dev.caravan.drift;

import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run's records say about its definition: the source fields (file headers, JSON and API
 * field names, result-set columns) the definition does not know, and the definition's columns that no
 * record had. Only names are kept, never values. Fed with each record's {@link HeaderMapping}; readers
 * share one mapping between records with the same fields, so a mapping seen once is not looked at
 * again. Memory is bounded: at most {@link #MAX_NAMES} names are kept, each {@link #clean cleaned}, and
 * further distinct names are only counted (up to {@link #MAX_COUNTED}, then "at least").
 *
 * <p>Not thread-safe: the pipeline feeds it from the one thread that reads the source.
 */
public final class SchemaDrift {

    public static final int MAX_NAMES = 200;
    public static final int MAX_NAME_CHARS = 128;
    /** Distinct unknown names counted beyond the kept ones; past this the count is a lower bound. */
    static final int MAX_COUNTED = 10_000;
    /** Mappings remembered as seen; past this each record's mapping is looked at again (still bounded). */
    private static final int MAX_SEEN_MAPPINGS = 256;

    private final ObjectDefinition definition;
    private final boolean[] present;
    private final Set<String> unknown = new LinkedHashSet<>();
    private final Set<Integer> overflow = new HashSet<>();
    private final Map<HeaderMapping, Boolean> seen = new IdentityHashMap<>();
    private HeaderMapping last;
    private boolean any;

    public SchemaDrift(ObjectDefinition definition) {
        this.definition = definition;
        this.present = new boolean[definition.columns().size()];
    }

    /** Notes the fields of one record (or of a source's header). Null is ignored. */
    public void see(HeaderMapping mapping) {
        if (mapping == null || mapping == last || seen.containsKey(mapping)) {
            return;
        }
        last = mapping;
        if (seen.size() < MAX_SEEN_MAPPINGS) {
            seen.put(mapping, Boolean.TRUE);
        }
        List<String> headers = mapping.headers();
        if (headers.isEmpty()) {
            return; // a record the reader could not take apart (bad JSON): it says nothing about fields
        }
        any = true;
        for (int f = 0; f < headers.size(); f++) {
            int column = mapping.columnOf(f);
            if (column >= 0) {
                present[column] = true;
            } else {
                unknown(headers.get(f));
            }
        }
    }

    private void unknown(String name) {
        String clean = clean(name);
        if (unknown.contains(clean)) {
            return;
        }
        if (unknown.size() < MAX_NAMES) {
            unknown.add(clean);
        } else if (overflow.size() < MAX_COUNTED) {
            overflow.add(clean.hashCode()); // a count, not a list: two names may share a hash (counted once)
        }
    }

    /** What was found; the missing columns only once some record (or header) was seen. */
    public Drift result() {
        List<String> missing = new ArrayList<>();
        if (any) {
            for (int i = 0; i < present.length; i++) {
                if (!present[i]) {
                    missing.add(definition.columns().get(i).name());
                }
            }
        }
        long unknownCount = unknown.size() + overflow.size();
        return new Drift(List.copyOf(unknown), unknownCount, overflow.size() >= MAX_COUNTED,
                List.copyOf(missing.subList(0, Math.min(missing.size(), MAX_NAMES))), missing.size());
    }

    /**
     * A name as it may be stored, logged and shown: control and format characters (newlines, escapes,
     * bidirectional overrides, zero-width characters, lone surrogates, line separators) removed, cut to {@link #MAX_NAME_CHARS} characters without splitting a
     * surrogate pair; a name left empty is shown as {@code (empty)}.
     */
    public static String clean(String name) {
        if (name == null) {
            return "(empty)";
        }
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_NAME_CHARS + 1));
        for (int i = 0; i < name.length() && sb.length() <= MAX_NAME_CHARS; ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                continue;
            }
            sb.appendCodePoint(cp);
        }
        if (sb.length() > MAX_NAME_CHARS) {
            int cut = MAX_NAME_CHARS - 1;
            if (Character.isHighSurrogate(sb.charAt(cut - 1))) {
                cut--;
            }
            sb.setLength(cut);
            sb.append('…');
        }
        String out = sb.toString().strip();
        return out.isEmpty() ? "(empty)" : out;
    }
}
