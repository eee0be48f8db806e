package dev.caravan.source.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a file looks like from outside (size, modification time, identity): seen again, it tells whether it changed. */
public record FileStamp(long size, long modifiedMillis, Object fileKey) {

    public static FileStamp of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(a.size(), a.lastModifiedTime().toMillis(), a.fileKey());
    }

    /** "size 1200 → 1800 bytes" or "modified at …" for a run's error. */
    public String differenceTo(FileStamp later) {
        if (later.size != size) {
            return "size " + size + " → " + later.size + " bytes";
        }
        if (later.modifiedMillis != modifiedMillis) {
            return "modified again";
        }
        return "replaced by another file";
    }
}
