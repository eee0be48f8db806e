package dev.caravan.source.file;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fingerprints of files seen lately, by path and stamp, so a drop folder that sees the same file
 * at every poll (another replica is importing it) does not read it whole each time. Bounded: the
 * least recently used entries are dropped.
 */
public final class FingerprintCache {

    private record Key(String path, FileStamp stamp) {
    }

    private final int capacity;
    private final Map<Key, FileFingerprint> entries;

    public FingerprintCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, FileFingerprint> eldest) {
                return size() > FingerprintCache.this.capacity;
            }
        };
    }

    /** The fingerprint of the file as it is now (stamp taken by the caller before), computed when not known. */
    public FileFingerprint of(Path file, FileStamp stamp, Charset fallback) throws IOException {
        Key key = new Key(file.toAbsolutePath().normalize().toString(), stamp);
        synchronized (entries) {
            FileFingerprint known = entries.get(key);
            if (known != null) {
                return known;
            }
        }
        FileFingerprint fp = FileFingerprint.of(file, fallback);
        synchronized (entries) {
            entries.put(key, fp);
        }
        return fp;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
