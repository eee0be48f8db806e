package dev.caravan.warehouse;

import dev.caravan.clean.RowIssue;
import dev.caravan.source.ReplayPosition;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.StoredRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the problems of one batch to caravan_reject, in the batch's transaction: one row per problem,
 * with the raw record. The rows of one record share its {@code record_no} (unique within the run:
 * the records the run read before the batch, plus the record's rank among the batch's records with
 * problems; a replayed record keeps its number from the original run). The first row of a rejected
 * record also holds its {@link StoredRecord} form, which a replay feeds again (not for dry runs).
 */
final class RejectStore {

    private RejectStore() {
    }

    static void write(Connection c, Batch batch, List<RowIssue> issues, List<SourceRecord> sources)
            throws SQLException {
        if (issues.isEmpty()) {
            return;
        }
        long base = batch.totalsBefore().read;
        Map<SourceRecord, Long> numbers = new IdentityHashMap<>();
        Set<SourceRecord> stored = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO caravan_reject (run_id, line_number, column_name,"
                + " action, reason, raw_record, record_no, replay_record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < issues.size(); i++) {
                RowIssue issue = issues.get(i);
                SourceRecord source = sources.get(i);
                ps.setLong(1, batch.runId());
                if (issue.line() > 0) {
                    ps.setLong(2, issue.line());
                } else {
                    ps.setNull(2, Types.BIGINT);
                }
                ps.setString(3, issue.column());
                ps.setString(4, issue.rejected() ? "rejected" : "nulled");
                ps.setString(5, RunLog.truncate(issue.reason(), RunLog.MAX_TEXT));
                ps.setString(6, source == null ? null : RunLog.truncate(source.text(), RunLog.MAX_RAW));
                if (source == null) {
                    ps.setNull(7, Types.BIGINT);
                } else {
                    ps.setLong(7, source.position() instanceof ReplayPosition p ? p.recordNo()
                            : numbers.computeIfAbsent(source, s -> base + numbers.size() + 1));
                }
                String replay = null;
                if (issue.rejected() && !batch.dryRun() && source != null && stored.add(source)) {
                    replay = StoredRecord.encode(source);
                }
                ps.setString(8, replay);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
