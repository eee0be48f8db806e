package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Without MARKETSHARP_* credentials a sync names the variables to set (the CLI exits 2 on it). */
@QuarkusTest
class MarketSharpNotConfiguredTest {

    @Inject
    SyncService syncs;

    @Test
    void anUnconfiguredMarketSharpNamesItsThreeVariables() {
        assertTrue(syncs.isApi("marketsharp"));
        assertFalse(syncs.configured("marketsharp"));
        SourceNotConfiguredException e = assertThrows(SourceNotConfiguredException.class,
                () -> syncs.sync("marketsharp", null, false, false, "cli", ImportProgress.NONE));
        assertTrue(e.getMessage().contains("source 'marketsharp' is not configured") && e.getMessage().contains("MARKETSHARP_COMPANY_ID")
                && e.getMessage().contains("MARKETSHARP_API_KEY") && e.getMessage().contains("MARKETSHARP_SECRET_KEY"), e.getMessage());
    }
}
