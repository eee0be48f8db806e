package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A malformed CARAVAN_API_TOKENS stops the start, naming the entry but never the token. */
@QuarkusMainTest
@TestProfile(MalformedTokensTest.BadTokens.class)
class MalformedTokensTest {

    static final String SECRET = "s3cr3t-do-not-print";

    public static class BadTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.api.tokens", "operator:fine-token,admin:" + SECRET);
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    @Test
    void theStartFailsWithAClearMessageWithoutTheToken(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("objects");
        String output = result.getErrorOutput() + "\n" + result.getOutput();
        assertNotEquals(0, result.exitCode(), output);
        assertTrue(output.contains("CARAVAN_API_TOKENS is malformed: entry 2: unknown role 'admin'"), output);
        assertFalse(output.contains(SECRET), "the token is printed: " + output);
        assertFalse(output.contains("fine-token"), "a token is printed: " + output);
    }
}
