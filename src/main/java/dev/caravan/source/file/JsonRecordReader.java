package dev.caravan.source.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.Excerpt;
import dev.caravan.source.MalformedSourceException;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON lines (one object per line; a bad line becomes a reject) or one JSON array of objects (read
 * as a stream; broken JSON stops the file). Nested objects are flattened to dotted names
 * ("address.city"), arrays are kept as JSON text.
 *
 * <p>Memory stays bounded ({@link ReadLimits}): a line longer than the record cap is skipped without
 * being held and rejected; objects are read token by token, so a record with a too-long value or too
 * many fields is rejected without its values being kept; a value longer than the record cap inside a
 * JSON array stops the file (the parser cannot skip it safely). Header mappings are remembered for at
 * most {@code maxHeaderSets} distinct field lists.
 */
final class JsonRecordReader implements RecordReader {

    /** Deeper nesting than this is refused by the parser (and keeps the flattening recursion shallow). */
    static final int MAX_NESTING = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CountingInputStream counted;
    private final BoundedLineReader lines;
    private final JsonParser arrayParser;
    private final JsonFactory factory;
    private final ObjectDefinition definition;
    private final ReadLimits limits;
    private final Map<String, Integer> aliases;
    private final Map<List<String>, HeaderMapping> mappings = new HashMap<>();
    private long lineNumber;

    JsonRecordReader(Reader source, CountingInputStream counted, ObjectDefinition definition, ReadLimits limits)
            throws IOException {
        this.counted = counted;
        this.definition = definition;
        this.limits = limits;
        this.aliases = HeaderMapping.aliasIndex(definition);
        this.factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(limits.maxRecordChars()).maxNestingDepth(MAX_NESTING).build()).build();
        BufferedReader buffered = new BufferedReader(source, 1 << 16);
        buffered.mark(1 << 12);
        int ch;
        do {
            ch = buffered.read();
        } while (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\uFEFF');
        buffered.reset();
        if (ch < 0) {
            buffered.close();
            throw new MalformedSourceException(0, "the file is empty: no JSON records");
        }
        if (ch == '[') {
            this.lines = null;
            this.arrayParser = factory.createParser(buffered);
            this.arrayParser.nextToken();
        } else {
            this.lines = new BoundedLineReader(buffered, limits.maxRecordChars());
            this.arrayParser = null;
        }
    }

    @Override
    public SourceRecord next() throws IOException {
        return lines != null ? nextLine() : nextElement();
    }

