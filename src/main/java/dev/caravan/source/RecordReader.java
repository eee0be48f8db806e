package dev.caravan.source;

import java.io.Closeable;
import java.io.IOException;

/** A stream of records from one source; memory does not grow with the size of the source. */
public interface RecordReader extends Closeable {

    /** The next record, or null at the end. */
    SourceRecord next() throws IOException;

    /** Bytes of the source consumed so far, for progress. */
    long bytesRead();

    /** The header of a source that has one (CSV), checked before any row is read; null otherwise. */
    default dev.caravan.definition.HeaderMapping header() {
        return null;
    }

    /** A note about the whole source (delimiter, header-only), or null. */
    default String note() {
        return null;
    }
}
