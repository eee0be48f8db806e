package dev.caravan.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The settings file: {@code .env} in the working directory, or the file named by CARAVAN_ENV_FILE,
 * read with {@link DotEnvParser} (quotes, {@code export}, comments) for the CLI and the service alike.
 *
 * <p>Its settings behave as environment variables (an {@link EnvConfigSource}: {@code CARAVAN_DB_URL}
 * answers {@code caravan.db.url}, and names match whatever their case, so seed 004's {@code et_user}
 * answers {@code ET_USER}), at ordinal {@value #ORDINAL}: below the real environment (300) and system
 * properties (400), which win, and above Quarkus's own reading of {@code ./.env} (295, Java-properties
 * syntax: quotes kept, {@code export} read as a name, no errors), which this reading replaces for
 * every name the file sets. Values are never logged; errors name the file and line only.
 */
public class DotEnvSource implements ConfigSourceFactory {

    public static final int ORDINAL = 298;
    public static final String FILE_VARIABLE = "CARAVAN_ENV_FILE";
    static final String DEFAULT_FILE = ".env";

    /** The settings of one file; its name says which file (never a value). */
    public static final class FileSource extends EnvConfigSource {
        private final Path file;
        private final int settings;

        FileSource(Path file, Map<String, String> values) {
            super(values, DotEnvSource.ORDINAL); // not EnvConfigSource.ORDINAL (300), which a bare ORDINAL names here
            this.file = file;
            this.settings = values.size();
        }

        public Path file() {
            return file;
        }

        public int settings() {
            return settings;
        }

        /** Begins with "EnvConfigSource", as SmallRye expects of a source of environment-style names (unknown ones are fine). */
        @Override
        public String getName() {
            return super.getName() + "[caravan settings file " + file + "]";
        }
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue named = context.getValue(FILE_VARIABLE);
        String name = named == null || named.getValue() == null || named.getValue().isBlank() ? null : named.getValue().strip();
        return read(name, Path.of(System.getProperty("user.dir", ".")));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The file named (relative to the working directory), else {@code ./.env} when there is one; none when neither. */
    static List<ConfigSource> read(String named, Path workingDir) {
        Path file = named != null ? workingDir.resolve(named) : workingDir.resolve(DEFAULT_FILE);
        if (named == null && !Files.isRegularFile(file)) {
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            throw new DotEnvParser.DotEnvException(FILE_VARIABLE + " names " + file + ", which is not a file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new DotEnvParser.DotEnvException("the settings file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new DotEnvParser.DotEnvException("the settings file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        return List.of(new FileSource(file, DotEnvParser.parse(lines, file.toString())));
    }
}
