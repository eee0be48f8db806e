package dev.caravan.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.schedule.ScheduleReplicas.Fire;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Schedules shared through Quartz's clustered store on one PostgreSQL, with packaged service
 * processes as replicas (each on a host name of its own) syncing a LeadConduit fake every few
 * seconds. Each fire runs on exactly one replica; the fires of a SIGKILLed replica are taken over
 * once Quartz finds it silent; fires missed while every replica was down run once at the next start;
 * a replica with fewer schedules (a rollout) neither runs nor deletes the others', and a schedule no
 * running replica declares any more is removed.
 */
class ClusteredScheduleIT {

    static final String EVERY_3S = "0/3 * * * * ?";

    @Test
    void aKilledReplicasFiresAreTakenOverMissedFiresRunOnceAtTheNextStartAndEveryFireRunsOnce() throws Exception {
        try (ScheduleReplicas r = new ScheduleReplicas()) {
            r.start("sched-a", EVERY_3S, null);
            r.start("sched-b", EVERY_3S, null);
            r.awaitScheduling("sched-a");
            r.awaitScheduling("sched-b");
            r.awaitFires("incremental", Instant.now(), 5, 60_000);

            // SIGKILL the replica that ran the latest fire, once its runs are closed
            r.awaitQuiet();
            String victim = r.fires().get(r.fires().size() - 1).host();
            String survivor = victim.equals("sched-a") ? "sched-b" : "sched-a";
            r.processes.get(victim).kill();
            Instant killed = Instant.now();
            List<Fire> after = r.awaitFires("incremental", killed, 4, 60_000);
            Duration takeover = Duration.between(killed, after.get(0).at());
            assertTrue(takeover.compareTo(ScheduleReplicas.CHECKIN.plus(ScheduleReplicas.QUARTZ_GRACE).plusSeconds(5)) <= 0,
                    "the survivor fired " + takeover + " after the kill (check-in " + ScheduleReplicas.CHECKIN + " + 7.5 s + a period)");
            assertTrue(after.stream().allMatch(f -> f.host().equals(survivor)), "every fire after the kill on " + survivor + ": " + after);
            assertTrue(r.fires().stream().filter(f -> f.host().equals(victim)).allMatch(f -> f.at().isBefore(killed)));

            // every replica down past several fire times, then one start: one catch-up fire, then the cadence
            r.awaitQuiet();
            assertTrue(r.processes.get(survivor).terminate(60) >= 0, "the survivor stops on SIGTERM");
            Instant down = Instant.now();
            Thread.sleep(10_000);
            r.start("sched-c", EVERY_3S, null);
            r.awaitScheduling("sched-c");
            Instant up = Instant.now();
            List<Fire> restarted = r.awaitFires("incremental", down, 4, 60_000);
            List<Fire> offGrid = restarted.stream().filter(f -> f.at().toEpochMilli() % 3000 != 0).toList();
            assertEquals(1, offGrid.size(), "one catch-up fire: " + restarted);
            assertEquals(offGrid.get(0), restarted.get(0), "the catch-up comes first, then the cadence: " + restarted);
            assertTrue(restarted.stream().allMatch(f -> f.host().equals("sched-c")));
            long missed = (up.toEpochMilli() / 3000) - (down.toEpochMilli() / 3000);
            assertTrue(missed >= 3, missed + " fire times passed while every replica was down");
            for (int i = 2; i < restarted.size(); i++) {
                assertEquals(3000, Duration.between(restarted.get(i - 1).at(), restarted.get(i).at()).toMillis(),
                        "the normal cadence after the catch-up: " + restarted);
            }

            assertEachFireRanOnce(r);
        }
    }

    @Test
    void aReplicaWithFewerSchedulesNeitherRunsNorDeletesAnothersAndAScheduleNoReplicaDeclaresIsRemoved() throws Exception {
        try (ScheduleReplicas r = new ScheduleReplicas()) {
            r.start("newer", "0/4 * * * * ?", "2/4 * * * * ?");
            r.awaitScheduling("newer");
            r.start("older", "0/4 * * * * ?", null); // its definitions have no full-sync schedule
            r.awaitScheduling("older");
            Instant both = Instant.now();
            r.awaitFires("incremental", both, 4, 60_000);
            r.awaitFires("full", both, 1, 60_000);
            assertTrue(r.fires("full").stream().allMatch(f -> f.host().equals("newer")), "full syncs only where declared: " + r.fires("full"));
            assertEquals(1, r.count("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name = 'leadconduit-full'"),
                    "the older replica did not delete the newer one's schedule");

            r.awaitQuiet();
            assertTrue(r.processes.get("newer").terminate(60) >= 0);
            Instant gone = Instant.now();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!r.processes.get("older").log().contains("Schedule caravan-sync.leadconduit-full removed")) {
                assertTrue(System.currentTimeMillis() < deadline, "the undeclared schedule was not removed:\n"
                        + ScheduleReplicas.tail(r.processes.get("older")));
                Thread.sleep(100);
            }
            assertEquals(0, r.count("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name = 'leadconduit-full'"));
            r.awaitFires("incremental", Instant.now(), 2, 30_000);
            assertTrue(r.fires("full").stream().noneMatch(f -> f.at().isAfter(gone)), "no full sync once removed: " + r.fires("full"));

            // a cron edited in the definitions: the replica starting with it reschedules the stored trigger; the
            // older replica may fire the copy it had acquired once more (Quartz), and its next fire repairs the cron
            r.start("edited", "1/4 * * * * ?", null);
            r.awaitScheduling("edited");
            Instant editedUp = Instant.now();
            String edit = "SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_name = 'leadconduit-incremental'";
            List<Fire> edited = r.awaitFires("incremental", editedUp, 4, 40_000);
            List<Fire> oldGrid = edited.stream().filter(f -> f.at().getEpochSecond() % 4 != 1).toList();
            assertTrue(oldGrid.size() <= 1 && (oldGrid.isEmpty() || oldGrid.get(0).equals(edited.get(0))),
                    "at most the copy the older replica had acquired fires on the old cron, first: " + edited);
            assertEquals("1/4 * * * * ?", r.text(edit), "the edited cron stays, whichever replica fires");

            assertEachFireRanOnce(r);
        }
    }

    /**
     * No fire of a schedule twice across replicas, one run of each LeadConduit object per fire (but a
     * fire the replica's own lock turned away while its other schedule of the source still synced),
     * every run completed, and no fire skipped because another replica was syncing.
     */
    static void assertEachFireRanOnce(ScheduleReplicas r) throws InterruptedException {
        r.awaitQuiet();
        List<Fire> fires = r.fires();
        Set<String> seen = new HashSet<>();
        for (Fire f : fires) {
            assertTrue(seen.add(f.mode() + "@" + f.at()), "the " + f.mode() + " fire of " + f.at() + " ran twice: " + fires);
        }
        assertEquals(0, r.count("SELECT COUNT(*) FROM caravan_run WHERE triggered_by = 'schedule' AND status <> 'completed'"),
                "every scheduled run completed");
        assertFalse(r.allLogs().contains("another replica is syncing"), "no fire skipped for another replica");
    }
}
