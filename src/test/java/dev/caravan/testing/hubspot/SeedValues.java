package dev.caravan.testing.hubspot;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic property values for seeded records. Names are HubSpot's default property names; enumerated values
 * are the internal values of HubSpot's default options:
 * <ul>
 *   <li>contact {@code lifecyclestage}: subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity,
 *       customer, evangelist, other;</li>
 *   <li>deal {@code pipeline} "default" and its stages appointmentscheduled … closedwon, closedlost;</li>
 *   <li>ticket {@code hs_pipeline} "0" with stages "1" (new) … "4" (closed);</li>
 *   <li>appointment {@code hs_appointment_status}: the appointments guide's example value SCHEDULED, plus
 *       COMPLETED and CANCELED (assumed).</li>
 * </ul>
 * Phone numbers come in several spellings on purpose, as real CRMs hold them, so cleaning has work to do.
 */
final class SeedValues {

    private static final List<String> FIRST = List.of("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances",
            "Ken", "Margaret", "Dennis", "Radia", "Tim", "Hedy", "Linus", "Katherine", "John");
    private static final List<String> LAST = List.of("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth",
            "Allen", "Thompson", "Hamilton", "Ritchie", "Perlman", "Berners-Lee", "Lamarr", "Torvalds", "Johnson",
            "McCarthy");
    private static final List<String> LIFECYCLE = List.of("subscriber", "lead", "marketingqualifiedlead",
            "salesqualifiedlead", "opportunity", "customer", "evangelist", "other");
    private static final List<String> INDUSTRY = List.of("COMPUTER_SOFTWARE", "CONSTRUCTION", "FINANCIAL_SERVICES",
            "HOSPITAL_HEALTH_CARE", "MARKETING_AND_ADVERTISING", "REAL_ESTATE", "RETAIL", "UTILITIES");
    private static final List<String> DEAL_STAGES = List.of("appointmentscheduled", "qualifiedtobuy",
            "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon", "closedlost");
    private static final List<String> TICKET_STAGES = List.of("1", "2", "3", "4");
    private static final List<String> PRIORITY = List.of("LOW", "MEDIUM", "HIGH");
    private static final List<String> APPOINTMENT_STATUS = List.of("SCHEDULED", "COMPLETED", "CANCELED");
    private static final List<String> CITIES = List.of("Boston", "Austin", "Denver", "Portland", "Raleigh", "Tampa");

    private SeedValues() {
    }

    static Map<String, String> properties(HubSpotObjectType type, long id, int n, Random random) {
        Map<String, String> p = new LinkedHashMap<>();
        switch (type) {
            case CONTACTS -> {
                String first = FIRST.get(n % FIRST.size());
                String last = LAST.get((n * 7 + n / FIRST.size()) % LAST.size());
                p.put("email", (first + "." + last + "." + n + "@example.com").toLowerCase());
                p.put("firstname", first);
                p.put("lastname", last);
                p.put("phone", phone(n));
                p.put("lifecyclestage", LIFECYCLE.get(random.nextInt(LIFECYCLE.size())));
                p.put("company", "Company " + (n % 97));
                p.put("city", CITIES.get(n % CITIES.size()));
            }
            case COMPANIES -> {
                p.put("name", "Company " + n);
                p.put("domain", "company" + n + ".example.com");
                p.put("industry", INDUSTRY.get(random.nextInt(INDUSTRY.size())));
                p.put("phone", phone(n + 7));
                p.put("city", CITIES.get(n % CITIES.size()));
                p.put("country", "United States");
                p.put("numberofemployees", Integer.toString(5 + random.nextInt(5000)));
                p.put("annualrevenue", Integer.toString((1 + random.nextInt(900)) * 10_000));
            }
            case DEALS -> {
                p.put("dealname", "Deal " + n);
                p.put("amount", (100 + random.nextInt(99_900)) + "." + String.format("%02d", random.nextInt(100)));
                p.put("dealstage", DEAL_STAGES.get(random.nextInt(DEAL_STAGES.size())));
                p.put("pipeline", "default");
                p.put("closedate", FakeHubSpot.iso(Instant.parse("2024-01-01T00:00:00Z")
                        .plus(random.nextInt(730), ChronoUnit.DAYS).plusMillis(random.nextInt(86_400_000))));
            }
            case TICKETS -> {
                p.put("subject", "Ticket " + n + ": " + (n % 2 == 0 ? "cannot log in" : "invoice question"));
                p.put("content", "Customer wrote about ticket " + n + ".");
                p.put("hs_pipeline", "0");
                p.put("hs_pipeline_stage", TICKET_STAGES.get(random.nextInt(TICKET_STAGES.size())));
                p.put("hs_ticket_priority", PRIORITY.get(random.nextInt(PRIORITY.size())));
                p.put("hs_ticket_category", n % 3 == 0 ? "BILLING_ISSUE" : "PRODUCT_ISSUE");
            }
            case APPOINTMENTS -> {
                Instant start = Instant.parse("2024-01-01T09:00:00Z").plus(random.nextInt(730), ChronoUnit.DAYS)
                        .plus(random.nextInt(8), ChronoUnit.HOURS);
                p.put("hs_appointment_name", "Appointment " + n);
                p.put("hs_appointment_start", FakeHubSpot.iso(start));
                p.put("hs_appointment_end", FakeHubSpot.iso(start.plus(1, ChronoUnit.HOURS)));
                p.put("hs_appointment_status", APPOINTMENT_STATUS.get(random.nextInt(APPOINTMENT_STATUS.size())));
            }
            default -> throw new IllegalStateException(type.toString());
        }
        return p;
    }

    /** The change {@link HubSpotData#modify(HubSpotObjectType, int, Instant)} applies: one ordinary property. */
    static Map<String, String> change(HubSpotObjectType type, long id, int version) {
        return switch (type) {
            case CONTACTS -> Map.of("lifecyclestage", LIFECYCLE.get((int) ((id + version) % LIFECYCLE.size())));
            case COMPANIES -> Map.of("industry", INDUSTRY.get((int) ((id + version) % INDUSTRY.size())));
            case DEALS -> Map.of("dealstage", DEAL_STAGES.get((int) ((id + version) % DEAL_STAGES.size())));
            case TICKETS -> Map.of("hs_pipeline_stage", TICKET_STAGES.get((int) ((id + version) % TICKET_STAGES.size())));
            case APPOINTMENTS -> Map.of("hs_appointment_status",
                    APPOINTMENT_STATUS.get((int) ((id + version) % APPOINTMENT_STATUS.size())));
        };
    }

    private static String phone(int n) {
        int line = 1000 + (n * 7919) % 9000;
        int exchange = 200 + (n % 700);
        return switch (n % 4) {
            case 0 -> "+1 617-" + exchange + "-" + line;
            case 1 -> "(617) " + exchange + "-" + line;
            case 2 -> "617." + exchange + "." + line;
            default -> "+1617" + exchange + line;
        };
    }
}
