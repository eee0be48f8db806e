package dev.caravan.api.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.config.CaravanConfig;
import dev.caravan.testing.LocalModeProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Without credentials: HTTP and the embedded H2 server listen on loopback only (checked on the
 * real listening sockets in /proc/net/tcp*), and loopback requests act as operator.
 */
@QuarkusTest
@TestProfile(LocalModeProfile.class)
class LocalModeTest {

    @ConfigProperty(name = "quarkus.http.host")
    String host;

    @Inject
    CaravanConfig config;

    @Test
    void loopbackRequestsActAsOperator() {
        given().get("/api/runs").then().statusCode(200);
        given().get("/api/runs/999999/rejects").then().statusCode(404); // past the operator check
        given().auth().oauth2("anything").get("/api/runs").then().statusCode(401); // a token is checked
    }

    @Test
    void httpListensOnLoopbackOnly() throws IOException {
        assertEquals("127.0.0.1", host);
        assertOnlyLoopbackListens(RestAssured.port);
    }

    @Test
    void theH2ServerForTheHostsOtherProcessesListensOnLoopbackOnly() throws IOException {
        String url = config.warehouse().url();
        assertTrue(url.contains("AUTO_SERVER=TRUE"), url);
        String db = url.substring("jdbc:h2:file:".length(), url.indexOf(';'));
        String server = Files.readString(Path.of(db + ".server")).strip(); // written by warehouse/EmbeddedH2
        assertTrue(server.startsWith("127.0.0.1:"), "served on: " + server);
        assertOnlyLoopbackListens(Integer.parseInt(server.substring(server.indexOf(':') + 1)));
    }

    /** The port has a listening socket, and every listening socket on it is bound to loopback. */
    static void assertOnlyLoopbackListens(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<String> listening = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    listening.add(f[1]);
                }
            }
        }
        assertFalse(listening.isEmpty(), "nothing listens on port " + port);
        for (String local : listening) {
            String addr = local.substring(0, local.indexOf(':'));
            // 127.0.0.1, ::1, or 127.0.0.1 as an IPv4-mapped IPv6 address
            boolean loopback = addr.equals("0100007F") || addr.equals("00000000000000000000000001000000")
                    || addr.equals("0000000000000000FFFF00000100007F");
            assertTrue(loopback, "port " + port + " listens on " + local + " (not loopback)");
        }
    }
}
