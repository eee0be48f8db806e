package dev.caravan.testing.hubspot;

import java.util.List;
import java.util.Locale;

/**
 * The CRM object types the fake serves, with the names HubSpot accepts for them in a URL.
 *
 * <p>Sources:
 * <ul>
 *   <li>Object type IDs in the URL: HubSpot's "Using object APIs" guide ("To request a list of all records for
 *       an object, make a GET request to /crm/v3/objects/{objectTypeId}", e.g. crm/v3/objects/0-1); the ids 0-1,
 *       0-2, 0-3, 0-5 are those of the object type ID table in "Understanding the CRM". Singular names in v4
 *       association URLs: the Associations v4 guide ("for contacts, companies, deals, tickets, and notes, you can
 *       use the object name (e.g., contact, company)").</li>
 *   <li>Appointments: the official OpenAPI spec HubSpot/HubSpot-public-api-spec-collection,
 *       PublicApiSpecs/CRM/Appointments/Rollouts/424/v3/appointments.json: "Identify the appointment
 *       object type with its object type ID 0-421"; its paths are {@code /crm/objects/v3/{objectType}}.</li>
 *   <li>Default properties returned when none are asked for: the CRM search guide
 *       (developers.hubspot.com/docs/api-reference/search/guide, table "Searchable CRM objects").
 *       Appointments are not in that table; the fake gives them the set the guide lists for the other
 *       non-engagement objects (carts, leads, orders): createdate, hs_lastmodifieddate, hs_object_id.
 *       That is an assumption, said so in README.md.</li>
 *   <li>Modification-date property: {@code lastmodifieddate} for contacts, {@code hs_lastmodifieddate}
 *       for the others (search guide response examples; issue 7).</li>
 * </ul>
 */
public enum HubSpotObjectType {

    CONTACTS("contacts", "contact", "0-1", "createdate", "lastmodifieddate",
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
            List.of("firstname", "lastname", "email", "phone", "mobilephone", "company")),
    COMPANIES("companies", "company", "0-2", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"),
            List.of("website", "phone", "name", "domain")),
    DEALS("deals", "deal", "0-3", "createdate", "hs_lastmodifieddate",
            List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline"),
            List.of("dealname", "pipeline", "dealstage", "description", "dealtype")),
    TICKETS("tickets", "ticket", "0-5", "createdate", "hs_lastmodifieddate",
            List.of("content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline",
                    "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"),
            List.of("subject", "content", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_id")),
    APPOINTMENTS("appointments", "appointment", "0-421", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "hs_lastmodifieddate", "hs_object_id"),
            List.of("hs_appointment_name"));

    private final String plural;
    private final String singular;
    private final String typeId;
    private final String createdProperty;
    private final String modifiedProperty;
    private final List<String> defaultProperties;
    private final List<String> searchableProperties;

    HubSpotObjectType(String plural, String singular, String typeId, String createdProperty, String modifiedProperty,
            List<String> defaultProperties, List<String> searchableProperties) {
        this.plural = plural;
        this.singular = singular;
        this.typeId = typeId;
        this.createdProperty = createdProperty;
        this.modifiedProperty = modifiedProperty;
        this.defaultProperties = defaultProperties;
        this.searchableProperties = searchableProperties;
    }

    /** The name used in v3 object paths, e.g. {@code contacts}. */
    public String plural() {
        return plural;
    }

    /** The singular name HubSpot uses in association error messages and context, e.g. {@code contact}. */
    public String singular() {
        return singular;
    }

    /** The objectTypeId, e.g. {@code 0-1}. */
    public String typeId() {
        return typeId;
    }

    public String createdProperty() {
        return createdProperty;
    }

    /** {@code lastmodifieddate} for contacts, {@code hs_lastmodifieddate} for the others. */
    public String modifiedProperty() {
        return modifiedProperty;
    }

    /** Properties returned when a request names none. */
    public List<String> defaultProperties() {
        return defaultProperties;
    }

    /** Properties a search {@code query} string is matched against. */
    public List<String> searchableProperties() {
        return searchableProperties;
    }

    /** The type for a path segment: plural, singular or objectTypeId, any case; null when unknown. */
    public static HubSpotObjectType fromPath(String segment) {
        String s = segment.toLowerCase(Locale.ROOT);
        for (HubSpotObjectType t : values()) {
            if (t.plural.equals(s) || t.singular.equals(s) || t.typeId.equals(s)) {
                return t;
            }
        }
        return null;
    }
}
