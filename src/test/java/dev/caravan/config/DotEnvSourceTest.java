package dev.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings file as configuration: which file, its precedence (the environment wins, the file wins
 * over application.properties and over Quarkus's own reading of ./.env), seed 004's lower-case names.
 */
class DotEnvSourceTest {

    @TempDir
    Path dir;

    /** Configuration as Quarkus layers it: an environment, this file, Quarkus's ./.env reading, application.properties. */
    private SmallRyeConfig config(Map<String, String> environment, List<ConfigSource> file) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new EnvConfigSource(environment, 300) {
                })
                .withSources(file.toArray(ConfigSource[]::new))
                .withSources(new EnvConfigSource(Map.of("CARAVAN_DB_URL", "\"quoted by Quarkus's own reading\""), 295) {
                })
                .withSources(new PropertiesConfigSource(Map.of("caravan.warehouse.url", "${CARAVAN_DB_URL:jdbc:h2:default}",
                        "caravan.warehouse.password", "${CARAVAN_DB_PASSWORD:}"), "application.properties", 250))
                .build();
    }

    @Test
    void aNamedFileThatIsMissingStopsTheStartSayingWhichVariableNamedIt() {
        Exception e = assertThrows(DotEnvParser.DotEnvException.class, () -> DotEnvSource.read("conf/missing.env", dir));
        assertTrue(e.getMessage().contains("CARAVAN_ENV_FILE names " + dir.resolve("conf/missing.env")), e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithoutItsContent() throws Exception {
        Files.write(dir.resolve(".env"), new byte[] {'A', '=', (byte) 0xff, (byte) 0xfe});
        Exception e = assertThrows(DotEnvParser.DotEnvException.class, () -> DotEnvSource.read(null, dir));
        assertTrue(e.getMessage().endsWith("is not UTF-8 text"), e.getMessage());
    }

    @Test
    void noFileNoSettings() {
        assertEquals(List.of(), DotEnvSource.read(null, dir));
    }

    @Test
    void theEnvironmentWinsOverTheFileWhichWinsOverEverythingElse() throws Exception {
        Files.writeString(dir.resolve(".env"), "CARAVAN_DB_URL=\"jdbc:h2:file:./from-env-file\"\nCARAVAN_DB_PASSWORD='p#ss'\n");
        List<ConfigSource> file = DotEnvSource.read(null, dir);
        assertEquals(DotEnvSource.ORDINAL, file.get(0).getOrdinal());
        assertTrue(file.get(0).getName().startsWith("EnvConfigSource"), "unknown names must not fail the start: " + file.get(0).getName());

        SmallRyeConfig fromFile = config(Map.of(), file);
        assertEquals("jdbc:h2:file:./from-env-file", fromFile.getValue("caravan.warehouse.url", String.class));
        assertEquals("p#ss", fromFile.getValue("caravan.warehouse.password", String.class));

        SmallRyeConfig environment = config(Map.of("CARAVAN_DB_URL", "jdbc:postgresql://db/prod"), file);
        assertEquals("jdbc:postgresql://db/prod", environment.getValue("caravan.warehouse.url", String.class));
        assertEquals("p#ss", environment.getValue("caravan.warehouse.password", String.class), "other names still come from the file");
    }

    @Test
    void seed004sLowerCaseNamesAnswerTheEnderTuringVariables() throws Exception {
        Files.writeString(dir.resolve("settings.env"), "# Extract settings\net_domain=app.enderturing.com\net_user=et_user@enderturing.com\n"
                + "et_password=password\n");
        SmallRyeConfig c = config(Map.of("ET_USER", "from-the-environment"), DotEnvSource.read("settings.env", dir));
        assertEquals("app.enderturing.com", c.getValue("ET_DOMAIN", String.class));
        assertEquals("password", c.getValue("ET_PASSWORD", String.class));
        assertEquals("from-the-environment", c.getValue("ET_USER", String.class), "the environment wins in any spelling");
    }

    @Test
    void seed002sMysqlSettingsAreReadAsTheyAreWritten() throws Exception {
        Files.writeString(dir.resolve(".env"), "MYSQL_HOST=localhost\nMYSQL_USER=root\nMYSQL_PASSWORD=yourpassword\n"
                + "MYSQL_DATABASE=yourdatabase\n");
        SmallRyeConfig c = config(Map.of(), DotEnvSource.read(null, dir));
        assertEquals("localhost", c.getValue("MYSQL_HOST", String.class));
        assertEquals("yourdatabase", c.getValue("mysql.database", String.class));
        DotEnvSource.FileSource f = (DotEnvSource.FileSource) DotEnvSource.read(null, dir).get(0);
        assertEquals(4, f.settings());
        assertFalse(f.getName().contains("yourpassword"));
    }
}
