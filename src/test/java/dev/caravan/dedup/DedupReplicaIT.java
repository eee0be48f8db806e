package dev.caravan.dedup;

import static dev.caravan.dedup.DuplicateContacts.CONTACT_MERGES;
import static dev.caravan.dedup.DuplicateContacts.MERGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanProcess;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two packaged applications (as on two replicas, HOSTNAME apart) start a dedup pass of the same
 * object on one PostgreSQL at the same instant: one merges, the other says another replica is
 * deduplicating and exits 3 (not possible now), and nothing is merged twice. A pass of another object started while
 * the first runs is refused too (one advisory lock for every object, docs/quality.md "Limits"), and
 * runs once the first is done. The test holds a table lock the first slice needs, so the first pass
 * is sure to hold its advisory lock while the others try.
 */
class DedupReplicaIT {

    final DuplicateContacts contacts = new DuplicateContacts();

    @Test
    void twoPassesAtOnceOneMergesTheOtherIsRefusedAndAPassOfAnotherObjectWaitsItsTurn() throws Exception {
        DuplicateContacts.EndState reference = contacts.reference();
        String db = contacts.copy("twins");
        CaravanProcess a = null;
        CaravanProcess b = null;
        try (Connection hold = contacts.connect(db); Statement s = hold.createStatement()) {
            // The winner's first slice waits on this lock to re-point activities: its advisory lock stays held
            // until the test lets go, however slowly the other processes start.
            hold.setAutoCommit(false);
            s.execute("LOCK TABLE crm_activities IN SHARE MODE");
            a = contacts.start(db, "replica-a", Map.of("HOSTNAME", "replica-a"), DedupKillIT.PASS);
            b = contacts.start(db, "replica-b", Map.of("HOSTNAME", "replica-b"), DedupKillIT.PASS);
            awaitLockHeld(db, a, b);
            CaravanProcess companies = contacts.start(db, "companies-meanwhile", Map.of(), "dedup", "crm", "companies", "--json");
            assertTrue(companies.waitFor(120), "the companies pass ends");
            assertEquals(3, companies.exitValue(), companies.log());
            assertTrue(companies.log().contains("another replica is deduplicating now; crm.companies not done"), companies.log());
            assertEquals(0, contacts.count(db, "SELECT COUNT(*) FROM caravan_merge WHERE object = 'companies'"));
            long deadline = System.currentTimeMillis() + 120_000;
            while (a.isAlive() && b.isAlive()) {
                assertTrue(System.currentTimeMillis() < deadline, "neither contacts pass was refused");
                Thread.sleep(20);
            }
            CaravanProcess loser = a.isAlive() ? b : a;
            CaravanProcess winner = loser == a ? b : a;
            assertEquals(3, loser.exitValue(), loser.log());
            assertTrue(loser.log().contains("another replica is deduplicating now; crm.contacts not done"), loser.log());
            assertFalse(loser.log().contains("{\"system\""), "the refused pass reports no merges");
            assertTrue(winner.isAlive(), "the other pass is mid-slice");
            assertEquals(0, contacts.count(db, "SELECT COUNT(*) " + CONTACT_MERGES), "its slice in flight is not visible");
            hold.rollback();

            JsonNode r = contacts.finish(winner);
            System.out.printf("dedup faults: two passes at once: %s merged %d in %d ms; the other and the companies pass"
                    + " refused%n", winner == a ? "replica-a" : "replica-b", r.get("merged").asLong(), r.get("durationMs").asLong());
            assertEquals(MERGES, r.get("merged").asLong(), "one pass merged every group");
        } finally {
            for (CaravanProcess p : new CaravanProcess[] {a, b}) {
                if (p != null) {
                    p.close();
                }
            }
        }
        contacts.assertWhole(db);
        assertEquals(reference, contacts.endState(db), "the same end state as one pass alone");
        assertEquals(MERGES, contacts.count(db, "SELECT COUNT(*) " + CONTACT_MERGES), "no merge written twice");

        CaravanProcess companies = contacts.start(db, "companies-after", Map.of(), "dedup", "crm", "companies", "--json");
        assertEquals(1, contacts.finish(companies).get("merged").asLong(), "the companies pass runs once the lock is free");
        assertEquals("CO21", contacts.text(db, "SELECT merged_into FROM crm_companies WHERE company_id = 'CO22'"));
        assertEquals(reference, contacts.endState(db), "contacts untouched by the companies pass");
        contacts.drop(db);
    }

    /** Waits until one of the passes holds the dedup advisory lock of this database. */
    void awaitLockHeld(String db, CaravanProcess a, CaravanProcess b) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (contacts.count(db, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0) {
            assertTrue(a.isAlive() && b.isAlive(), "a pass ended before the lock was seen: " + a.log() + b.log());
            assertTrue(System.currentTimeMillis() < deadline, "no pass took the lock");
            Thread.sleep(20);
        }
    }
}
