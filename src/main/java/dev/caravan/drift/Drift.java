package dev.caravan.drift;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A run's schema drift: source fields its definition does not know and known columns no record had.
 *
 * @param unknown at most {@link SchemaDrift#MAX_NAMES} cleaned names, in the order first seen
 * @param unknownCount how many distinct unknown names there were (the list may be shorter)
 * @param unknownCountAtLeast true when there were so many that the count is a lower bound
 * @param missing definition columns no record had, in definition order (at most {@link SchemaDrift#MAX_NAMES})
 * @param missingCount how many columns were missing
 */
@JsonPropertyOrder({"unknown", "unknownCount", "unknownCountAtLeast", "missing", "missingCount"})
public record Drift(List<String> unknown, long unknownCount, boolean unknownCountAtLeast, List<String> missing,
        long missingCount) {

    public static final Drift NONE = new Drift(List.of(), 0, false, List.of(), 0);

    public boolean any() {
        return unknownCount > 0 || missingCount > 0;
    }

    /** "Notes, Fax (+3 more)" for logs and the CLI: names are already cleaned of control characters. */
    public static String describe(List<String> names, long count, boolean atLeast) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.isEmpty() ? "" : ", ").append('\'').append(n).append('\'');
        }
        long more = count - names.size();
        if (more > 0) {
            sb.append(" (+").append(more).append(atLeast ? "+" : "").append(" more)");
        }
        return sb.toString();
    }

    public String describeUnknown() {
        return describe(unknown, unknownCount, unknownCountAtLeast);
    }

    public String describeMissing() {
        return describe(missing, missingCount, false);
    }
}
