package dev.caravan.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.testing.Sql;
import dev.caravan.testing.SyncProfile;
import dev.caravan.testing.TestMariaDb;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Genius CRM database sync: a real MariaDB as the source, a real PostgreSQL as the warehouse. */
@QuarkusTest
@TestProfile(SyncProfile.class)
class GeniusSyncTest {

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    @Inject
    DefinitionRegistry definitions;

    TestMariaDb genius = TestMariaDb.get();

    @BeforeEach
    void freshSourceAndWarehouse() {
        Sql.reset(warehouse);
        dev.caravan.testing.GeniusFixture.reload(genius);
    }

    long sourceCount(String table) throws SQLException {
        try (Connection c = genius.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void source(String sql) throws SQLException {
        try (Connection c = genius.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long live(String table) {
        return (Long) Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM " + table + " WHERE deleted_at IS NULL").get(0).get("n");
    }

    List<RunSummary> sync(String table, boolean full) {
        return syncs.sync("genius", table, full, false, "cli", ImportProgress.NONE);
    }

    @Test
    void aFirstSyncIsFullAndLoadsEveryTableParentsFirst() throws SQLException {
        List<RunSummary> runs = sync(null, false);
        List<String> order = runs.stream().map(RunSummary::object).toList();
        assertEquals("genius.divisions", order.get(0));
        assertTrue(order.indexOf("genius.prospects") < order.indexOf("genius.appointments"));
        assertTrue(order.indexOf("genius.appointments") < order.indexOf("genius.services"));
        for (RunSummary r : runs) {
            assertEquals("completed", r.status(), String.valueOf(r));
            assertEquals("full", r.mode());
            assertEquals(0, r.rejected(), String.valueOf(r));
            assertEquals(0L, r.held(), String.valueOf(r));
            ObjectDefinition d = definitions.find("genius", r.object().substring("genius.".length())).orElseThrow();
            long inSource = sourceCount(d.sync().table().equals("user") ? "`user`" : d.sync().table());
            assertEquals(inSource, r.read(), r.object());
            assertEquals(inSource, r.inserted(), r.object());
            assertEquals(inSource, live(d.table()), d.table());
        }
        List<?> state = Sql.rows(warehouse, "SELECT * FROM caravan_sync_state WHERE source = 'genius' AND watermark_at IS NOT NULL");
        assertEquals(runs.size(), state.size(), "every object has a watermark after its full sync");
    }

    @Test
    void anIncrementalSyncPicksUpInsertsAndUpdatesAndNothingElse() throws SQLException {
        sync(null, false);
        long before = live("genius_prospects");
        String id = firstId("prospect");
        source("UPDATE prospect SET city = 'Round Rock' WHERE id = " + quoteIfText(id));
        source(insertProspectLike(id, "99001"));
        RunSummary r = sync("prospects", false).get(0);
        assertEquals("incremental", r.mode());
        assertEquals("completed", r.status(), String.valueOf(r));
        assertEquals(1, r.inserted(), String.valueOf(r));
        assertEquals(1, r.updated(), String.valueOf(r));
        assertEquals(r.read() - 2, r.unchanged(), "anything else read is unchanged (re-read at the watermark)");
        assertEquals(before + 1, live("genius_prospects"));
        assertEquals("Round Rock", Sql.rows(warehouse, "SELECT city FROM genius_prospects WHERE prospect_id = ?", id).get(0).get("city"));
        RunSummary again = sync("prospects", false).get(0);
        assertEquals(0, again.inserted() + again.updated(), "a second incremental run finds nothing new");
    }

    @Test
    void aFullSyncMarksRowsGoneFromTheSourceAsDeletedAndRestoresThemWhenTheyComeBack() throws SQLException {
        sync(null, false);
        String id = firstId("quote");
        List<String> columns;
        String row;
        try (Connection c = genius.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM quote WHERE id = " + quoteIfText(id))) {
            rs.next();
            columns = new java.util.ArrayList<>();
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnName(i));
                Object v = rs.getObject(i);
                values.append(i > 1 ? ", " : "").append(v == null ? "NULL" : "'" + v.toString().replace("'", "''") + "'");
            }
            row = values.toString();
        }
        source("DELETE FROM quote WHERE id = " + quoteIfText(id));
        RunSummary dry = syncs.sync("genius", "quotes", true, true, "cli", ImportProgress.NONE).get(0);
        assertTrue(dry.message().contains("would mark 1 rows deleted"), "a dry run counts only the row gone: " + dry.message());
        assertNull(Sql.rows(warehouse, "SELECT deleted_at FROM genius_quotes WHERE quote_id = ?", id).get(0).get("deleted_at"),
                "and writes nothing");
        RunSummary r = sync("quotes", true).get(0);
        assertEquals("full", r.mode());
        assertTrue(r.message().contains("marked 1 rows deleted"), r.message());
        assertNotNull(Sql.rows(warehouse, "SELECT deleted_at FROM genius_quotes WHERE quote_id = ?", id).get(0).get("deleted_at"));
        assertEquals(sourceCount("quote"), live("genius_quotes"));

        source("INSERT INTO quote (" + String.join(", ", columns) + ") VALUES (" + row + ")");
        RunSummary back = sync("quotes", true).get(0);
        assertEquals(1, back.updated(), "a row that comes back is restored: " + back);
        assertNull(Sql.rows(warehouse, "SELECT deleted_at FROM genius_quotes WHERE quote_id = ?", id).get(0).get("deleted_at"));
    }

    @Test
    void aRowWhoseParentHasNotArrivedIsHeldThenLoadedWhenItDoes() throws SQLException {
        sync(null, false);
        String appointment = firstId("appointment");
        // a new appointment and a service for it; only services are synced first
        source(insertLike("appointment", appointment, "88001"));
        source(insertServiceFor("88001", "88002"));
        RunSummary services = sync("services", false).get(0);
        assertEquals("completed", services.status(), String.valueOf(services));
        assertEquals(1L, services.held(), String.valueOf(services));
        assertEquals(1, Sql.count(warehouse, "caravan_held_row"));
        assertEquals(0, Sql.rows(warehouse, "SELECT * FROM genius_services WHERE service_id = '88002'").size(),
                "never loaded with a dangling reference");

        List<RunSummary> all = sync(null, false);
        RunSummary later = all.stream().filter(r -> r.object().equals("genius.services")).findFirst().orElseThrow();
        assertEquals(0L, later.held(), String.valueOf(later));
        assertEquals(1, Sql.rows(warehouse, "SELECT * FROM genius_services WHERE service_id = '88002'").size());
        assertEquals(0, Sql.count(warehouse, "caravan_held_row"));
    }

    @Test
    void theWatermarkDoesNotAdvancePastAFailedBatchAndARerunLosesAndDuplicatesNothing() throws SQLException {
        sync(null, false);
        String like = firstId("prospect");
        for (int i = 0; i < 12; i++) {
            source(insertProspectLike(like, String.valueOf(97000 + i)));
            source("UPDATE prospect SET updated_at = TIMESTAMPADD(SECOND, " + i + ", updated_at) WHERE id = " + quoteIfText(String.valueOf(97000 + i)));
        }
        java.time.Instant[] afterFirstBatch = new java.time.Instant[1];
        RunSummary failed = syncs.sync("genius", "prospects", false, false, "cli", new ImportProgress() {
            @Override
            public void batchCommitted(long runId, RunCounts totals, long bytesRead) {
                if (afterFirstBatch[0] == null) {
                    afterFirstBatch[0] = watermark();
                    Sql.exec(warehouse, "ALTER TABLE genius_prospects RENAME TO genius_prospects_away");
                }
            }
        }).get(0);
        assertNotNull(afterFirstBatch[0], "a first batch committed: " + failed);
        Sql.exec(warehouse, "ALTER TABLE genius_prospects_away RENAME TO genius_prospects");
        assertEquals("failed", failed.status());
        assertEquals(afterFirstBatch[0], watermark(), "the watermark stays at the last committed batch");

        RunSummary rerun = sync("prospects", false).get(0);
        assertEquals("completed", rerun.status(), String.valueOf(rerun));
        assertEquals(sourceCount("prospect"), live("genius_prospects"), "nothing lost");
        assertEquals(sourceCount("prospect"), Sql.count(warehouse, "genius_prospects"), "nothing duplicated");
    }

    @Test
    void aSyncIsNotStartedWhileTheSameSourceIsSyncing() throws Exception {
        CountDownLatch inFirstBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<RunSummary>> first = CompletableFuture.supplyAsync(() ->
                syncs.sync("genius", "prospects", true, false, "schedule", new ImportProgress() {
                    @Override
                    public void batchCommitted(long runId, RunCounts totals, long bytesRead) {
                        inFirstBatch.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        assertTrue(inFirstBatch.await(60, TimeUnit.SECONDS));
        List<RunSummary> second = sync("users", false);
        assertEquals(1, second.size());
        assertEquals("skipped", second.get(0).status());
        assertTrue(second.get(0).message().contains("already running"));
        release.countDown();
        assertEquals("completed", first.get(60, TimeUnit.SECONDS).get(0).status());
    }

    @Test
    void aSyncRunningOnAnotherReplicaIsNotStartedHere() throws Exception {
        // another replica = another session holding the source's advisory lock on the warehouse
        try (Connection other = dev.caravan.testing.TestPostgres.get().connect(dev.caravan.testing.TestPostgres.get().url());
                java.sql.PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, ReplicaLock.lockKey("genius"));
            ps.execute();
            List<RunSummary> runs = sync("prospects", false);
            assertEquals("skipped", runs.get(0).status());
            assertTrue(runs.get(0).message().contains("another replica"), runs.get(0).message());
        }
        // the server drops a closed session's locks shortly after the disconnect, not at once
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> "completed".equals(sync("divisions", false).get(0).status()));
    }

    java.time.Instant watermark() {
        Object v = Sql.rows(warehouse, "SELECT watermark_at FROM caravan_sync_state WHERE source = 'genius'"
                + " AND object = 'prospects'").get(0).get("watermark_at");
        return v instanceof java.sql.Timestamp t ? t.toInstant() : ((OffsetDateTime) v).toInstant();
    }

    String firstId(String table) throws SQLException {
        try (Connection c = genius.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String quoteIfText(String id) {
        return id.matches("\\d+") ? id : "'" + id + "'";
    }

    /** INSERT INTO t SELECT … copying row {@code from} with a new id. */
    String insertLike(String table, String from, String newId) throws SQLException {
        List<String> cols = new java.util.ArrayList<>();
        try (Connection c = genius.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 1")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                cols.add(rs.getMetaData().getColumnName(i));
            }
        }
        String select = cols.stream().map(col -> col.equals("id") ? quoteIfText(newId) + " AS id"
                : col.equals("updated_at") ? "CURRENT_TIMESTAMP(3)" : col).collect(java.util.stream.Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", cols) + ") SELECT " + select + " FROM " + table
                + " WHERE id = " + quoteIfText(from);
    }

    String insertProspectLike(String from, String newId) throws SQLException {
        return insertLike("prospect", from, newId);
    }

    String insertServiceFor(String appointmentId, String serviceId) throws SQLException {
        String sql = insertLike("service", firstId("service"), serviceId);
        return sql.replace(" appointment_id,", " appointment_id,").replaceFirst("SELECT (.*?)appointment_id", "SELECT $1"
                + quoteIfText(appointmentId) + " AS appointment_id");
    }
}
