package dev.caravan.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kustomizations k8s/ (the base) and k8s/overlays/production render with kubectl, every rendered object
 * is valid for the Kubernetes 1.33 API (StrictManifests), agrees with the service (ManifestRules), and is
 * applied to fabric8's mock API server in CRUD mode, twice (create, then update as a re-apply), and read back
 * unchanged. The rules are first shown to refuse broken manifests, on the raw base files (no kubectl needed).
 */
@EnableKubernetesMockClient(crud = true)
class KustomizeApplyTest {

    static KubernetesClient client;

    private static ManifestRules rules;

    @BeforeAll
    static void readDefaults() throws IOException {
        rules = new ManifestRules(AppDefaults.read(Path.of("application.properties")));
    }

    @Test
    void theRulesRefuseH2WithReplicasWrongProbesAShortGraceAStraySelectorAndARenderedSecret() throws IOException {
        assertRefused(set -> of(set, ConfigMap.class).getData().remove("CARAVAN_DB_URL"),
                "Deployment caravan: up to 2 replicas need the PostgreSQL warehouse, but CARAVAN_DB_URL is \"\"");
        assertRefused(set -> of(set, ConfigMap.class).getData().put("CARAVAN_DB_URL", "jdbc:h2:file:/work/data/caravan"),
                "Deployment caravan: up to 2 replicas need the PostgreSQL warehouse");
        assertRefused(set -> container(set).getEnv().add(new EnvVar("CARAVAN_DB_URL", null,
                new io.fabric8.kubernetes.api.model.EnvVarSourceBuilder().withNewSecretKeyRef("jdbc-uri", "caravan-db", true)
                        .build())), "CARAVAN_DB_URL from an optional Secret key");
        assertRefused(set -> container(set).getReadinessProbe().getHttpGet().setPath("/health/ready"),
                "Deployment caravan readinessProbe: GET /health/ready, the service answers on /q/health/ready");
        assertRefused(set -> container(set).getPorts().get(0).setContainerPort(9090),
                "Deployment caravan livenessProbe: port http is not the HTTP port 8080");
        assertRefused(set -> of(set, Deployment.class).getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(30L),
                "Deployment caravan: terminationGracePeriodSeconds 30 does not cover Camel's shutdown timeout");
        assertRefused(set -> of(set, Service.class).getSpec().setSelector(Map.of("app", "caravan")),
                "Service caravan selects no pod of Deployment caravan");
        assertRefused(set -> of(set, PodDisruptionBudget.class).getSpec().getSelector().setMatchLabels(Map.of("app", "x")),
                "PodDisruptionBudget caravan selects no pod of Deployment caravan");
        assertRefused(set -> set.add(new SecretBuilder().withNewMetadata().withName("caravan-secrets").endMetadata()
                .addToStringData("CARAVAN_DB_PASSWORD", "hunter2").build()), "Secret caravan-secrets is rendered");
    }

