package dev.caravan.testing;

import dev.caravan.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small SQL helpers for assertions against the real warehouse the test runs on. */
public final class Sql {

    /** Target and log tables, children first, for emptying the warehouse between tests. */
    private static final List<String> TABLES = List.of(
            "caravan_merge_fill", "caravan_merge_repoint", "caravan_merge", "caravan_match_key", "crm_activities", "crm_opportunities", "crm_contacts", "crm_companies",
            "genius_services", "genius_quotes", "genius_appointments", "genius_prospects", "genius_marketing_sources",
            "genius_users", "genius_divisions",
            "redshift_marketing_campaigns", "redshift_customer_behavior", "redshift_web_analytics",
            "caravan_sync_state", "caravan_sync_seen", "caravan_held_row",
            "salespro_appointments", "salespro_users", "leadconduit_leads", "arrivy_activities", "arrivy_tasks",
            "hubspot_zip_codes", "hubspot_contacts", "hubspot_companies", "hubspot_deals", "hubspot_tickets",
            "hubspot_appointments", "hubspot_associations", "hubspot_merges", "leadconduit_events", "klaviyo_profiles",
            "klaviyo_events", "klaviyo_lists", "klaviyo_metrics", "klaviyo_campaigns", "klaviyo_flows", "shopify_customers",
            "shopify_orders", "shopify_products", "caravan_quality_result", "caravan_alert_delivery", "caravan_alert", "caravan_webhook_event", "caravan_raw_record", "caravan_file_ledger", "caravan_reject", "caravan_dead_letter", "caravan_run");

    private Sql() {
    }

    public static void reset(Warehouse w) {
        for (String t : TABLES) {
            exec(w, "DELETE FROM " + t);
        }
    }

    public static void exec(Warehouse w, String sql) {
        try (Connection c = w.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static long count(Warehouse w, String table) {
        return (Long) rows(w, "SELECT COUNT(*) AS n FROM " + table).get(0).get("n");
    }

    public static List<Map<String, Object>> rows(Warehouse w, String sql, Object... params) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = w.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof Number n && !(v instanceof java.math.BigDecimal)) {
                            v = n.longValue();
                        }
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), v);
                    }
                    out.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return out;
    }
}
