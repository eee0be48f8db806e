package dev.caravan.sync;

import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.http.ApiPosition;
import dev.caravan.source.http.HttpResource;
import dev.caravan.warehouse.ApiRecordStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of API records writes besides their rows, in the batch's transaction: each record's
 * raw version and its links (replacing those stored). Shared by API syncs and webhook processing.
 *
 * @param last the position of the batch's last record (its checkpoint), or null for none
 */
public record ApiBatch(List<ApiRecordStore.Raw> raw, List<ApiRecordStore.Links> links, ApiPosition last, List<String> ids) {

    public static ApiBatch of(List<SourceRecord> records, HttpResource resource) {
        List<ApiRecordStore.Raw> raw = new ArrayList<>(records.size());
        Map<String, ApiRecordStore.Links> links = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(records.size());
        ApiPosition last = null;
        for (SourceRecord r : records) {
            if (!(r.position() instanceof ApiPosition p)) {
                continue;
            }
            last = p;
            if (p.id() == null) {
                continue;
            }
            ids.add(p.id());
            raw.add(new ApiRecordStore.Raw(p.id(), p.changedAt(), r.rawText()));
            if (resource.associations() != null) {
                for (String to : resource.associations().to()) {
                    links.put(p.id() + "\u0000" + to, new ApiRecordStore.Links(p.id(), to, new ArrayList<>()));
                }
                for (ApiPosition.Link l : p.links()) {
                    ApiRecordStore.Links forType = links.get(p.id() + "\u0000" + l.toType());
                    if (forType != null) {
                        forType.links().add(new ApiRecordStore.Link(l.toId(), l.typeId(), l.label(), l.category()));
                    }
                }
            }
        }
        return new ApiBatch(raw, new ArrayList<>(links.values()), last, ids);
    }

    /** Writes the raw versions and the links. */
    public void write(Connection c, ApiRecordStore store, ObjectDefinition d, HttpResource resource, long runId) throws SQLException {
        store.keepRaw(c, d.system(), d.object(), raw, runId);
        if (resource.associations() != null) {
            store.replaceLinks(c, resource.associations().table(), resource.associations().fromType(), links, runId);
        }
    }
}
