package dev.caravan.dedup;

import java.util.List;
import java.util.Map;

/**
 * What a dedup pass found and, unless a dry run, did.
 *
 * @param groups duplicate groups (two rows or more, merged before or not)
 * @param rowsInGroups rows in those groups, survivors included
 * @param pendingMerges merges the pass found to do (written unless a dry run)
 * @param merged merges written
 * @param alreadyMerged group members merged by an earlier pass
 * @param childrenRepointed child column values re-pointed to a survivor
 * @param columnsFilled survivor column values filled (or refreshed, or emptied again) from their group ({@code fill:})
 * @param sizes groups by size: "2", "3-5", "6-10", "11-100", "101+"
 * @param planMs time spent finding the groups (the rest of durationMs is writing the merges)
 * @param shown the largest groups with something pending (a dry run) or just merged, at most the limit asked
 */
public record DedupReport(String system, String object, boolean dryRun, long rowsScanned, long groups, long rowsInGroups,
        long pendingMerges, long merged, long alreadyMerged, long childrenRepointed, long columnsFilled, Map<String, Long> sizes,
        List<MergePlan.Group> shown, long planMs, long durationMs) {
}