    @Test
    void theRawBaseFilesPassTheRulesWithoutKubectl() throws IOException {
        assertEquals(List.of(), rules.check(rawBase()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s", "k8s/overlays/production"})
    void rendersIsValidAgreesWithTheServiceAndApplies(String dir) throws Exception {
        List<HasMetadata> set = render(dir);
        assertEquals(List.of(), rules.check(set));

        ObjectMapper json = new ObjectMapper();
        for (int pass = 0; pass < 2; pass++) {
            for (HasMetadata r : set) {
                client.resource(r).createOr(NonDeletingOperation::update);
            }
        }
        for (HasMetadata r : set) {
            HasMetadata stored = client.resource(r).get();
            assertNotNull(stored, () -> r.getKind() + " " + r.getMetadata().getName() + " not stored");
            assertEquals(withoutServerFields(json, r), withoutServerFields(json, stored), r.getKind());
        }
    }

    @Test
    void productionRunsThreeToSixReplicasOnTheWarehouseFromASecret() throws Exception {
        List<HasMetadata> set = render("k8s/overlays/production");
        Deployment d = of(set, Deployment.class);
        assertEquals(3, d.getSpec().getReplicas());
        var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        for (String[] ref : new String[][] {{"CARAVAN_DB_URL", "jdbc-uri"}, {"CARAVAN_DB_USER", "username"},
                {"CARAVAN_DB_PASSWORD", "password"}}) {
            var key = c.getEnv().stream().filter(e -> e.getName().equals(ref[0])).findFirst().orElseThrow()
                    .getValueFrom().getSecretKeyRef();
            assertEquals("caravan-db", key.getName());
            assertEquals(ref[1], key.getKey());
            assertFalse(Boolean.TRUE.equals(key.getOptional()), ref[0] + " must be required");
        }
        assertFalse(of(set, ConfigMap.class).getData().containsKey("CARAVAN_DB_URL"), "one source for the URL");
        assertEquals(new Quantity("1Gi"), c.getResources().getRequests().get("memory"));
        assertEquals(c.getResources().getRequests().get("memory"), c.getResources().getLimits().get("memory"));
        assertNotNull(c.getResources().getRequests().get("cpu"), "the HPA scales on usage over the CPU request");

        HorizontalPodAutoscaler hpa = of(set, HorizontalPodAutoscaler.class);
        assertEquals("autoscaling/v2", hpa.getApiVersion());
        assertEquals(3, hpa.getSpec().getMinReplicas());
        assertEquals(6, hpa.getSpec().getMaxReplicas());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        PodDisruptionBudget pdb = of(set, PodDisruptionBudget.class);
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        assertEquals(null, pdb.getSpec().getMinAvailable());
    }

    private static void assertRefused(Consumer<List<HasMetadata>> breakIt, String expected) throws IOException {
        List<HasMetadata> set = new java.util.ArrayList<>(rawBase());
        breakIt.accept(set);
        List<String> problems = rules.check(set);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected) || p.contains(expected)),
                () -> "expected a problem starting \"" + expected + "\", got " + problems);
    }

    /** k8s/base as a set without kustomize: every resource file (not kustomization.yaml or the Secret example). */
    private static List<HasMetadata> rawBase() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("k8s/base"))) {
            List<Path> resources = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.endsWith("kustomization.yaml") && !f.endsWith("secret.example.yaml")).sorted().toList();
            assertEquals(7, resources.size(), resources::toString);
            List<HasMetadata> set = new java.util.ArrayList<>();
            for (Path f : resources) {
                set.addAll(valid(StrictManifests.read(Files.readString(f), f.toString())));
            }
            return set;
        }
    }

    private static List<HasMetadata> render(String dir) throws Exception {
        var kubectl = Kustomize.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH: the rendering of " + dir + " by kustomize is not"
                + " checked here (StrictManifestsTest and the raw-base checks still ran)");
        List<HasMetadata> set = valid(StrictManifests.read(Kustomize.render(kubectl.get(), Path.of(dir)), dir));
        assertTrue(set.size() >= 7, () -> dir + " rendered only " + set.size() + " objects");
        return set;
    }

    private static List<HasMetadata> valid(List<StrictManifests.Doc> docs) {
        List<String> problems = docs.stream().flatMap(d -> d.problems().stream().map(p -> d.origin() + ": " + p)).toList();
        assertEquals(List.of(), problems);
        return new java.util.ArrayList<>(docs.stream().map(StrictManifests.Doc::resource).toList());
    }

    private static ObjectNode withoutServerFields(ObjectMapper json, HasMetadata r) {
        ObjectNode node = json.valueToTree(client.getKubernetesSerialization().convertValue(r, Map.class));
        node.remove("status");
        ObjectNode meta = (ObjectNode) node.get("metadata");
        Stream.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields").forEach(meta::remove);
        return node;
    }

    private static io.fabric8.kubernetes.api.model.Container container(List<HasMetadata> set) {
        return of(set, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static <T> T of(List<HasMetadata> set, Class<T> type) {
        return set.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow(() ->
                new AssertionError("no " + type.getSimpleName() + " in the set"));
    }
}