    private SourceRecord nextLine() throws IOException {
        BoundedLineReader.Line line;
        do {
            line = lines.next();
            lineNumber++;
            if (line == null) {
                return null;
            }
        } while (!line.oversized() && line.text().isBlank());
        if (line.oversized()) {
            return problem(lineNumber, line.excerpt() + "… (cut; " + line.length() + " characters)",
                    "record too long: the line has " + line.length() + " characters, at most "
                            + limits.maxRecordChars() + " (CARAVAN_MAX_RECORD_CHARS)");
        }
        String text = line.text();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return problem(lineNumber, ReadLimits.excerpt(text), "not a JSON object");
            }
            Flat flat = new Flat();
            readFields(p, "", flat, p.currentTokenLocation().getCharOffset());
            if (flat.problem != null) {
                return problem(lineNumber, ReadLimits.excerpt(text), flat.problem);
            }
            return new SourceRecord(lineNumber, mapping(flat.names()), flat.values(), text, ',', null);
        } catch (JsonProcessingException e) {
            return problem(lineNumber, ReadLimits.excerpt(text), "invalid JSON: " + Excerpt.of(e.getOriginalMessage(), 200));
        }
    }

    private SourceRecord nextElement() throws IOException {
        long line = 0;
        try {
            JsonToken token = arrayParser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                return null;
            }
            line = arrayParser.currentTokenLocation().getLineNr();
            if (token != JsonToken.START_OBJECT) {
                String shown = token.isScalarValue() ? ReadLimits.excerpt(arrayParser.getText()) : token.asString() + "…";
                arrayParser.skipChildren();
                return problem(line, shown, "not a JSON object");
            }
            Flat flat = new Flat();
            readFields(arrayParser, "", flat, arrayParser.currentTokenLocation().getCharOffset());
            if (flat.problem != null) {
                return problem(line, flat.excerpt(), flat.problem);
            }
            // The raw record, needed only for rejects, is rebuilt from the fields (SourceRecord.text()).
            return new SourceRecord(line, mapping(flat.names()), flat.values(), null,
                    SourceRecord.JSON_OBJECT, null);
        } catch (StreamConstraintsException e) {
            throw new MalformedSourceException(line, "JSON array element cannot be read within the caps (a value"
                    + " longer than " + limits.maxRecordChars() + " characters, CARAVAN_MAX_RECORD_CHARS, or nesting"
                    + " deeper than " + MAX_NESTING + "): " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            throw new MalformedSourceException(at, "malformed JSON array: " + Excerpt.of(e.getOriginalMessage(), 200));
        }
    }

    /** The fields of one object, flattened, or the reason it is rejected (then its values are dropped). */
    private static final class Flat {
        /** A repeated name keeps its first position and its last value, as a JSON object read whole does. */
        final Map<String, String> fields = new LinkedHashMap<>();
        String problem;

        void reject(String why) {
            problem = why;
            fields.clear();
        }

        List<String> names() {
            return new ArrayList<>(fields.keySet());
        }

        String[] values() {
            return fields.values().toArray(new String[0]);
        }

        String excerpt() {
            ObjectNode json = JSON.createObjectNode();
            fields.forEach((k, v) -> json.put(k, v == null || v.length() <= ReadLimits.EXCERPT_CHARS ? v
                    : v.substring(0, ReadLimits.EXCERPT_CHARS)));
            return ReadLimits.excerpt(json.toString());
        }
    }

    /**
     * Reads the fields of the object whose START_OBJECT the parser is on, up to its END_OBJECT. Once
     * a cap is passed the rest is skipped (long string values are skipped unread by the parser).
     */
    private void readFields(JsonParser p, String prefix, Flat flat, long startOffset) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken v = p.nextToken();
            if (flat.problem == null && p.currentTokenLocation().getCharOffset() - startOffset > limits.maxRecordChars()) {
                flat.reject("record too long: more than " + limits.maxRecordChars() + " characters (CARAVAN_MAX_RECORD_CHARS)");
            }
            if (flat.problem != null) {
                p.skipChildren();
                continue;
            }
            switch (v) {
                case START_OBJECT -> readFields(p, name + ".", flat, startOffset);
                case START_ARRAY -> add(flat, name, arrayText(p, name, flat));
                case VALUE_NULL -> add(flat, name, null);
                case VALUE_NUMBER_FLOAT -> add(flat, name, p.getDecimalValue().toPlainString());
                case VALUE_STRING -> {
                    int length = p.getTextLength();
                    if (length > limits.maxFieldChars()) {
                        flat.reject(limits.fieldTooLong("'" + name + "'", length));
                    } else {
                        add(flat, name, p.getText());
                    }
                }
                default -> add(flat, name, p.getText());
            }
        }
    }

    private void add(Flat flat, String name, String value) {
        if (flat.problem != null) {
            return;
        }
        if (flat.fields.size() >= limits.maxColumns() && !flat.fields.containsKey(name)) {
            flat.reject(limits.tooManyFields(flat.fields.size() + 1) + " (counted so far)");
            return;
        }
        flat.fields.put(name, value);
    }

    /** An array value as compact JSON text, or null (and the record rejected) when it is longer than the field cap. */
    private String arrayText(JsonParser p, String name, Flat flat) throws IOException {
        int arrayDepth = p.getParsingContext().getNestingDepth(); // the parser is on its START_ARRAY
        CappedWriter out = new CappedWriter(limits.maxFieldChars());
        try (com.fasterxml.jackson.core.JsonGenerator g = factory.createGenerator(out)) {
            g.copyCurrentStructure(p);
        } catch (CappedWriter.Full e) {
            skipPastArray(p, arrayDepth);
            flat.reject(limits.fieldTooLong("'" + name + "'", out.seen) + " (an array, counted so far)");
            return null;
        }
        return out.toString();
    }

    /** Advances to the END_ARRAY that closes the array whose context is at {@code depth} (if not there yet). */
    private static void skipPastArray(JsonParser p, int depth) throws IOException {
        while (!(p.currentToken() == JsonToken.END_ARRAY && p.getParsingContext().getNestingDepth() == depth - 1)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new MalformedSourceException(0, "malformed JSON: the input ended inside an array");
            }
            if (t.isStructStart()) {
                p.skipChildren();
            }
        }
    }

    /** A writer that keeps at most {@code cap} characters and signals when more arrive. */
    private static final class CappedWriter extends java.io.Writer {
        static final class Full extends IOException {
            Full() {
                super("value longer than the cap", null);
            }
        }

        private final StringBuilder sb = new StringBuilder();
        private final int cap;
        long seen;

        CappedWriter(int cap) {
            this.cap = cap;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            seen += len;
            if (seen > cap) {
                throw new Full();
            }
            sb.append(cbuf, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    private SourceRecord problem(long line, String text, String why) {
        return new SourceRecord(line, mapping(List.of()), new String[0], text, ',', why);
    }

    private HeaderMapping mapping(List<String> headers) {
        HeaderMapping mapping = mappings.get(headers);
        if (mapping == null) {
            List<String> key = List.copyOf(headers);
            mapping = HeaderMapping.of(definition, key, aliases);
            // Beyond the cap (every row with its own field names) rows are mapped one by one, uncached.
            if (mappings.size() < limits.maxHeaderSets()) {
                mappings.put(key, mapping);
            }
        }
        return mapping;
    }

    @Override
    public long bytesRead() {
        return counted.count();
    }

    @Override
    public void close() throws IOException {
        if (lines != null) {
            lines.close();
        } else {
            arrayParser.close();
        }
    }
}
