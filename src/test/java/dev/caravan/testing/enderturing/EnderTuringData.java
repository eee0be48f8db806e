package dev.caravan.testing.enderturing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Fake Ender Turing records with the field names of the public SDK and ETL (values invented). */
public final class EnderTuringData {

    private EnderTuringData() {
    }

    private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** As the API writes a date-time: to the second, no zone. */
    public static String iso(LocalDateTime t) {
        return ISO.format(t);
    }

    public static List<ObjectNode> agents(int n) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ObjectNode a = FakeEnderTuring.JSON.createObjectNode().put("id", i).put("name", "Agent " + i)
                    .put("phone_number", Integer.toString(6800 + i)).put("is_active", i % 7 != 0);
            a.putNull("deactivated_at");
            a.putArray("phone_number_aliases").add(Integer.toString(6800 + i));
            a.putArray("groups").addObject().put("group_id", 1 + i % 3).put("start_dt", "0001-01-01T00:00:00");
            a.putNull("user");
            a.putArray("reactions");
            out.add(a);
        }
        return out;
    }

    public static List<ObjectNode> agentGroups(int n) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ObjectNode g = FakeEnderTuring.JSON.createObjectNode().put("id", i).put("name", "Team " + i).put("scorecard_id", 5)
                    .put("is_default", i == 1);
            g.putArray("additional_scorecards");
            out.add(g);
        }
        return out;
    }

    public static List<ObjectNode> users(int n) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ObjectNode u = FakeEnderTuring.JSON.createObjectNode().put("id", i).put("email", "user" + i + "@example.com")
                    .put("full_name", "User " + i).put("is_active", true).put("is_superuser", i == 1).put("agent_group_id", 1)
                    .put("language", "en").put("uuid", new UUID(0, i).toString()).put("invite_expires", "2024-06-26T10:15:44.620796");
            u.putNull("agent_id");
            u.putArray("role_ids").add(2);
            u.putArray("permissions");
            out.add(u);
        }
        return out;
    }

    public static List<ObjectNode> tags(int n) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ObjectNode t = FakeEnderTuring.JSON.createObjectNode().put("id", 2700 + i).put("name", "Tag " + i).put("type", "phrase")
                    .put("team_id", 1 + i % 3).put("is_archived", false);
            t.putNull("archived_by_id");
            t.putNull("archived_at");
            t.putArray("labels").addObject().put("id", 7);
            t.putArray("words");
            t.putArray("phrases").add("thank you for calling");
            t.put("color", "#3366ff");
            out.add(t);
        }
        return out;
    }

    public static List<ObjectNode> categories(int n) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ObjectNode c = FakeEnderTuring.JSON.createObjectNode().put("id", i).put("name", "Topic " + i)
                    .put("filter_data", "&&[tags,||and|" + (2700 + i) + "|or]").put("position", i)
                    .put("created_at", "2024-01-02T09:00:00.000001").put("updated_at", "2024-03-04T09:00:00.000001");
            c.putArray("labels");
            out.add(c);
        }
        return out;
    }

    public static List<ObjectNode> scorecards() {
        ObjectNode s = FakeEnderTuring.JSON.createObjectNode().put("id", 5).put("name", "Call quality").put("type", "manual")
                .put("na_behavior", "skip").put("count_critical_scores", false).put("is_automated", false)
                .put("is_protected", false).put("is_default", true).put("is_archived", false);
        s.putArray("team_ids").add(1);
        ObjectNode cat = s.putArray("categories").addObject().put("id", 9).put("name", "Opening").put("scorecard_id", 5)
                .put("sort_order", 1);
        cat.putArray("points").addObject().put("id", 41).put("scorecard_id", 5).put("category_id", 9).put("name", "Greeting")
                .put("sort_order", 1).put("critical", false).put("max_score", 1).put("allow_partial_score", false);
        return List.of(s);
    }

    /** {@code n} sessions spread evenly over [from, to), start times to the second, no zone (as the API writes them). */
    public static List<ObjectNode> sessions(int n, LocalDateTime from, LocalDateTime to, long seed) {
        Random r = new Random(seed);
        long span = Duration.between(from, to).getSeconds();
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalDateTime start = from.plusSeconds(span * i / n).truncatedTo(ChronoUnit.SECONDS);
            out.add(session(new UUID(seed, i).toString(), start, 1 + r.nextInt(30), r));
        }
        return out;
    }

    public static ObjectNode session(String id, LocalDateTime start, int agent, Random r) {
        double duration = 30 + r.nextInt(600) + r.nextInt(100) / 100.0;
        ObjectNode s = FakeEnderTuring.JSON.createObjectNode().put("id", id).put("type", "call").put("caller_id", "+1555" + (1000 + r.nextInt(9000)))
                .put("destination_id", "6812").put("direction", "inbound").put("source", "genesys").put("language_code", "en")
                .put("start_dt", iso(start)).put("end_dt", iso(start.plusSeconds((long) duration)) + ".123456")
                .put("created_at", iso(start.plusMinutes(5)) + ".000001").put("updated_at", iso(start.plusMinutes(6)) + ".000001")
                .put("agent_id", agent).put("group_id", 1 + agent % 3).put("duration", duration).put("silence", 5.1)
                .put("silence_percent", 7.2).put("agent_channel", 1).put("comments_count", 0).put("default_scorecard_id", 5)
                .put("average_score", 0.93).put("is_processed", true);
        s.putObject("score_details").put("automated_score", 0.93).put("manual_score", 1.0);
        s.putObject("overlaps_data").put("client", 3.12).put("agent", 1.36);
        s.putArray("tags").addObject().put("id", 2701).putArray("match").addObject().put("score", 0.97).put("is_agent", true)
                .put("transcript_id", 4).put("matched_corpus_text", "thank you for calling").put("matched_query_text", "thank you");
        s.putArray("categories").addObject().put("id", 1).put("is_verified", false);
        s.putArray("reviewers");
        s.putArray("crm_statuses");
        return s;
    }
}
