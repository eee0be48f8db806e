package dev.caravan.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.BatchOptions;
import dev.caravan.pipeline.BatchSizeLimit;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.Pipeline;
import dev.caravan.pipeline.PipelineFailure;
import dev.caravan.pipeline.RunMetrics;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.run.RunInterruptedException;
import dev.caravan.run.RunRegistry;
import dev.caravan.run.RunSweeper;
import dev.caravan.source.RecordReader;
import dev.caravan.source.RowPosition;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.SourceUnavailableException;
import dev.caravan.source.database.DatabaseRecordReader;
import dev.caravan.warehouse.Batch;
import dev.caravan.warehouse.BatchCheckpoint;
import dev.caravan.warehouse.RetryPolicy;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Rows held by earlier runs of a database sync (their parent had not arrived), fed again before the source's. */
final class HeldRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HeldRows() {
    }

    /** The rows held by earlier runs, fed again first. */
    static List<SourceRecord> load(Warehouse warehouse, ObjectDefinition d) {
        List<SourceRecord> out = new ArrayList<>();
        Map<List<String>, HeaderMapping> mappings = new LinkedHashMap<>();
        try (Connection c = warehouse.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT key_text, record FROM caravan_held_row WHERE source = ?"
                        + " AND object = ? ORDER BY id")) {
            ps.setString(1, d.system());
            ps.setString(2, d.object());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode node = JSON.readTree(rs.getString(2));
                    List<String> headers = new ArrayList<>();
                    List<String> values = new ArrayList<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        headers.add(f.getKey());
                        values.add(f.getValue().isNull() ? null : f.getValue().asText());
                    }
                    HeaderMapping mapping = mappings.computeIfAbsent(headers, h -> HeaderMapping.of(d, h));
                    out.add(new SourceRecord(0, mapping, values.toArray(new String[0]), rs.getString(2), ',', null,
                            new RowPosition(rs.getString(1), null, true)));
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read held rows of " + d.qualifiedName() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Held rows first, then the source table. */
    static final class ThenReader implements RecordReader {
        private final Deque<SourceRecord> first;
        private final RecordReader then;

        ThenReader(List<SourceRecord> first, RecordReader then) {
            this.first = new ArrayDeque<>(first);
            this.then = then;
        }

        @Override
        public SourceRecord next() throws java.io.IOException {
            return first.isEmpty() ? then.next() : first.poll();
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public void close() throws java.io.IOException {
            then.close();
        }
    }
}
