package dev.caravan.run;

import java.time.Duration;

/**
 * Whether the owner of a run still marked running is alive. The owner is "host:pid": on this host
 * the process can be looked up; on any host its heartbeat, measured by the warehouse's clock, tells.
 */
public final class RunOwnership {

    /** The verdict on a running run's owner. */
    public enum Verdict {
        /** beating, or executing in this process */
        ALIVE,
        /** this very process, which no longer executes it: its end could not be recorded */
        LOST_HERE,
        /** a process of this host that has ended (killed, crashed) */
        PROCESS_GONE,
        /** no heartbeat for longer than allowed: a dead replica on another host */
        SILENT;

        public boolean processDied() {
            return this == PROCESS_GONE || this == SILENT;
        }
    }

    private RunOwnership() {
    }

    /**
     * @param self this process as "host:pid"
     * @param activeHere whether this process executes the run now
     * @param pidAlive whether a pid of this host is a live process
     */
    public static Verdict judge(String owner, Duration silence, Duration staleAfter, String self, boolean activeHere,
            java.util.function.LongPredicate pidAlive) {
        if (activeHere) {
            return Verdict.ALIVE;
        }
        if (self.equals(owner)) {
            return Verdict.LOST_HERE;
        }
        if (owner != null && sameHost(owner, self)) {
            try {
                long pid = Long.parseLong(owner.substring(owner.lastIndexOf(':') + 1));
                if (!pidAlive.test(pid)) {
                    return Verdict.PROCESS_GONE;
                }
            } catch (NumberFormatException e) {
                // not "host:pid": judged by its heartbeat only
            }
        }
        return silence.compareTo(staleAfter) > 0 ? Verdict.SILENT : Verdict.ALIVE;
    }

    static boolean sameHost(String owner, String self) {
        int a = owner.lastIndexOf(':');
        int b = self.lastIndexOf(':');
        return a > 0 && b > 0 && owner.substring(0, a).equals(self.substring(0, b));
    }

    /** Words for the run log's error: "abandoned: …". */
    public static String describe(Verdict v, String owner, Duration silence) {
        return switch (v) {
            case LOST_HERE -> "this process could not record the end of the run (the warehouse was unreachable)";
            case PROCESS_GONE -> "its process " + owner + " ended before recording the end of the run";
            case SILENT -> "its owner " + owner + " stopped beating " + silence.toSeconds() + " s ago (replica gone)";
            case ALIVE -> "alive";
        };
    }
}
