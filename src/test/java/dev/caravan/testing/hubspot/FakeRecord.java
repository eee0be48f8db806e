package dev.caravan.testing.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CRM record with its versions. Every modification appends a version, so the search endpoint can serve
 * the version its index had at a given moment (HubSpot: "It may take a few moments for newly created or
 * updated CRM objects to appear in search results", CRM search guide, Limits).
 *
 * <p>The JSON shape it is rendered to is SimplePublicObject: {@code id, properties, createdAt, updatedAt,
 * archived, archivedAt} (required: archived, createdAt, id, properties, updatedAt), from the official spec
 * PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/contacts.json.
 */
public final class FakeRecord {

    /** One version: when it was written, the property values then, and its date properties as epoch millis. */
    public record Version(Instant updatedAt, Map<String, String> properties, Map<String, Long> dateMillis) {

        static Version of(Instant updatedAt, Map<String, String> properties) {
            Map<String, Long> dates = new java.util.HashMap<>();
            for (String name : HubSpotData.DATE_PROPERTIES) {
                String v = properties.get(name);
                Long ms = v == null ? null : HubSpotData.epochMillis(v);
                if (ms != null) {
                    dates.put(name, ms);
                }
            }
            return new Version(updatedAt, Collections.unmodifiableMap(new LinkedHashMap<>(properties)), dates);
        }
    }

    private final HubSpotObjectType type;
    private final long id;
    private final Instant createdAt;
    private final List<Version> versions = new ArrayList<>();
    private Instant archivedAt;

    FakeRecord(HubSpotObjectType type, long id, Instant createdAt, Instant updatedAt, Map<String, String> properties) {
        this.type = type;
        this.id = id;
        this.createdAt = createdAt;
        versions.add(Version.of(updatedAt, properties));
    }

    public HubSpotObjectType type() {
        return type;
    }

    public long id() {
        return id;
    }

    public String idString() {
        return Long.toString(id);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public synchronized Instant updatedAt() {
        return current().updatedAt();
    }

    public synchronized Map<String, String> properties() {
        return current().properties();
    }

    public synchronized boolean archived() {
        return archivedAt != null;
    }

    public synchronized Instant archivedAt() {
        return archivedAt;
    }

    public synchronized List<Version> versions() {
        return List.copyOf(versions);
    }

    /** The newest version written at or before {@code indexedUpTo}, or null if the record was not indexed yet. */
    synchronized Version versionIndexedAt(Instant indexedUpTo) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            Version v = versions.get(i);
            if (!v.updatedAt().isAfter(indexedUpTo)) {
                return v;
            }
        }
        return null;
    }

    synchronized Version current() {
        return versions.get(versions.size() - 1);
    }

    /** Writes a new version: the changes applied, the modification-date property and updatedAt set to {@code at}. */
    synchronized void modify(Instant at, Map<String, String> changes) {
        Map<String, String> next = new LinkedHashMap<>(current().properties());
        next.putAll(changes);
        String stamp = FakeHubSpot.iso(at);
        next.put(type.modifiedProperty(), stamp);
        if (type == HubSpotObjectType.CONTACTS) {
            // Contacts carry both names (hs_lastmodifieddate exists on every object, see HubSpotData).
            next.put("hs_lastmodifieddate", stamp);
        }
        versions.add(Version.of(at, next));
    }

    synchronized void archive(Instant at) {
        if (archivedAt == null) {
            archivedAt = at;
        }
    }

    synchronized void restore() {
        archivedAt = null;
    }
}
