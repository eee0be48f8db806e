package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** ./caravan webhooks and webhooks replay: bad input first, then the listings. */
@QuarkusMainTest
class WebhooksCommandTest {

    @Test
    @Launch(value = {"webhooks", "--status", "lost"}, exitCode = 2)
    void anUnknownStatusIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--status must be one of"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"webhooks", "replay"}, exitCode = 2)
    void replayNeedsFailedOrIds(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("give --failed or event ids"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"webhooks", "replay", "--help"})
    void replayHasHelp(LaunchResult result) {
        assertTrue(result.getOutput().contains("--failed"), result.getOutput());
    }

    @Test
    @Launch(value = {"webhooks", "--status", "failed", "--json"})
    void anEmptyListIsAnEmptyJsonArray(LaunchResult result) {
        assertTrue(result.getOutputStream().stream().anyMatch(l -> l.strip().equals("[]")), result.getOutput());
    }

    @Test
    @Launch(value = {"webhooks", "replay", "--failed"})
    void replayingNothingSaysSo(LaunchResult result) {
        assertTrue(result.getOutput().contains("0 webhook events put back to pending"), result.getOutput());
        assertEquals(0, result.exitCode());
    }
}
