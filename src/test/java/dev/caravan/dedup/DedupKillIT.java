package dev.caravan.dedup;

import static dev.caravan.dedup.DuplicateContacts.CONTACT_MERGES;
import static dev.caravan.dedup.DuplicateContacts.GROUPS;
import static dev.caravan.dedup.DuplicateContacts.MERGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A dedup pass over 106,300 contacts (6,299 merges, 1,000 per transaction) in the packaged
 * application on PostgreSQL, killed (SIGKILL) or stopped (SIGTERM) once merges are committing: only
 * whole slices are left, every child follows its contact, and the next pass ends exactly where an
 * uninterrupted pass over an identical copy ends, merging nothing twice.
 */
class DedupKillIT {

    static final String[] PASS = {"dedup", "crm", "contacts", "--json", "--show", "0"};

    final DuplicateContacts contacts = new DuplicateContacts();

    @Test
    void aPassKilledMidMergeLeavesWholeSlicesAndTheNextPassEndsWhereAnUninterruptedOneDoes() throws Exception {
        DuplicateContacts.EndState reference = contacts.reference();
        String db = contacts.copy("kill");
        CaravanProcess pass = contacts.start(db, "killed", Map.of(), PASS);
        long seen = contacts.awaitMerges(db, pass, 1);
        pass.kill();
        long committed = merges(db);
        System.out.printf("dedup faults: SIGKILL with %d merges seen, %d of %d committed%n", seen, committed, MERGES);
        assertTrue(committed > 0 && committed < MERGES, "killed mid-merge: " + committed);
        assertEquals(0, committed % DedupService.SLICE, "only whole slices committed: " + committed);
        contacts.assertWhole(db);

        CaravanProcess next = contacts.start(db, "after-kill", Map.of(), PASS);
        JsonNode r = contacts.finish(next); // the dead session's advisory lock was released: the pass ran
        System.out.printf("dedup faults: next pass after the kill: %d merged, %d merged before, %d ms%n",
                r.get("merged").asLong(), r.get("alreadyMerged").asLong(), r.get("durationMs").asLong());
        assertEquals(GROUPS, r.get("groups").asLong());
        assertEquals(MERGES - committed, r.get("merged").asLong(), "merges only what the killed pass had not");
        assertEquals(committed, r.get("alreadyMerged").asLong());
        contacts.assertWhole(db);
        assertEquals(reference, contacts.endState(db), "the same end state as one uninterrupted pass");
        assertEquals(0, contacts.count(db, "SELECT COUNT(*) FROM caravan_match_key"), "scratch table emptied");
        contacts.drop(db);
    }

    @Test
    void sigtermStopsAPassAtASliceBoundaryInTheCliAndInTheServiceAndTheNextPassFinishesIt() throws Exception {
        DuplicateContacts.EndState reference = contacts.reference();
        String db = contacts.copy("term");
        CaravanProcess cli = contacts.start(db, "cli-term", Map.of(), PASS);
        contacts.awaitMerges(db, cli, 1);
        long cliMerges = terminate(db, cli, "CLI pass");

        // The service: a file of contacts (C1, C2: in no group) lands, and the pass after its run starts.
        Path inbox = contacts.work(db).resolve("inbox");
        Path dir = Files.createDirectories(inbox.resolve("crm/contacts"));
        Files.writeString(dir.resolve("again.csv.part"), "contact_id,company_id,first_name,last_name,email\n"
                + "C1,CO2,Pat,Last1,person1@example.com\nC2,CO3,Pat,Last2,person2@example.com\n");
        Files.move(dir.resolve("again.csv.part"), dir.resolve("again.csv"));
        CaravanProcess service = contacts.start(db, "service-term", Map.of("CARAVAN_INBOX_SETTLE", "300ms",
                "CARAVAN_INBOX_POLL_MS", "300"), "serve");
        contacts.awaitMerges(db, service, cliMerges + 1);
        long serviceMerges = terminate(db, service, "service's after-run pass");
        assertTrue(service.log().contains("Run 1: dedup of crm.contacts interrupted"), service.log());
        assertEquals(1, contacts.count(db, "SELECT COUNT(*) FROM caravan_run WHERE id = 1 AND status = 'completed'"
                + " AND rows_updated = 2"), "the import run keeps its outcome");
        assertEquals(0, contacts.count(db, "SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"), "no run left running");
        try (Stream<Path> done = Files.list(inbox.resolve(".done/crm/contacts"))) {
            assertTrue(done.anyMatch(f -> f.getFileName().toString().endsWith("again.csv")), "the file is done");
        }

        CaravanProcess next = contacts.start(db, "after-term", Map.of(), PASS);
        JsonNode r = contacts.finish(next);
        assertEquals(MERGES - serviceMerges, r.get("merged").asLong(), "merges only what the stopped passes had not");
        assertEquals(serviceMerges, r.get("alreadyMerged").asLong());
        contacts.assertWhole(db);
        assertEquals(reference, contacts.endState(db), "the same end state as one uninterrupted pass");
        assertEquals(0, contacts.count(db, "SELECT COUNT(*) FROM caravan_run WHERE status = 'running'"));
        contacts.drop(db);
    }

    /** SIGTERM mid-merge: the process exits within 30 s, having stopped the pass at a slice boundary and said so. */
    long terminate(String db, CaravanProcess p, String what) throws Exception {
        long before = merges(db);
        long t = System.nanoTime();
        int code = p.terminate(30);
        long ms = (System.nanoTime() - t) / 1_000_000;
        long after = merges(db);
        System.out.printf("dedup faults: SIGTERM of the %s at %d merges: exit %d after %d ms, %d of %d merges committed%n",
                what, before, code, ms, after, MERGES);
        assertNotEquals(-1, code, what + " exits within 30 s");
        assertTrue(after < MERGES, what + " stopped before the end: " + after);
        assertEquals(0, after % DedupService.SLICE, what + ": only whole slices committed: " + after);
        assertTrue(p.log().contains("dedup of crm.contacts interrupted (shutting down)"), p.log());
        assertFalse(p.log().contains("connection has been closed"), what + ": the warehouse stays open until the slice ends");
        contacts.assertWhole(db);
        return after;
    }

    long merges(String db) throws Exception {
        return contacts.count(db, "SELECT COUNT(*) " + CONTACT_MERGES);
    }
}
