package dev.caravan.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.config.CaravanConfig;
import dev.caravan.source.http.HttpDefinitions;
import io.quarkus.runtime.util.ClassPathUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The webhook receivers: every {@code definitions/SYSTEM/webhook.yaml}, built in or in the site's
 * definitions directory (which wins), parsed and checked at start. A receiver whose secret variable
 * is not set stays defined and refuses every delivery (401), with a warning at start. Secrets are
 * read at start: a new secret takes a restart (a rolling one with replicas).
 */
@ApplicationScoped
public class WebhookReceivers {

    private static final Logger LOG = Logger.getLogger(WebhookReceivers.class);
    private static final Pattern SYSTEM = Pattern.compile("[a-z][a-z0-9_]*");

    private final Map<String, WebhookDefinition> receivers;
    private final Map<String, Optional<String>> secrets = new java.util.HashMap<>();

    @Inject
    public WebhookReceivers(CaravanConfig config) {
        Map<String, JsonNode> files = new TreeMap<>();
        try {
            ClassPathUtils.consumeAsPaths("definitions", root -> files.putAll(read(root)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.definitionsDir().ifPresent(dir -> files.putAll(read(dir)));
        Map<String, WebhookDefinition> out = new TreeMap<>();
        files.forEach((system, node) -> out.put(system, WebhookDefinitions.parse(system, node)));
        this.receivers = Map.copyOf(out);
        out.values().forEach(d -> {
            String name = dev.caravan.source.http.Secrets.variable(d.signature().secretReference());
            Optional<String> value = ConfigProvider.getConfig().getOptionalValue(name, String.class).filter(v -> !v.isBlank());
            secrets.put(d.system(), value);
        });
    }

    /** In the service (not one-shot commands), each receiver whose secret is not set is named at start. */
    void warnUnconfigured(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event,
            dev.caravan.camel.ServiceRoutes service) {
        if (!service.serviceMode()) {
            return;
        }
        receivers.values().forEach(d -> {
            if (secret(d).isEmpty()) {
                LOG.warnf("Webhook receiver %s: %s is not set; its deliveries are refused with 401 (set it and restart)",
                        d.system(), dev.caravan.source.http.Secrets.variable(d.signature().secretReference()));
            }
        });
    }

    public Optional<WebhookDefinition> get(String system) {
        return Optional.ofNullable(receivers.get(system));
    }

    public Map<String, WebhookDefinition> all() {
        return receivers;
    }

    /** The receiver's secret, read once at start from the environment, .env or any configuration source. */
    public Optional<String> secret(WebhookDefinition d) {
        return secrets.getOrDefault(d.system(), Optional.empty());
    }

    private static Map<String, JsonNode> read(Path root) {
        Map<String, JsonNode> found = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> systems = Files.list(root)) {
            for (Path dir : (Iterable<Path>) systems::iterator) {
                Path file = dir.resolve(WebhookDefinitions.FILE);
                String system = dir.getFileName().toString().replace("/", "");
                if (!SYSTEM.matcher(system).matches() || !Files.isRegularFile(file)) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    found.put(system, HttpDefinitions.readYaml(in));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read webhook definitions under " + root + ": " + e.getMessage(), e);
        }
        return found;
    }
}
