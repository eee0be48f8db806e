package dev.caravan.source.file;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.Excerpt;
import dev.caravan.source.MalformedSourceException;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.List;

/**
 * CSV through FastCSV (RFC 4180: quoted commas, quotes and newlines; CRLF or LF). The delimiter is
 * sniffed from the header line (comma, semicolon, tab or pipe). Rows whose field count differs from
 * the header's are returned with a problem so they become rejects; an unclosed quote stops the file.
 *
 * <p>Memory stays bounded ({@link ReadLimits}): a field longer than the field cap rejects its row
 * (the reject keeps a short excerpt, not the field). FastCSV itself holds at most the record cap of
 * one record and the column cap of fields; past those it cannot resynchronise, so the file fails
 * there with a clear message and the rows before it still land.
 */
final class CsvRecordReader implements RecordReader {

    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    /** Where FastCSV says a record starts, in its messages ("record starting at line 7"). */
    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("starting at line (\\d+)");

    private final CountingInputStream counted;
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final HeaderMapping mapping;
    private final char delimiter;
    private final String note;
    private final ReadLimits limits;

    CsvRecordReader(Reader source, CountingInputStream counted, ObjectDefinition definition, ReadLimits limits)
            throws IOException {
        this.counted = counted;
        this.limits = limits;
        BufferedReader buffered = new BufferedReader(source, 1 << 16);
        this.delimiter = sniffDelimiter(buffered);
        CsvRecordHandler handler = CsvRecordHandler.builder()
                .maxFields(limits.maxColumns())
                .maxFieldSize(limits.maxRecordChars())
                .maxRecordSize(limits.maxRecordChars())
                .build();
        this.csv = CsvReader.builder()
                .fieldSeparator(delimiter)
                .commentStrategy(CommentStrategy.NONE)
                .skipEmptyLines(true)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .allowUnclosedQuote(false)
                .maxBufferSize(Math.max(limits.maxRecordChars(), 1 << 16))
                .build(handler, buffered);
        this.records = csv.iterator();
        CsvRecord header = nextRaw();
        if (header == null) {
            csv.close();
            throw new MalformedSourceException(0, "the file is empty: no header row");
        }
        List<String> names = header.getFields().stream().map(String::strip).toList();
        this.mapping = HeaderMapping.of(definition, names);
        this.note = delimiter == ',' ? null : "delimiter '" + (delimiter == '\t' ? "\\t" : String.valueOf(delimiter)) + "'";
    }

    @Override
    public SourceRecord next() {
        CsvRecord r = nextRaw();
        if (r == null) {
            return null;
        }
        String[] values = r.getFields().toArray(new String[0]);
        for (int i = 0; i < values.length; i++) {
            if (values[i].length() > limits.maxFieldChars()) {
                String name = i < mapping.fieldCount() ? "'" + mapping.headers().get(i) + "'" : String.valueOf(i + 1);
                // The record is dropped here: only an excerpt of it is kept for the reject.
                return new SourceRecord(r.getStartingLineNumber(), mapping, new String[0], excerpt(values), delimiter,
                        limits.fieldTooLong(name, values[i].length()));
            }
        }
        String problem = null;
        if (values.length != mapping.fieldCount()) {
            problem = "expected " + mapping.fieldCount() + " fields (as in the header), found " + values.length;
        }
        return new SourceRecord(r.getStartingLineNumber(), mapping, values, null, delimiter, problem);
    }

    private CsvRecord nextRaw() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (CsvParseException e) {
            String full = describe(e);
            java.util.regex.Matcher at = LINE.matcher(full);
            String message = Excerpt.of(full, 300); // the parser's words may quote the file: kept short, escaped
            long line = at.find() ? Long.parseLong(at.group(1)) : 0;
            if (message.contains("exceeds the max") || message.contains("maximum buffer size")) {
                throw new MalformedSourceException(line, "a CSV record is longer than " + limits.maxRecordChars()
                        + " characters (CARAVAN_MAX_RECORD_CHARS; an unclosed quote also reads as one long field),"
                        + " the file cannot be read past it: " + message);
            }
            if (message.contains("maximum limit of")) {
                throw new MalformedSourceException(line, "a CSV record has more than " + limits.maxColumns()
                        + " fields (CARAVAN_MAX_COLUMNS), the file cannot be read past it: " + message);
            }
            throw new MalformedSourceException(0, "malformed CSV: " + message);
        }
    }

    /** The first characters of a record whose values are too long to keep. */
    private String excerpt(String[] values) {
        StringBuilder sb = new StringBuilder();
        long total = 0;
        for (String v : values) {
            total += v.length() + 1;
        }
        for (int i = 0; i < values.length && sb.length() <= ReadLimits.EXCERPT_CHARS; i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            String v = values[i];
            sb.append(v, 0, Math.min(v.length(), ReadLimits.EXCERPT_CHARS + 1));
        }
        if (sb.length() > ReadLimits.EXCERPT_CHARS) {
            sb.setLength(ReadLimits.EXCERPT_CHARS);
        }
        return sb + "… (cut; " + Math.max(0, total - 1) + " characters)";
    }

    private static String describe(CsvParseException e) {
        StringBuilder sb = new StringBuilder(e.getMessage());
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            sb.append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    @Override
    public HeaderMapping header() {
        return mapping;
    }

    @Override
    public long bytesRead() {
        return counted.count();
    }

    @Override
    public String note() {
        return note;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    private static char sniffDelimiter(BufferedReader in) throws IOException {
        in.mark(1 << 15);
        char[] buf = new char[1 << 15];
        int n = in.read(buf);
        in.reset();
        if (n <= 0) {
            return ',';
        }
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        for (int i = 0; i < n; i++) {
            char ch = buf[i];
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == '\n' || ch == '\r')) {
                break;
            } else if (!quoted) {
                for (int d = 0; d < DELIMITERS.length; d++) {
                    if (ch == DELIMITERS[d]) {
                        counts[d]++;
                    }
                }
            }
        }
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return counts[best] == 0 ? ',' : DELIMITERS[best];
    }
}
