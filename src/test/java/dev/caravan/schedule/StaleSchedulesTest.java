package dev.caravan.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.schedule.StaleSchedules.Declaration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which stored schedules the live replicas still declare, and whose cron wins: plain JUnit. */
class StaleSchedulesTest {

    static final long NOW = 10_000_000;
    static final Duration GRACE = Duration.ofMinutes(5);
    static final String INC = "caravan-sync.genius-incremental";
    static final String FULL = "caravan-sync.genius-full";
    static final String QUALITY = "caravan-quality.checks";

    @Test
    void aReplicaWithFewerSchedulesKeepsTheOnesAnotherLiveReplicaDeclares() {
        // mid-rollout: "new" has dropped the full sync, "old" still runs it and is checked in
        var verdict = StaleSchedules.judge(List.of(
                new Declaration("old", NOW - 3_600_000, Map.of(INC, "0 0/15 * * * ?", FULL, "0 30 2 * * ?")),
                new Declaration("new", NOW - 60_000, Map.of(INC, "0 0/15 * * * ?"))), Set.of("old", "new"), "new", NOW, GRACE);
        assertEquals(List.of(), verdict.stale(List.of(INC, FULL)));
        assertEquals(List.of(), verdict.goneInstances());
    }

    @Test
    void aScheduleGoesOnceTheLastReplicaDeclaringItIsGone() {
        // "old" stopped without withdrawing (SIGKILL): Quartz no longer lists it, and its declaration is past the grace
        var verdict = StaleSchedules.judge(List.of(
                new Declaration("old", NOW - 3_600_000, Map.of(INC, "0 0/15 * * * ?", FULL, "0 30 2 * * ?")),
                new Declaration("new", NOW - 60_000, Map.of(INC, "0 0/15 * * * ?", QUALITY, "0 23 * * * ?"))),
                Set.of("new"), "new", NOW, GRACE);
        assertEquals(List.of(FULL), verdict.stale(List.of(INC, FULL, QUALITY)));
        assertEquals(List.of("old"), verdict.goneInstances());
    }

    @Test
    void aStartingReplicaNotCheckedInYetStillCountsWithinTheGrace() {
        // "newer" declared a new schedule before its first check-in; "self" must not delete it
        var verdict = StaleSchedules.judge(List.of(
                new Declaration("self", NOW - 3_600_000, Map.of(INC, "0 0/15 * * * ?")),
                new Declaration("newer", NOW - 2_000, Map.of(INC, "0 0/15 * * * ?", FULL, "0 0 1 * * ?"))),
                Set.of("self"), "self", NOW, GRACE);
        assertEquals(List.of(), verdict.stale(List.of(INC, FULL)));
    }

    @Test
    void theOnlyReplicaAfterAnOutageKeepsItsOwnSchedulesForTheCatchUp() {
        // every replica was down; the first one back is not checked in yet when it sweeps, and others' rows are stale
        var verdict = StaleSchedules.judge(List.of(new Declaration("back", NOW - 10, Map.of(INC, "0 0/15 * * * ?")),
                new Declaration("dead", NOW - 7_200_000, Map.of(INC, "0 0/15 * * * ?"))), Set.of("dead"), "back", NOW, GRACE);
        assertEquals(List.of(), verdict.stale(List.of(INC)), "the missed fire can still run once");
    }

    @Test
    void theCronOfTheMostRecentlyStartedLiveReplicaWins() {
        var verdict = StaleSchedules.judge(List.of(
                new Declaration("b", NOW - 60_000, Map.of(INC, "0 1/15 * * * ?")),
                new Declaration("a", NOW - 3_600_000, Map.of(INC, "0 0/15 * * * ?"))), Set.of("a", "b"), "a", NOW, GRACE);
        assertEquals(Optional.of("0 1/15 * * * ?"), verdict.cron(INC));
    }

    @Test
    void aNewestReplicaWhoseCronsAreNotWrittenYetRepairsNothing() {
        // declared at endpoint creation, crons added once its routes run: no cron to enforce meanwhile
        var verdict = StaleSchedules.judge(List.of(
                new Declaration("a", NOW - 3_600_000, Map.of(INC, "0 0/15 * * * ?")),
                new Declaration("b", NOW - 1_000, Map.of(INC, ""))), Set.of("a"), "a", NOW, GRACE);
        assertEquals(Optional.empty(), verdict.cron(INC));
        assertEquals(List.of(), verdict.stale(List.of(INC)));
    }
}
