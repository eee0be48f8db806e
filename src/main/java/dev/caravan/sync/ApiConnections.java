package dev.caravan.sync;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.http.ApiClient;
import dev.caravan.source.http.HttpConnection;
import dev.caravan.source.http.HttpDefinitions;
import dev.caravan.source.http.HttpResource;
import dev.caravan.source.http.HttpSourceNotConfiguredException;
import io.quarkus.runtime.util.ClassPathUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The API systems' connections ({@code definitions/SYSTEM/connection.yaml}, a site's definitions
 * directory first) and one {@link ApiClient} per system, kept for the life of the process so its
 * rate limiter spans every run. Secrets and {@code <SYSTEM>_BASE_URL} are read from the environment,
 * {@code .env} or any other configuration source, by their variable names. A system whose secrets are
 * not set is not configured: {@link SourceNotConfiguredException} names the variables to set.
 */
@ApplicationScoped
public class ApiConnections {

    private static final Logger LOG = Logger.getLogger(ApiConnections.class);
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final DefinitionRegistry definitions;
    private final CaravanConfig config;
    private final Map<String, ApiClient> clients = new ConcurrentHashMap<>();
    private final Map<ObjectDefinition, HttpResource> resources = new ConcurrentHashMap<>();

    @Inject
    public ApiConnections(DefinitionRegistry definitions, CaravanConfig config) {
        this.definitions = definitions;
        this.config = config;
    }

    /** Whether any object of {@code system} is read from an API. */
    public boolean isApiSystem(String system) {
        return definitions.all().stream().anyMatch(d -> d.api() && d.system().equals(system));
    }

    /** Whether the system's connection has one auth alternative with all its variables set. */
    public boolean configured(String system) {
        try {
            client(system);
            return true;
        } catch (SourceNotConfiguredException e) {
            return false;
        }
    }

    /** The system's client (created on first use, then shared). */
    public ApiClient client(String system) {
        ApiClient c = clients.get(system);
        if (c != null) {
            return c;
        }
        synchronized (this) {
            c = clients.get(system);
            if (c == null) {
                Map<String, String> env = environment();
                HttpConnection connection;
                try {
                    connection = HttpDefinitions.connection(system, read(system), env);
                    c = new ApiClient(connection, env);
                } catch (HttpSourceNotConfiguredException e) {
                    throw new SourceNotConfiguredException("source '" + system + "' is not configured: "
                            + e.getMessage().replaceFirst("^" + Pattern.quote(system) + " is not configured: ", ""));
                }
                LOG.infof("API source %s: %s", system, connection.baseUrl());
                clients.put(system, c);
            }
            return c;
        }
    }

    /** The object's parsed {@code http:} block. */
    public HttpResource resource(ObjectDefinition d) {
        return resources.computeIfAbsent(d, o -> HttpDefinitions.resource(o.qualifiedName(), o.http()));
    }

    /** The parsed {@code http:} block of the object an object read per parent record names ({@code parent:}), or null. */
    public HttpResource parent(ObjectDefinition d) {
        HttpResource.Parent p = resource(d).parent();
        if (p == null) {
            return null;
        }
        ObjectDefinition parent = definitions.all().stream()
                .filter(o -> o.api() && o.system().equals(d.system()) && o.object().equals(p.object()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(d.qualifiedName() + ": parent object " + p.object()
                        + " is not defined for " + d.system()));
        HttpResource r = resource(parent);
        if (r.parent() != null) {
            throw new IllegalArgumentException(d.qualifiedName() + ": parent " + p.object() + " has a parent itself (one level only)");
        }
        return r;
    }

    /** The connection file's content: a site's own first, else the built-in one. */
    private com.fasterxml.jackson.databind.JsonNode read(String system) {
        try {
            if (config.definitionsDir().isPresent()) {
                Path own = config.definitionsDir().get().resolve(system).resolve(DefinitionRegistry.CONNECTION_FILE);
                if (Files.isRegularFile(own)) {
                    try (InputStream in = Files.newInputStream(own)) {
                        return HttpDefinitions.readYaml(in);
                    }
                }
            }
            com.fasterxml.jackson.databind.JsonNode[] found = new com.fasterxml.jackson.databind.JsonNode[1];
            ClassPathUtils.consumeAsPaths("definitions/" + system + "/" + DefinitionRegistry.CONNECTION_FILE, p -> {
                try (InputStream in = Files.newInputStream(p)) {
                    found[0] = HttpDefinitions.readYaml(in);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (found[0] == null) {
                throw new IllegalStateException("API source " + system + " has objects with an http: block but no "
                        + "definitions/" + system + "/" + DefinitionRegistry.CONNECTION_FILE);
            }
            return found[0];
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalStateException("cannot read the connection of " + system + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every configuration value whose name is an environment-variable name (HUBSPOT_ACCESS_TOKEN, or
     * a seed's lower-case et_user): the process environment, {@code .env}, system properties and
     * application properties alike.
     */
    static Map<String, String> environment() {
        Config c = ConfigProvider.getConfig();
        Map<String, String> out = new HashMap<>();
        for (String name : c.getPropertyNames()) {
            if (VARIABLE.matcher(name).matches()) {
                c.getOptionalValue(name, String.class).ifPresent(v -> out.put(name, v));
            }
        }
        return out;
    }
}
