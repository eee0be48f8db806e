package dev.caravan.source.http;

import java.time.Instant;
import java.util.List;

/**
 * Where an API record stands in its read, carried by its {@code SourceRecord} to the batch
 * checkpoint that commits with it.
 *
 * @param id the record's id in its system (null when the record has none)
 * @param changedAt its change time (incremental field), or null
 * @param maxChanged the latest change time among every record read so far in this run, this one included
 * @param resume where a full read resumes once this record is committed: the page after it when it
 *        is its page's last record, else its own page again (null: the first page)
 * @param links the record's links to other objects (empty when the object has none or the links were not read)
 */
public record ApiPosition(String id, Instant changedAt, Instant maxChanged, PageToken resume, List<Link> links) {

    public ApiPosition {
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** One association: this record to {@code toId} of {@code toType}, with HubSpot's type id, label and category. */
    public record Link(String toType, String toId, int typeId, String label, String category) {
    }
}
