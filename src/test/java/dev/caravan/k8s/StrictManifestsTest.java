package dev.caravan.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The strict reading of manifests refuses what an API server with strict field validation refuses (broken
 * manifests first), and every manifest file kept under k8s/ passes it, without kustomize or a cluster.
 */
class StrictManifestsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: caravan
            spec:
              replicas: 3
              selector:
                matchLabels: {app: caravan}
              template:
                metadata:
                  labels: {app: caravan}
                spec:
                  containers:
                    - name: caravan
                      image: caravan:0.1.0
                      readinessProbe:
                        httpGet: {path: /q/health/ready, port: 8080}
            """;

    @Test
    void aTypoedFieldInAManifestFileIsRefusedWithItsPath(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("deployment.yaml");
        Files.writeString(broken, DEPLOYMENT.replace("httpGet: {path:", "httpGet: {paht:"));

        List<StrictManifests.Doc> docs = readAll(dir);

        assertEquals(1, docs.size());
        assertEquals(List.of("apps/v1 Deployment.spec.template.spec.containers[0].readinessProbe.httpGet:"
                + " unknown field \"paht\""), docs.get(0).problems());
    }

    @Test
    void aFieldAtTheWrongLevelAWrongTypeAnUnknownKindAndADuplicateKeyAreRefused() {
        assertEquals(List.of("apps/v1 Deployment.spec: unknown field \"replica\""),
                problems(DEPLOYMENT.replace("  replicas: 3", "  replica: 3")));
        List<String> wrongType = problems(DEPLOYMENT.replace("replicas: 3", "replicas: three"));
        assertEquals(1, wrongType.size(), wrongType::toString);
        assertTrue(wrongType.get(0).startsWith("apps/v1 Deployment.spec.replicas: ") && wrongType.get(0).contains("three"),
                wrongType::toString);
        assertEquals(List.of("apps/v2 Deployment: not a kind of the Kubernetes 1.33 API"),
                problems(DEPLOYMENT.replace("apps/v1", "apps/v2")));
        List<String> duplicate = problems(DEPLOYMENT.replace("  replicas: 3", "  replicas: 3\n  replicas: 2"));
        assertEquals(1, duplicate.size(), duplicate::toString);
        assertTrue(duplicate.get(0).startsWith("not valid YAML: Duplicate field 'replicas'"), duplicate::toString);
        assertEquals(List.of("not a Kubernetes object: apiVersion and kind are required"),
                problems("kind: Service\nmetadata: {name: x}\n"));
    }

    @Test
    void theSameManifestSpelledRightIsAccepted() {
        assertEquals(List.of(), problems(DEPLOYMENT));
        assertEquals("caravan", StrictManifests.read(DEPLOYMENT, "d").get(0).resource().getMetadata().getName());
    }

    @Test
    void everyManifestFileUnderK8sIsValid() throws IOException {
        // Resources, strategic-merge patches and the Secret examples alike; kustomization.yaml files are
        // kustomize's own format, checked by rendering them (KustomizeApplyTest).
        List<StrictManifests.Doc> docs = readAll(Path.of("k8s"));

        assertTrue(docs.size() >= 12, () -> "only " + docs.size() + " manifests found under k8s/");
        List<String> problems = docs.stream().flatMap(d -> d.problems().stream().map(p -> d.origin() + ": " + p)).toList();
        assertEquals(List.of(), problems);
    }

    private static List<String> problems(String yaml) {
        return StrictManifests.read(yaml, "test").stream().flatMap(d -> d.problems().stream()).toList();
    }

    static List<StrictManifests.Doc> readAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml"))
                    .sorted()
                    .flatMap(f -> StrictManifests.read(read(f), f.toString()).stream())
                    .toList();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
