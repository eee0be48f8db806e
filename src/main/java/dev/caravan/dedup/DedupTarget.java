package dev.caravan.dedup;

import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * What a dedup pass of one object touches: its table and key (identifiers from a validated
 * definition), its rules, and every child column that references it in any definition.
 */
public record DedupTarget(ObjectDefinition definition, DedupRules rules, List<ChildColumn> children) {

    /** A column of a child table holding the object's key ({@code references:} in the child's definition). */
    public record ChildColumn(ObjectDefinition child, String column) {

        public String table() {
            return child.table();
        }
    }

    public static DedupTarget of(DefinitionRegistry registry, ObjectDefinition d) {
        DedupRules rules = DedupRules.of(d);
        if (rules == null) {
            throw new IllegalArgumentException(d.qualifiedName() + " has no dedup: block in its definition");
        }
        return new DedupTarget(d, rules, childrenOf(registry, d));
    }

    public static List<ChildColumn> childrenOf(DefinitionRegistry registry, ObjectDefinition d) {
        List<ChildColumn> out = new ArrayList<>();
        for (ObjectDefinition other : registry.all()) {
            for (ColumnDefinition c : other.columns()) {
                if (d.qualifiedName().equals(c.references())) {
                    out.add(new ChildColumn(other, c.name()));
                }
            }
        }
        return List.copyOf(out);
    }

    public String table() {
        return definition.table();
    }

    public String key() {
        return definition.key().get(0);
    }

    public String system() {
        return definition.system();
    }

    public String object() {
        return definition.object();
    }
}
