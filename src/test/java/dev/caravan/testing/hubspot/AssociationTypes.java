package dev.caravan.testing.hubspot;

import static dev.caravan.testing.hubspot.HubSpotObjectType.COMPANIES;
import static dev.caravan.testing.hubspot.HubSpotObjectType.CONTACTS;
import static dev.caravan.testing.hubspot.HubSpotObjectType.DEALS;
import static dev.caravan.testing.hubspot.HubSpotObjectType.TICKETS;

import java.util.Map;

/**
 * HubSpot-defined association type ids (category {@code HUBSPOT_DEFINED}), from the "Association type ID values"
 * tables of HubSpot's Associations v4 guide (developers.hubspot.com/docs/api/crm/associations): contact to company
 * 279 (primary 1), company to contact 280 (primary 2), deal to contact 3, contact to deal 4, deal to company 341
 * (primary 5), company to deal 342 (primary 6), ticket to contact 16, contact to ticket 15, ticket to company 339
 * (primary 26), company to ticket 340 (primary 25), deal to ticket 27, ticket to deal 28.
 *
 * <p>Labels: the unlabeled type "will always returned in responses with a label value of null" (same guide). The
 * primary type's label is {@code "Primary"} as integrations observe it; HubSpot's changelog of 2024-02 renamed some
 * primary labels and says "labels should not be relied on … only the typeId should be used". Appointments have no
 * HubSpot-defined type ids in that table, so the fake has no appointment associations.
 */
final class AssociationTypes {

    static final String PRIMARY_LABEL = "Primary";

    private static final Map<String, Integer> UNLABELED = Map.ofEntries(
            Map.entry(key(CONTACTS, COMPANIES), 279), Map.entry(key(COMPANIES, CONTACTS), 280),
            Map.entry(key(DEALS, CONTACTS), 3), Map.entry(key(CONTACTS, DEALS), 4),
            Map.entry(key(DEALS, COMPANIES), 341), Map.entry(key(COMPANIES, DEALS), 342),
            Map.entry(key(TICKETS, CONTACTS), 16), Map.entry(key(CONTACTS, TICKETS), 15),
            Map.entry(key(TICKETS, COMPANIES), 339), Map.entry(key(COMPANIES, TICKETS), 340),
            Map.entry(key(DEALS, TICKETS), 27), Map.entry(key(TICKETS, DEALS), 28));

    private static final Map<String, Integer> PRIMARY = Map.of(
            key(CONTACTS, COMPANIES), 1, key(COMPANIES, CONTACTS), 2,
            key(DEALS, COMPANIES), 5, key(COMPANIES, DEALS), 6,
            key(TICKETS, COMPANIES), 26, key(COMPANIES, TICKETS), 25);

    private AssociationTypes() {
    }

    static boolean supported(HubSpotObjectType from, HubSpotObjectType to) {
        return UNLABELED.containsKey(key(from, to));
    }

    static int unlabeled(HubSpotObjectType from, HubSpotObjectType to) {
        Integer id = UNLABELED.get(key(from, to));
        if (id == null) {
            throw new IllegalArgumentException("no HubSpot-defined association type from " + from + " to " + to);
        }
        return id;
    }

    /** The primary type id, or null when the pair has none. */
    static Integer primary(HubSpotObjectType from, HubSpotObjectType to) {
        return PRIMARY.get(key(from, to));
    }

    private static String key(HubSpotObjectType from, HubSpotObjectType to) {
        return from.name() + ">" + to.name();
    }
}
