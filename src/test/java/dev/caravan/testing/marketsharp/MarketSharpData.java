package dev.caravan.testing.marketsharp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake's entity sets, with MarketSharp's public field names (docs/sources/marketsharp-api.md):
 * per contact i one Contact, Address, ContactPhone (keyed by contactId), ContactType, Inquiry,
 * Appointment and Job. Values: String (untyped), Boolean, Integer (Edm.Int32), OffsetDateTime
 * (Edm.DateTime, stamped with the server's -05:00 offset) or null.
 */
public final class MarketSharpData {

    /** The sets with a lastUpdate change column. */
    public static final List<String> CHANGING = List.of("Contacts", "Inquiries", "Appointments", "Jobs");
    public static final List<String> STATIC = List.of("Addresses", "ContactPhones", "ContactTypes");
    /** Contact i was last updated i minutes after this (server-local time, -05:00). */
    public static final OffsetDateTime FIRST_UPDATE = OffsetDateTime.parse("2024-03-01T10:00:00.123-05:00");

    final Map<String, List<Map<String, Object>>> sets = new ConcurrentHashMap<>();

    public MarketSharpData(int contacts) {
        for (String s : CHANGING) {
            sets.put(s, new ArrayList<>());
        }
        for (String s : STATIC) {
            sets.put(s, new ArrayList<>());
        }
        for (int i = 1; i <= contacts; i++) {
            add(i);
        }
    }

    public static String guid(String kind, int i) {
        return UUID.nameUUIDFromBytes((kind + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void add(int i) {
        String contact = guid("contact", i);
        OffsetDateTime updated = FIRST_UPDATE.plus(Duration.ofMinutes(i));
        OffsetDateTime created = FIRST_UPDATE.minusDays(30);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", contact);
        c.put("companyId", "1000");
        c.put("firstName", "Jane" + i);
        c.put("lastName", "Example");
        c.put("middleInitial", null);
        c.put("title", "");
        c.put("businessName", "");
        c.put("contactPhoneId", guid("phoneid", i));
        c.put("primaryAddressId", guid("address", i));
        c.put("email1", "jane" + i + "@example.com");
        c.put("email1CanMail", Boolean.TRUE);
        c.put("isTagged", null);
        c.put("doNotMail", Boolean.FALSE);
        c.put("source", null);
        c.put("creationDate", created.minusHours(3));
        c.put("qbSyncDate", null);
        c.put("isActive", Boolean.TRUE);
        c.put("lastUpdate", updated);
        c.put("hasDNCPhone", Boolean.FALSE);
        c.put("hasDNEEmail", Boolean.FALSE);
        c.put("createdDate", created);
        sets.get("Contacts").add(c);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", guid("address", i));
        a.put("contactId", contact);
        a.put("line1", i + " Lake St");
        a.put("line2", "");
        a.put("city", "Kirkland");
        a.put("state", "WA");
        a.put("coounty", "King");
        a.put("zip", "98033");
        a.put("country", "1");
        a.put("latitude", "");
        a.put("longitude", "");
        a.put("isActive", Boolean.TRUE);
        sets.get("Addresses").add(a);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("contactId", contact);
        p.put("homePhone", "(425) 555-" + String.format("%04d", i % 10000));
        p.put("cellPhone", "");
        p.put("workPhone", null);
        sets.get("ContactPhones").add(p);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", guid("type", i));
        t.put("contactId", contact);
        t.put("contactType", 1 + i % 3);
        t.put("isActive", Boolean.TRUE);
        sets.get("ContactTypes").add(t);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("id", guid("inquiry", i));
        q.put("contactId", contact);
        q.put("description", "Windows");
        q.put("inquiryStatusId", 2);
        q.put("inquiryDate", created);
        q.put("isActive", Boolean.TRUE);
        q.put("lastUpdate", updated);
        q.put("createdDate", created);
        sets.get("Inquiries").add(q);
        Map<String, Object> ap = new LinkedHashMap<>();
        ap.put("id", guid("appointment", i));
        ap.put("inquiryId", guid("inquiry", i));
        ap.put("appointmentDate", created.plusDays(2));
        ap.put("subject", "In-home estimate");
        ap.put("type", "Sales");
        ap.put("isActive", Boolean.TRUE);
        ap.put("lastUpdate", updated);
        ap.put("createdDate", created);
        sets.get("Appointments").add(ap);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", guid("job", i));
        j.put("contactId", contact);
        j.put("number", Integer.toString(5000 + i));
        j.put("name", "Job " + i);
        j.put("addressLine1", i + " Lake St");
        j.put("addressLin2", "Unit " + i);
        j.put("status", "Sold");
        j.put("saleDate", null);
        j.put("isActive", Boolean.TRUE);
        j.put("lastUpdate", updated);
        j.put("createdDate", created);
        sets.get("Jobs").add(j);
    }

    public List<Map<String, Object>> set(String name) {
        return sets.get(name);
    }

    /** Changes the first {@code n} records of a set: lastUpdate becomes {@code at}, {@code field} becomes {@code value}. */
    public synchronized List<String> modify(String set, int n, OffsetDateTime at, String field, Object value) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> r : sets.get(set).subList(0, n)) {
            if (r.containsKey("lastUpdate")) {
                r.put("lastUpdate", at);
            }
            r.put(field, value);
            ids.add(String.valueOf(r.getOrDefault("id", r.get("contactId"))));
        }
        return ids;
    }
}
