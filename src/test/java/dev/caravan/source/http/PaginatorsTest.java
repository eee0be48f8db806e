package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each paginator type against a local server answering in that style, over 23 items. */
class PaginatorsTest {

    private static final int ITEMS = 23;
    private final FakeClock clock = new FakeClock();
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> read(String paginator, String resource) {
        HttpConnection c = Defs.connection("""
                base_url: %s
                auth: {type: bearer, token: "${ACME_TOKEN}"}
                paginator: %s
                """.formatted(server.base(), paginator));
        ApiClient client = new ApiClient(c, Map.of("ACME_TOKEN", "tok-value"), clock, () -> 0.0);
        List<String> ids = new ArrayList<>();
        HttpRecordSource.full(client, Defs.resource(resource)).records().forEachRemaining(r -> ids.add(r.record().path("id").asText()));
        return ids;
    }

    private static List<String> expected() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= ITEMS; i++) {
            ids.add(Integer.toString(i));
        }
        return ids;
    }

    private static ArrayNode items(ObjectNode into, String field, int from, int count) {
        ArrayNode a = into.putArray(field);
        for (int i = from; i < Math.min(ITEMS, from + count); i++) {
            a.addObject().put("id", Integer.toString(i + 1));
        }
        return a;
    }

    @Test
    void offsetWithTotal() {
        server.route("/items", (s, x) -> {
            int offset = Integer.parseInt(s.query().get("offset"));
            ObjectNode body = TestServer.JSON.createObjectNode();
            items(body, "data", offset, Integer.parseInt(s.query().get("limit")));
            body.put("total", ITEMS);
            TestServer.json(x, 200, body);
        });
        assertEquals(expected(), read("{type: offset, limit: 10, total_path: /total}", "{path: /items, records: /data}"));
        assertEquals(List.of("0", "10", "20"), server.seen.stream().map(s -> s.query().get("offset")).toList());
    }

    @Test
    void offsetStopsOnAShortPage() {
        server.route("/items", (s, x) -> {
            ObjectNode body = TestServer.JSON.createObjectNode();
            items(body, "data", Integer.parseInt(s.query().get("skip")), Integer.parseInt(s.query().get("take")));
            TestServer.json(x, 200, body);
        });
        assertEquals(expected(), read("{type: offset, limit: 10, offset_param: skip, limit_param: take}", "{path: /items, records: /data}"));
        assertEquals(3, server.seen.size());
    }

    @Test
    void pageNumberFromOne() {
        server.route("/items", (s, x) -> {
            int page = Integer.parseInt(s.query().get("page"));
            ObjectNode body = TestServer.JSON.createObjectNode();
            items(body, "items", (page - 1) * 10, 10);
            body.put("pages", 3);
            TestServer.json(x, 200, body);
        });
        assertEquals(expected(), read("{type: page_number, limit: 10, limit_param: per_page, total_pages_path: /pages}",
                "{path: /items, records: /items}"));
        assertEquals(List.of("1", "2", "3"), server.seen.stream().map(s -> s.query().get("page")).toList());
        assertEquals("10", server.seen.get(0).query().get("per_page"));
    }

    @Test
    void nextUrlFromTheLinkHeader() {
        server.route("/items", (s, x) -> {
            int from = Integer.parseInt(s.query().getOrDefault("from", "0"));
            if (from + 10 < ITEMS) {
                x.getResponseHeaders().add("Link", "<" + server.base() + "/items?from=" + (from + 10) + ">; rel=\"next\", <"
                        + server.base() + "/items?from=0>; rel=\"first\"");
            }
            TestServer.json(x, 200, items(TestServer.JSON.createObjectNode(), "x", from, 10));
        });
        assertEquals(expected(), read("{type: next_url}", "{path: /items, records: \"\"}"));
        assertEquals(3, server.seen.size());
    }

    @Test
    void nextUrlFromTheBodyRelativeToThePage() {
        server.route("/items", (s, x) -> {
            int from = Integer.parseInt(s.query().getOrDefault("from", "0"));
            ObjectNode body = TestServer.JSON.createObjectNode();
            items(body, "results", from, 10);
            if (from + 10 < ITEMS) {
                body.putObject("paging").putObject("next").put("link", "/items?from=" + (from + 10));
            }
            TestServer.json(x, 200, body);
        });
        assertEquals(expected(), read("{type: next_url, next_url_path: /paging/next/link}", "{path: /items, records: /results}"));
    }

    @Test
    void nextUrlToAnotherHostIsRefused() {
        server.route("/items", (s, x) -> {
            ObjectNode body = TestServer.JSON.createObjectNode();
            items(body, "results", 0, 10);
            body.put("next", "https://evil.example.com/items?from=10");
            TestServer.json(x, 200, body);
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> read("{type: next_url, next_url_path: /next}", "{path: /items, records: /results}"));
        assertTrue(e.getMessage().contains("another host"), e.getMessage());
    }

    @Test
    void afterIdAsLeadConduitSendsIt() {
        server.route("/events", (s, x) -> {
            int after = Integer.parseInt(s.query().getOrDefault("after_id", "0"));
            TestServer.json(x, 200, items(TestServer.JSON.createObjectNode(), "x", after, Integer.parseInt(s.query().get("limit"))));
        });
        assertEquals(expected(), read("{type: after_id, limit: 10}", "{path: /events, records: \"\", query: {sort: asc}}"));
        assertEquals(List.of("asc", "asc", "asc"), server.seen.stream().map(s -> s.query().get("sort")).toList());
        assertEquals("20", server.seen.get(2).query().get("after_id"));
    }

    @Test
    void aCursorThatDoesNotAdvanceStopsInsteadOfLooping() {
        server.route("/items", (s, x) -> {
            ObjectNode body = TestServer.JSON.createObjectNode();
            items(body, "results", 0, 1);
            body.putObject("paging").putObject("next").put("after", "same");
            TestServer.json(x, 200, body);
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> read("{type: cursor}", "{path: /items, records: /results}"));
        assertTrue(e.getMessage().contains("same cursor"), e.getMessage());
        assertEquals(2, server.seen.size());
    }

    @Test
    void singlePageIsTheDefault() {
        server.route("/items", (s, x) -> TestServer.json(x, 200, items(TestServer.JSON.createObjectNode(), "r", 0, ITEMS)));
        HttpConnection c = Defs.connection("""
                base_url: %s
                auth: {type: bearer, token: "${ACME_TOKEN}"}
                """.formatted(server.base()));
        ApiClient client = new ApiClient(c, Map.of("ACME_TOKEN", "tok-value"), clock, () -> 0.0);
        HttpRecordSource source = HttpRecordSource.full(client, Defs.resource("{path: '/{kind}', vars: {kind: items}, records: \"\"}"));
        assertEquals(ITEMS, source.next().records().size());
        assertTrue(!source.hasNext());
    }

    @Test
    void theLinkHeaderParserFollowsRfc8288() {
        assertEquals("https://a/2", NextUrlPaginator.linkHeader(List.of("<https://a/1>; rel=\"prev\", <https://a/2>; rel=\"next\"")));
        assertEquals("https://a/3", NextUrlPaginator.linkHeader(List.of("<https://a/3>; title=\"x\"; rel=\"last next\"")));
        assertEquals("/p?a=1,2", NextUrlPaginator.linkHeader(List.of("</p?a=1,2>;rel=next")));
        assertEquals(null, NextUrlPaginator.linkHeader(List.of("<https://a/1>; rel=\"prev\"")));
    }
}
