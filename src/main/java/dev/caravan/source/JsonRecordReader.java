package dev.caravan.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON lines (one object per line; a bad line becomes a reject) or one JSON array of objects (read
 * as a stream; broken JSON stops the file). Nested objects are flattened to dotted names
 * ("address.city"), arrays are kept as JSON text.
 */
final class JsonRecordReader implements RecordReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final CountingInputStream counted;
    private final BufferedReader lines;
    private final JsonParser arrayParser;
    private final ObjectDefinition definition;
    private final Map<List<String>, HeaderMapping> mappings = new HashMap<>();
    private long lineNumber;

    JsonRecordReader(Reader source, CountingInputStream counted, ObjectDefinition definition) throws IOException {
        this.counted = counted;
        this.definition = definition;
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
            this.arrayParser = JSON.getFactory().createParser(buffered);
            this.arrayParser.nextToken();
        } else {
            this.lines = buffered;
            this.arrayParser = null;
        }
    }

    @Override
    public SourceRecord next() throws IOException {
        return lines != null ? nextLine() : nextElement();
    }

    private SourceRecord nextLine() throws IOException {
        String text;
        do {
            text = lines.readLine();
            lineNumber++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                return problem(lineNumber, text, "not a JSON object");
            }
            return toRecord(lineNumber, node, text);
        } catch (JsonProcessingException e) {
            return problem(lineNumber, text, "invalid JSON: " + Excerpt.of(e.getOriginalMessage(), 200));
        }
    }

    private SourceRecord nextElement() throws IOException {
        try {
            JsonToken token = arrayParser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                return null;
            }
            long line = arrayParser.currentTokenLocation().getLineNr();
            JsonNode node = JSON.readTree(arrayParser);
            if (!node.isObject()) {
                return problem(line, node.toString(), "not a JSON object");
            }
            return toRecord(line, node, node.toString());
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new MalformedSourceException(line, "malformed JSON array: " + Excerpt.of(e.getOriginalMessage(), 200));
        }
    }

    private SourceRecord problem(long line, String text, String why) {
        HeaderMapping empty = mappings.computeIfAbsent(List.of(), h -> HeaderMapping.of(definition, h));
        return new SourceRecord(line, empty, new String[0], text, ',', why);
    }

    private SourceRecord toRecord(long line, JsonNode node, String text) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", node, flat);
        List<String> headers = new ArrayList<>(flat.keySet());
        HeaderMapping mapping = mappings.computeIfAbsent(headers, h -> HeaderMapping.of(definition, h));
        return new SourceRecord(line, mapping, flat.values().toArray(new String[0]), text, ',', null);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = prefix + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(name + ".", v, out);
            } else if (v.isNull() || v.isMissingNode()) {
                out.put(name, null);
            } else if (v.isArray()) {
                out.put(name, v.toString());
            } else if (v.isBigDecimal()) {
                out.put(name, v.decimalValue().toPlainString());
            } else {
                out.put(name, v.asText());
            }
        }
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
