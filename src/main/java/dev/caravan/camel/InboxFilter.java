package dev.caravan.camel;

import dev.caravan.config.CaravanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.File;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Which entries of the drop folders the inbox route picks up. Names that writers use while a file
 * is still being written (a leading dot, *.tmp, *.part, *.filepart, *.crdownload, *.swp) are left
 * alone; with a done-marker configured, FILE waits for FILE.ready (or FILE.done); and a file is
 * taken only once it has not been modified for the settle time, so a writer that pauses mid-file
 * is not read half-way. Symbolic links and special files are let through on purpose: the import
 * refuses them with a reason, without reading them.
 */
@ApplicationScoped
@Named("inboxFilter")
public class InboxFilter implements GenericFileFilter<File> {

    static final Set<String> WRITING_SUFFIXES = Set.of(".tmp", ".part", ".filepart", ".crdownload", ".swp", ".partial");

    private final long settleMillis;
    private final String marker;

    @Inject
    public InboxFilter(CaravanConfig config) {
        this(config.inbox().settle().toMillis(), config.inbox().doneMarker());
    }

    InboxFilter(long settleMillis, String marker) {
        this.settleMillis = settleMillis;
        String m = marker == null ? "none" : marker.strip().toLowerCase(Locale.ROOT);
        if (!Set.of("none", "ready", "done").contains(m)) {
            throw new IllegalArgumentException("CARAVAN_INBOX_DONE_MARKER must be none, ready or done, not '"
                    + dev.caravan.source.Excerpt.of(marker) + "'");
        }
        this.marker = "none".equals(m) ? null : "." + m;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        String name = file.getFileNameOnly();
        if (name.startsWith(".")) {
            return false;
        }
        if (file.isDirectory()) {
            return true;
        }
        return acceptFile(file.getFile(), System.currentTimeMillis());
    }

    boolean acceptFile(File f, long now) {
        String name = f.getName();
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.startsWith(".") || WRITING_SUFFIXES.stream().anyMatch(lower::endsWith)) {
            return false;
        }
        if (marker != null) {
            if (lower.endsWith(marker)) {
                return false; // the marker itself
            }
            if (!Files.exists(f.toPath().resolveSibling(name + marker))) {
                return false;
            }
        }
        // lastModified follows a symbolic link (0 for a dangling one: taken, then refused)
        return now - f.lastModified() >= settleMillis;
    }

    /** The marker file that goes with a dropped file, or null when no marker is configured. */
    public java.nio.file.Path markerOf(java.nio.file.Path file) {
        return marker == null ? null : file.resolveSibling(file.getFileName() + marker);
    }
}
