package dev.caravan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Asks a running service for its health ({@code GET /q/health}, open without a token). */
final class ServiceProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The service's answer; {@code status} UP or DOWN when it answered, null (and {@code error}) when not. */
    record Health(String url, boolean reachable, String status, List<Check> checks, String error) {
        boolean down() {
            return reachable && !"UP".equals(status);
        }
    }

    record Check(String name, String status) {
    }

    private ServiceProbe() {
    }

    static Health probe(URI base) {
        String url = base.toString().replaceAll("/+$", "") + "/q/health";
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                body = null;
            }
            if (body == null || !body.path("status").isTextual()) {
                return new Health(url, true, null, List.of(), "HTTP " + r.statusCode() + ", not a health answer");
            }
            List<Check> checks = new ArrayList<>();
            for (JsonNode c : body.path("checks")) {
                checks.add(new Check(c.path("name").asText(), c.path("status").asText()));
            }
            return new Health(url, true, body.get("status").asText(), checks, null);
        } catch (ConnectException e) {
            return new Health(url, false, null, List.of(), "not running (connection refused)");
        } catch (HttpTimeoutException e) {
            return new Health(url, false, null, List.of(), "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new Health(url, false, null, List.of(), "cannot be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(url, false, null, List.of(), "interrupted");
        }
    }

    /** The URL a service of this configuration listens on, as seen from this host (0.0.0.0 is reached on loopback). */
    static URI local(String host, int port) {
        String h = host == null || host.isBlank() || "0.0.0.0".equals(host.strip()) ? "127.0.0.1"
                : "::".equals(host.strip()) ? "[::1]" : host.strip();
        return URI.create("http://" + h + ":" + port);
    }
}
