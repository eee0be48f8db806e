package dev.caravan.camel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.logging.Logger;

/** File-system rules of the drop folders: what may be read, and moving entries to .done or .failed. */
final class InboxFiles {

    private static final Logger LOG = Logger.getLogger(InboxFiles.class);

    private InboxFiles() {
    }

    /**
     * Why an inbox entry must not be read, or null when it is a regular file whose real path is
     * inside the inbox. Nothing here opens the file.
     */
    static String refusal(Path root, Path entry) throws IOException {
        if (Files.isSymbolicLink(entry)) {
            return "a symbolic link; only regular files inside the inbox are imported (copy or move the file in)";
        }
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            return null; // vanished: the caller checks again
        }
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            return "not a regular file (a FIFO, socket or device); only regular files are imported";
        }
        Path realRoot = root.toRealPath();
        Path real = entry.toRealPath();
        if (!real.startsWith(realRoot)) {
            return "its real path is outside the inbox (a linked folder); only files inside the inbox are imported";
        }
        return null;
    }

    /**
     * Moves an entry (a symbolic link itself, never its target) to {@code target}; false when it was
     * gone already (another replica moved it first).
     */
    static boolean move(Path entry, Path target) {
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(entry, target);
            }
            return true;
        } catch (NoSuchFileException e) {
            LOG.debugf("%s was moved by another replica", entry.getFileName());
            return false;
        } catch (IOException e) {
            LOG.errorf("Cannot move %s to %s: %s", entry.getFileName(), target.getParent(), e.getMessage());
            return false;
        }
    }

    static void writeReason(Path file, String reason) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.errorf("Cannot write %s: %s", file, e.getMessage());
        }
    }
}
