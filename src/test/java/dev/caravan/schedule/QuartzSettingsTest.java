package dev.caravan.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Quartz properties of each store: plain JUnit. */
class QuartzSettingsTest {

    @Test
    void aZeroIntervalStopsTheStartNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuartzSettings.clustered("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate", Duration.ZERO, Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("caravan.scheduler.checkin-interval"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QuartzSettings.local(Duration.ofSeconds(-1)));
    }

    @Test
    void theClusteredStoreSharesTheWarehouseUnderOneSchedulerNameWithStringJobData() {
        Properties p = QuartzSettings.clustered("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate", Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertEquals("org.quartz.impl.jdbcjobstore.JobStoreTX", p.getProperty("org.quartz.jobStore.class"));
        assertEquals("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate", p.getProperty("org.quartz.jobStore.driverDelegateClass"));
        assertEquals("true", p.getProperty("org.quartz.jobStore.isClustered"));
        assertEquals("AUTO", p.getProperty("org.quartz.scheduler.instanceId"));
        assertEquals("5000", p.getProperty("org.quartz.jobStore.clusterCheckinInterval"));
        assertEquals("10000", p.getProperty("org.quartz.jobStore.misfireThreshold"));
        assertEquals(QuartzSettings.DATA_SOURCE, p.getProperty("org.quartz.jobStore.dataSource"));
        assertEquals("QRTZ_", p.getProperty("org.quartz.jobStore.tablePrefix"));
        assertEquals("true", p.getProperty("org.quartz.jobStore.useProperties"), "no Java-serialized job data read back");
        assertEquals("caravan", p.getProperty("org.quartz.scheduler.instanceName"));
        assertTrue(p.stringPropertyNames().stream().noneMatch(k -> k.startsWith("org.quartz.dataSource.")),
                "no pool of Quartz's own: the warehouse's connections are registered in code");
    }

    @Test
    void theLocalStoreKeepsNothingInTheWarehouse() {
        Properties p = QuartzSettings.local(Duration.ofSeconds(10));
        assertEquals("org.quartz.simpl.RAMJobStore", p.getProperty("org.quartz.jobStore.class"));
        assertFalse(p.containsKey("org.quartz.jobStore.isClustered"));
        assertEquals("10", p.getProperty("org.quartz.threadPool.threadCount"));
    }
}
