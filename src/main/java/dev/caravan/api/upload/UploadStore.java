package dev.caravan.api.upload;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.caravan.config.CaravanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The upload directory: each accepted upload is {@code ID.EXT} (the file, decompressed, with the
 * extension of its name, which tells CSV from JSON) and
 * {@code ID.upload.json} (its {@link UploadTicket}), written atomically.
 */
@ApplicationScoped
public class UploadStore {

    private static final Logger LOG = Logger.getLogger(UploadStore.class);
    private static final String TICKET = ".upload.json";
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Inject
    public UploadStore(CaravanConfig config) {
        this.dir = config.uploadDir();
    }

    private static final Pattern EXTENSION = Pattern.compile(".*(\\.[A-Za-z0-9]{1,10})");

    /** The stored file's name for an upload: its id and the extension of its (decompressed) name. */
    public static String fileNameFor(String id, String displayName) {
        var m = EXTENSION.matcher(displayName);
        return id + (m.matches() ? m.group(1) : "");
    }

    /** Where an upload's file is written. */
    public Path dataFile(String fileName) {
        return dir().resolve(fileName);
    }

    public Path dataFile(UploadTicket t) {
        return dir().resolve(t.fileName());
    }

    public void save(UploadTicket t) {
        try {
            Path target = dir().resolve(t.id() + TICKET);
            Path tmp = dir().resolve(t.id() + TICKET + ".tmp");
            json.writeValue(tmp.toFile(), t);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the upload ticket " + t.id() + ": " + e.getMessage(), e);
        }
    }

    public Optional<UploadTicket> find(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return read(dir().resolve(id + TICKET));
    }

    /** Every ticket in the directory (unreadable ones are logged and left alone). */
    public List<UploadTicket> all() {
        List<UploadTicket> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            files.filter(p -> p.getFileName().toString().endsWith(TICKET)).sorted()
                    .forEach(p -> read(p).ifPresent(out::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Size of the upload's file, 0 when it is gone. */
    public long size(UploadTicket t) {
        try {
            return Files.exists(dataFile(t)) ? Files.size(dataFile(t)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    public boolean deleteData(UploadTicket t) {
        try {
            return Files.deleteIfExists(dataFile(t));
        } catch (IOException e) {
            LOG.warnf("Cannot delete upload %s: %s", t.id(), e.getMessage());
            return false;
        }
    }

    public void delete(UploadTicket t) {
        deleteData(t);
        try {
            Files.deleteIfExists(dir().resolve(t.id() + TICKET));
        } catch (IOException e) {
            LOG.warnf("Cannot delete upload ticket %s: %s", t.id(), e.getMessage());
        }
    }

    private Optional<UploadTicket> read(Path p) {
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(p.toFile(), UploadTicket.class));
        } catch (IOException e) {
            LOG.warnf("Ignoring unreadable upload ticket %s: %s", p, e.getMessage());
            return Optional.empty();
        }
    }

    private Path dir() {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
