package dev.caravan.source;

/** Writes values back as one CSV record (quoting as RFC 4180 requires). */
public final class CsvText {

    private CsvText() {
    }

    public static String join(String[] values, char delimiter) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            String v = values[i] == null ? "" : values[i];
            if (v.indexOf(delimiter) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }
}
