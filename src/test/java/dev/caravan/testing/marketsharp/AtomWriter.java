package dev.caravan.testing.marketsharp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Writes entity-set pages the way WCF Data Services does (OData v2 Atom, MSharpModel types). */
final class AtomWriter {

    private AtomWriter() {
    }

    static String feed(String base, String set, List<Map<String, Object>> rows, String next, Instant now) {
        String type = set.equals("Inquiries") ? "Inquiry" : set.equals("Addresses") ? "Address" : set.substring(0, set.length() - 1);
        StringBuilder sb = new StringBuilder(1024 + rows.size() * 1500);
        sb.append("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<feed xml:base=\"").append(escape(base))
                .append("/\" xmlns:d=\"http://schemas.microsoft.com/ado/2007/08/dataservices\"")
                .append(" xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\" xmlns=\"http://www.w3.org/2005/Atom\">\n")
                .append("  <title type=\"text\">").append(set).append("</title>\n  <id>").append(escape(base)).append('/').append(set)
                .append("</id>\n  <updated>").append(now).append("</updated>\n  <link rel=\"self\" title=\"").append(set)
                .append("\" href=\"").append(set).append("\" />\n");
        for (Map<String, Object> r : rows) {
            String key = String.valueOf(r.containsKey("id") ? r.get("id") : r.get("contactId"));
            sb.append("  <entry>\n    <id>").append(escape(base)).append('/').append(set).append("('").append(key).append("')</id>\n")
                    .append("    <title type=\"text\"></title>\n    <updated>").append(now).append("</updated>\n")
                    .append("    <author><name /></author>\n    <link rel=\"edit\" title=\"").append(type).append("\" href=\"").append(set)
                    .append("('").append(key).append("')\" />\n")
                    .append("    <link rel=\"http://schemas.microsoft.com/ado/2007/08/dataservices/related/Company\"")
                    .append(" type=\"application/atom+xml;type=entry\" title=\"Company\" href=\"").append(set).append("('").append(key)
                    .append("')/Company\" />\n    <category term=\"MSharpModel.").append(type)
                    .append("\" scheme=\"http://schemas.microsoft.com/ado/2007/08/dataservices/scheme\" />\n")
                    .append("    <content type=\"application/xml\">\n      <m:properties>\n");
            r.forEach((k, v) -> sb.append("        ").append(property(k, v)).append('\n'));
            sb.append("      </m:properties>\n    </content>\n  </entry>\n");
        }
        if (next != null) {
            sb.append("  <link rel=\"next\" href=\"").append(escape(next)).append("\" />\n");
        }
        return sb.append("</feed>\n").toString();
    }

    private static String property(String name, Object v) {
        String type = v instanceof Boolean ? "Edm.Boolean" : v instanceof Integer ? "Edm.Int32" : v instanceof OffsetDateTime ? "Edm.DateTime" : null;
        String attr = type == null ? "" : " m:type=\"" + type + "\"";
        if (v == null) {
            return "<d:" + name + attr + " m:null=\"true\" />";
        }
        return "<d:" + name + attr + ">" + escape(v.toString()) + "</d:" + name + ">";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
