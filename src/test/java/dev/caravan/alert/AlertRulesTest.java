package dev.caravan.alert;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.source.SourceUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pure parts of alerting: configuration checks, back-off, message text, unreachable causes. */
class AlertRulesTest {

    @Test
    void aBadFormatOrUrlStopsTheStartWithoutShowingTheUrl() {
        assertThrows(IllegalStateException.class, () -> Alerts.check("xml", null));
        String secret = "hooks.slack.com/services/T0/B0/verysecret";
        for (String bad : new String[] {"ftp://" + secret, secret, "https:///nohost", "http://exa mple.com/" + secret}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Alerts.check("slack", bad), bad);
            assertFalse(e.getMessage().contains("verysecret"), e.getMessage());
        }
        assertDoesNotThrow(() -> Alerts.check("slack", "https://" + secret));
        assertDoesNotThrow(() -> Alerts.check("json", "http://127.0.0.1:9000/hook"));
        assertDoesNotThrow(() -> Alerts.check("slack", ""));
    }

    @Test
    void deliveryBacksOffByDoublingUpToAnHour() {
        Duration first = Duration.ofSeconds(30);
        assertEquals(Duration.ofSeconds(30), AlertDelivery.backOff(first, 1));
        assertEquals(Duration.ofSeconds(60), AlertDelivery.backOff(first, 2));
        assertEquals(Duration.ofSeconds(240), AlertDelivery.backOff(first, 4));
        assertEquals(Duration.ofHours(1), AlertDelivery.backOff(first, 9));
        assertEquals(Duration.ofHours(1), AlertDelivery.backOff(first, 1000));
    }

    @Test
    void messageTextIsOneBoundedLineWithoutControlCharacters() {
        String text = AlertText.clean("Run 7 failed:\n\u001b[31mboom\r\n" + "x".repeat(5000));
        assertFalse(text.contains("\n") || text.contains("\u001b") || text.contains("\r"), text);
        assertTrue(text.length() <= 1001, "length " + text.length());
    }

    @Test
    void aSourceThatCannotBeReachedIsFoundInTheCauseChain() {
        RuntimeException wrapped = new RuntimeException("pipeline failed",
                new IllegalStateException("batch", new SourceUnavailableException("redshift unavailable", null)));
        assertTrue(RunAlerts.unreachable(wrapped) instanceof SourceUnavailableException);
        assertEquals(null, RunAlerts.unreachable(new RuntimeException("a bad row")));
        assertEquals(null, RunAlerts.unreachable(null));
    }
}
