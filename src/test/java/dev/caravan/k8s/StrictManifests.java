package dev.caravan.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Kubernetes manifests the way an API server with strict field validation does, without a server:
 * YAML syntax and duplicate keys, then fabric8's typed model of the Kubernetes 1.33 API (fabric8 7.4.0):
 * an unknown apiVersion/kind, a value of the wrong type, or a field the API does not have (a typo such as
 * {@code readinessProbe.httpGet.paht}) is a problem. fabric8's classes keep unknown fields in
 * {@code additionalProperties} instead of failing, so every parsed object is walked for them.
 */
final class StrictManifests {

    /** One YAML document: the typed resource, or why it was refused. */
    record Doc(String origin, HasMetadata resource, List<String> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization MODEL = new KubernetesSerialization();

    private StrictManifests() {
    }

    /** Every document of a (multi-document) YAML text; empty documents are skipped. */
    static List<Doc> read(String yaml, String origin) {
        List<Doc> docs = new ArrayList<>();
        List<JsonNode> nodes = new ArrayList<>();
        try (var parser = YAML.createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(nodes::add);
        } catch (Exception e) {
            docs.add(new Doc(origin, null, List.of("not valid YAML: " + firstLine(e))));
            return docs;
        }
        int n = 0;
        for (JsonNode node : nodes) {
            n++;
            if (node == null || node.isNull() || node.isMissingNode()) {
                continue;
            }
            docs.add(one(node, nodes.size() > 1 ? origin + " #" + n : origin));
        }
        return docs;
    }

    private static Doc one(JsonNode node, String origin) {
        if (!node.isObject() || !node.hasNonNull("apiVersion") || !node.hasNonNull("kind")) {
            return new Doc(origin, null, List.of("not a Kubernetes object: apiVersion and kind are required"));
        }
        String kind = node.get("apiVersion").asText() + " " + node.get("kind").asText();
        Object parsed;
        try {
            parsed = MODEL.unmarshal(JSON.writeValueAsString(node), KubernetesResource.class);
        } catch (Exception e) {
            String why = firstLine(e);
            return new Doc(origin, null, List.of(kind + (why.startsWith(".") || why.startsWith("[") ? why : ": " + why)));
        }
        if (parsed instanceof GenericKubernetesResource || !(parsed instanceof HasMetadata resource)) {
            return new Doc(origin, null, List.of(kind + ": not a kind of the Kubernetes 1.33 API"));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(resource, kind, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        return new Doc(origin, resource, List.copyOf(problems));
    }

    /** Walks the typed object graph; any additionalProperties entry is a field the API does not have. */
    private static void unknownFields(Object value, String path, List<String> problems, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            String name = getter.getName();
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !name.startsWith("get") || name.equals("getClass")) {
                continue;
            }
            Object child = invoke(getter, value);
            if (name.equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> problems.add(path + ": unknown field \"" + k + "\""));
                }
            } else {
                unknownFields(child, path + "." + property(name), problems, seen);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    private static String property(String getter) {
        String p = getter.substring(3);
        return p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }

    /** Jackson's own words and the path of the field, not fabric8's "An error has occurred." wrapper. */
    private static String firstLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (JsonMappingException.Reference r : jm.getPath()) {
                    path.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
                }
                return path + ": " + jm.getOriginalMessage();
            }
            if (t instanceof JsonProcessingException jp) {
                return jp.getOriginalMessage() + (jp.getLocation() == null ? "" : " (line " + jp.getLocation().getLineNr() + ")");
            }
        }
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
