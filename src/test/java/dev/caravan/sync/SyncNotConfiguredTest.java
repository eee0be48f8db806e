package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Without GENIUS_DB_* settings a sync says what to set instead of failing obscurely. */
@QuarkusTest
class SyncNotConfiguredTest {

    @Inject
    SyncService syncs;

    @Test
    void anUnconfiguredSourceNamesTheVariablesToSet() {
        SourceNotConfiguredException e = assertThrows(SourceNotConfiguredException.class,
                () -> syncs.sync("genius", null, false, false, "cli", ImportProgress.NONE));
        assertTrue(e.getMessage().contains("source 'genius' is not configured") && e.getMessage().contains("GENIUS_DB_HOST"),
                e.getMessage());
    }

    @Test
    void geniusNamesBothWaysToConfigureIt() {
        SourceNotConfiguredException e = assertThrows(SourceNotConfiguredException.class,
                () -> syncs.sync("genius", null, false, false, "cli", ImportProgress.NONE));
        assertTrue(e.getMessage().contains("GENIUS_DB_HOST") && e.getMessage().contains("GENIUS_API_TOKEN")
                && e.getMessage().contains("GENIUS_BASE_URL"), e.getMessage());
    }

    @Test
    void thePartTwoApiSourcesNameTheirVariables() {
        for (String[] s : new String[][] {{"leadconduit", "ACTIVEPROSPECT_API_KEY"}, {"klaviyo", "KLAVIYO_API_KEY"},
                {"shopify", "SHOPIFY_SHOP"}}) {
            SourceNotConfiguredException e = assertThrows(SourceNotConfiguredException.class,
                    () -> syncs.sync(s[0], null, false, false, "cli", ImportProgress.NONE));
            assertTrue(e.getMessage().contains("source '" + s[0] + "' is not configured") && e.getMessage().contains(s[1]), e.getMessage());
            assertFalse(syncs.configured(s[0]));
        }
    }

    @Test
    void anUnconfiguredApiSourceNamesEveryWayToConfigureIt() {
        SourceNotConfiguredException e = assertThrows(SourceNotConfiguredException.class,
                () -> syncs.sync("hubspot", "contacts", false, false, "cli", ImportProgress.NONE));
        assertTrue(e.getMessage().contains("source 'hubspot' is not configured") && e.getMessage().contains("HUBSPOT_ACCESS_TOKEN")
                && e.getMessage().contains("HUBSPOT_REFRESH_TOKEN") && e.getMessage().contains("HUBSPOT_API_KEY"), e.getMessage());
        assertFalse(syncs.configured("hubspot"));
        // nothing was opened: no run in the log
        assertTrue(syncs.isApi("hubspot"));
    }

    @Test
    void enderTuringWithoutCredentialsNamesTheTokenAndTheLogin() {
        SourceNotConfiguredException e = assertThrows(SourceNotConfiguredException.class,
                () -> syncs.sync("enderturing", null, false, false, "cli", ImportProgress.NONE));
        assertTrue(e.getMessage().contains("source 'enderturing' is not configured") && e.getMessage().contains("ET_TOKEN")
                && e.getMessage().contains("ET_USER, ET_PASSWORD"), e.getMessage());
        assertFalse(syncs.configured("enderturing"));
    }
}
