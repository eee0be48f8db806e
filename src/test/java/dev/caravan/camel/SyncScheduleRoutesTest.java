package dev.caravan.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedule keys from configuration: plain JUnit. */
class SyncScheduleRoutesTest {

    @Test
    void keysNameASourceAndAModeAndAnEmptyCronTurnsAScheduleOff() {
        Map<String, String> s = SyncScheduleRoutes.schedules(Map.of("genius-incremental", " 0 0/15 * * * ? ",
                "hubspot-full", "0 0 3 * * ?", "redshift-incremental", ""));
        assertEquals(Map.of("genius-incremental", "0 0/15 * * * ?", "hubspot-full", "0 0 3 * * ?"), s);
    }

    @Test
    void aScheduleSetByAnEnvironmentVariableAloneArrivesDottedAndIsTheSameSchedule() {
        // CARAVAN_SCHEDULE_LEADCONDUIT_FULL with no line in application.properties reaches the map as leadconduit.full
        Map<String, String> s = SyncScheduleRoutes.schedules(Map.of("leadconduit.full", "0 0 3 * * ?",
                "enderturing_incremental", "0 0/30 * * * ?"));
        assertEquals(Map.of("leadconduit-full", "0 0 3 * * ?", "enderturing-incremental", "0 0/30 * * * ?"), s);
    }

    @Test
    void aKeyThatIsNotSourceDashModeStopsTheStartWithTheExpectedShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyncScheduleRoutes.schedules(Map.of("genius-hourly", "0 0 * * * ?")));
        assertTrue(e.getMessage().contains("caravan.schedule.genius-hourly") && e.getMessage().contains("SOURCE-full"),
                e.getMessage());
    }
}
