package dev.caravan.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the live replicas declare about the stored schedules. Every replica declares the schedules of
 * its own definitions, with their crons (a declaration per scheduler instance, see
 * {@link ReplicaSchedules}). A stored trigger no live replica declares is stale: so a replica with
 * fewer schedules (an older or a newer definition set, during a rollout) never removes one another
 * live replica still runs, and a schedule removed from the definitions goes once the last replica
 * declaring it is gone. A schedule's cron is the one of the most recently started live replica that
 * declares it, as camel-quartz reschedules a changed cron when a replica starts. A declaration is
 * live when its instance is this one, is checked in to the cluster, or was written less than the
 * grace ago (a starting replica declares before its first check-in).
 */
public final class StaleSchedules {

    /**
     * One replica's declaration: its scheduler instance id, when it started, and the trigger keys
     * ("group.name") it runs with their crons (empty for a schedule that is not a cron).
     */
    public record Declaration(String instanceId, long since, Map<String, String> schedules) {
    }

    /** What a sweep finds: the declared schedules with their newest declarer's cron, and the declarations of replicas gone. */
    public record Verdict(Map<String, String> cronByKey, List<String> goneInstances) {

        /** The stored triggers to remove: those no live replica declares. */
        public List<String> stale(Collection<String> stored) {
            return stored.stream().filter(t -> !cronByKey.containsKey(t)).sorted().toList();
        }

        /** The cron a declared schedule should have (empty when undeclared, or not a cron). */
        public Optional<String> cron(String key) {
            return Optional.ofNullable(cronByKey.get(key)).filter(c -> !c.isEmpty());
        }
    }

    private StaleSchedules() {
    }

    public static Verdict judge(Collection<Declaration> declarations, Collection<String> checkedIn, String self, long now, Duration grace) {
        List<Declaration> live = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (Declaration d : declarations) {
            if (d.instanceId().equals(self) || checkedIn.contains(d.instanceId()) || now - d.since() < grace.toMillis()) {
                live.add(d);
            } else {
                gone.add(d.instanceId());
            }
        }
        live.sort(Comparator.comparingLong(Declaration::since).thenComparing(Declaration::instanceId));
        Map<String, String> cronByKey = new HashMap<>();
        for (Declaration d : live) { // oldest first: a later start overrides
            cronByKey.putAll(d.schedules());
        }
        return new Verdict(cronByKey, gone);
    }
}
