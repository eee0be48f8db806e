package dev.caravan.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.run.RunOwnership.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Who owns a run still marked running, and is it alive: plain JUnit, no database. */
class RunOwnershipTest {

    static final Duration STALE = Duration.ofSeconds(60);
    static final String SELF = "pod-a:100";

    static Verdict judge(String owner, long silentSeconds, boolean activeHere, boolean pidAlive) {
        return RunOwnership.judge(owner, Duration.ofSeconds(silentSeconds), STALE, SELF, activeHere, pid -> pidAlive);
    }

    @Test
    void aRunExecutingHereIsAliveWhateverItsHeartbeat() {
        assertEquals(Verdict.ALIVE, judge(SELF, 3600, true, false));
    }

    @Test
    void aRunOfThisProcessThatItNoLongerExecutesIsLostHereAndNotACrash() {
        assertEquals(Verdict.LOST_HERE, judge(SELF, 1, false, true));
        assertFalse(Verdict.LOST_HERE.processDied());
    }

    @Test
    void aDeadProcessOnThisHostIsFoundAtOnceWithoutWaitingForItsHeartbeat() {
        assertEquals(Verdict.PROCESS_GONE, judge("pod-a:200", 1, false, false));
        assertTrue(Verdict.PROCESS_GONE.processDied());
        assertEquals(Verdict.ALIVE, judge("pod-a:200", 1, false, true));
    }

    @Test
    void aReplicaOnAnotherHostIsJudgedByItsHeartbeatOnly() {
        // its pid means nothing here: a live pid 200 on this host must not keep it alive, nor a dead one kill it
        assertEquals(Verdict.ALIVE, judge("pod-b:200", 59, false, false));
        assertEquals(Verdict.SILENT, judge("pod-b:200", 61, false, true));
        assertTrue(Verdict.SILENT.processDied());
    }

    @Test
    void anOwnerWithoutAPidOrNoneAtAllIsJudgedByItsHeartbeat() {
        assertEquals(Verdict.ALIVE, judge("pod-a:notapid", 10, false, false));
        assertEquals(Verdict.SILENT, judge(null, 120, false, false));
    }

    @Test
    void hostNamesAreComparedWhole() {
        assertFalse(RunOwnership.sameHost("pod-a2:1", SELF));
        assertTrue(RunOwnership.sameHost("pod-a:1", SELF));
    }
}
