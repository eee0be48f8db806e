package dev.caravan.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the Caravan manifests must hold beyond the API's schema, checked on a rendered set: probes on the real
 * health endpoints and HTTP port, Service/PDB/HPA pointing at the pods, a termination grace period that covers
 * the shutdown, no replica count above 1 without the PostgreSQL warehouse (H2 would give each pod its own
 * database), and no Secret with values.
 */
final class ManifestRules {

    private final AppDefaults defaults;

    ManifestRules(AppDefaults defaults) {
        this.defaults = defaults;
    }

    List<String> check(List<HasMetadata> set) {
        List<String> problems = new ArrayList<>();
        List<Deployment> deployments = of(set, Deployment.class);
        if (deployments.isEmpty()) {
            problems.add("no Deployment");
        }
        for (Deployment d : deployments) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Function<String, Optional<String>> env = key -> setting(set, c, key);
            String name = "Deployment " + d.getMetadata().getName();
            int port = env.apply("CARAVAN_HTTP_PORT").map(Integer::parseInt).orElse(defaults.httpPort());
            probe(problems, name + " startupProbe", c, c.getStartupProbe(), "/q/health/started", port);
            probe(problems, name + " readinessProbe", c, c.getReadinessProbe(), "/q/health/ready", port);
            probe(problems, name + " livenessProbe", c, c.getLivenessProbe(), "/q/health/live", port);
            grace(problems, name, d, env);
            warehouse(problems, name, maxReplicas(set, d), c, env);
            Map<String, String> pods = d.getSpec().getTemplate().getMetadata().getLabels();
            for (Service s : of(set, Service.class)) {
                if (!pods.entrySet().containsAll(s.getSpec().getSelector().entrySet())) {
                    problems.add("Service " + s.getMetadata().getName() + " selects no pod of " + name);
                }
                s.getSpec().getPorts().forEach(p -> {
                    if (containerPort(c, p.getTargetPort()).isEmpty()) {
                        problems.add("Service " + s.getMetadata().getName() + " targets port " + p.getTargetPort()
                                .getValue() + ", which the container does not expose");
                    }
                });
            }
            for (PodDisruptionBudget pdb : of(set, PodDisruptionBudget.class)) {
                if (!selects(pdb.getSpec().getSelector(), pods)) {
                    problems.add("PodDisruptionBudget " + pdb.getMetadata().getName() + " selects no pod of " + name);
                }
            }
        }
        for (HorizontalPodAutoscaler hpa : of(set, HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            if (deployments.stream().noneMatch(d -> d.getMetadata().getName().equals(target))) {
                problems.add("HorizontalPodAutoscaler " + hpa.getMetadata().getName() + " scales " + target
                        + ", which is not in the set");
            }
        }
        of(set, Secret.class).forEach(s -> problems.add("Secret " + s.getMetadata().getName()
                + " is rendered: Secrets are created with kubectl, never kept with values in the repository"));
        return problems;
    }

    private void probe(List<String> problems, String what, Container c, Probe probe, String path, int port) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(what + ": missing (an HTTP GET on " + path + ")");
            return;
        }
        if (!path.equals(probe.getHttpGet().getPath())) {
            problems.add(what + ": GET " + probe.getHttpGet().getPath() + ", the service answers on " + path);
        }
        Optional<Integer> number = containerPort(c, probe.getHttpGet().getPort()).map(ContainerPort::getContainerPort);
        if (number.isEmpty() || number.get() != port) {
            problems.add(what + ": port " + probe.getHttpGet().getPort().getValue() + " is not the HTTP port " + port);
        }
    }

    private void grace(List<String> problems, String name, Deployment d, Function<String, Optional<String>> env) {
        Duration runs = env.apply("CARAVAN_SHUTDOWN_GRACE").map(AppDefaults::duration).orElse(defaults.shutdownGrace());
        Duration camel = env.apply("CARAVAN_CAMEL_SHUTDOWN_TIMEOUT").map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(defaults.camelShutdownTimeout());
        Long kubelet = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        if (runs.compareTo(camel) >= 0) {
            problems.add(name + ": CARAVAN_SHUTDOWN_GRACE " + runs.toSeconds() + " s must be below Camel's shutdown"
                    + " timeout " + camel.toSeconds() + " s (the runs stop inside it)");
        }
        long needed = camel.toSeconds() + 10;
        if (kubelet == null || kubelet < needed) {
            problems.add(name + ": terminationGracePeriodSeconds " + kubelet + " does not cover Camel's shutdown timeout "
                    + camel.toSeconds() + " s plus 10 s: SIGKILL would cut the shutdown short");
        }
    }

    /** More than one replica only on the shared PostgreSQL warehouse: H2 is a file per pod. */
    private static void warehouse(List<String> problems, String name, int replicas, Container c,
            Function<String, Optional<String>> env) {
        if (replicas <= 1) {
            return;
        }
        Optional<EnvVar> fromSecret = c.getEnv().stream().filter(e -> e.getName().equals("CARAVAN_DB_URL")
                && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null).findFirst();
        if (fromSecret.isPresent()) {
            if (Boolean.TRUE.equals(fromSecret.get().getValueFrom().getSecretKeyRef().getOptional())) {
                problems.add(name + ": CARAVAN_DB_URL from an optional Secret key: a pod without it would run on H2");
            }
            return;
        }
        String url = env.apply("CARAVAN_DB_URL").orElse("");
        if (!url.startsWith("jdbc:postgresql://")) {
            problems.add(name + ": up to " + replicas + " replicas need the PostgreSQL warehouse, but CARAVAN_DB_URL is \""
                    + url + "\": on H2 every pod would have a database of its own and import everything again");
        }
    }

    private static int maxReplicas(List<HasMetadata> set, Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        for (HorizontalPodAutoscaler hpa : of(set, HorizontalPodAutoscaler.class)) {
            if (hpa.getSpec().getScaleTargetRef().getName().equals(d.getMetadata().getName())) {
                replicas = Math.max(replicas, hpa.getSpec().getMaxReplicas());
            }
        }
        return replicas;
    }

    /** A setting as the container sees it: a literal env entry, else a ConfigMap of the set named in envFrom. */
    private static Optional<String> setting(List<HasMetadata> set, Container c, String key) {
        for (EnvVar e : c.getEnv()) {
            if (e.getName().equals(key) && e.getValue() != null) {
                return Optional.of(e.getValue());
            }
        }
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() == null) {
                continue;
            }
            for (ConfigMap cm : of(set, ConfigMap.class)) {
                if (cm.getMetadata().getName().equals(from.getConfigMapRef().getName()) && cm.getData() != null
                        && cm.getData().containsKey(key)) {
                    return Optional.of(cm.getData().get(key));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<ContainerPort> containerPort(Container c, IntOrString port) {
        return c.getPorts().stream().filter(p -> port != null && (port.getIntVal() != null
                ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName()))).findFirst();
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector != null && selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()
                && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    private static <T> List<T> of(List<HasMetadata> set, Class<T> type) {
        return set.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
