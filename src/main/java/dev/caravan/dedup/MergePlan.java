package dev.caravan.dedup;

import java.util.List;

/**
 * What a dedup pass found: the duplicate groups, and the merges that would bring each group onto
 * one survivor (none for a group already merged).
 *
 * @param groups every group of two rows or more, largest first
 * @param merges the merges to write, grouped by survivor
 * @param alreadyMerged rows of the groups whose merged_into already points at their survivor
 */
public record MergePlan(List<Group> groups, List<Merge> merges, long rowsScanned, long alreadyMerged) {

    /**
     * A group: its survivor, and each other member with the rule that joined it (null: merged before);
     * {@code size} counts the survivor and every member (a report may list fewer members).
     */
    public record Group(String survivor, List<Member> members, boolean pending, int size) {

        public Group(String survivor, List<Member> members, boolean pending) {
            this(survivor, members, pending, members.size() + 1);
        }
    }

    public record Member(String key, String rule, boolean merged) {
    }

    /**
     * One row to point at a survivor. {@code remerge}: the row was merged into a row that is now
     * merged itself; its active merge is superseded and keeps its rule.
     */
    public record Merge(String survivor, String merged, String rule, boolean remerge) {
    }
}
