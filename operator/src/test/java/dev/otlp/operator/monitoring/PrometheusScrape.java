package dev.otlp.operator.monitoring;

import dev.otlp.operator.model.ExporterSeries;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The target labels Prometheus gives the series it scrapes through a ServiceMonitor or PodMonitor: the
 * meta labels of its Kubernetes discovery ({@code endpoints} and {@code pod} roles) for each port, the
 * relabelings the Prometheus Operator generates for the monitor (as its {@code promcfg.go} writes them:
 * selector, port, namespace/service/pod/container, job, endpoint), then the monitor's own relabelings,
 * applied with Prometheus's relabeling semantics. Targets that a relabeling drops are left out.
 */
final class PrometheusScrape {

    private static final String SEPARATOR = ";";

    private PrometheusScrape() {
    }

    /** The targets of {@code monitor} among the ports of the Service's endpoints, one pod (container) each. */
    static List<Map<String, String>> serviceMonitorTargets(GenericKubernetesResource monitor, Service service,
                                                           Map<String, String> podToContainer) {
        Map<String, Object> endpoint = onlyEndpoint(monitor, "endpoints");
        List<Map<String, Object>> relabelings = new ArrayList<>();
        selector(monitor).forEach((key, value) -> relabelings.add(keepLabel("service", key, value)));
        relabelings.add(keep("__meta_kubernetes_endpoint_port_name", (String) endpoint.get("port")));
        relabelings.add(replace(List.of("__meta_kubernetes_endpoint_address_target_kind",
                "__meta_kubernetes_endpoint_address_target_name"), "Pod;(.*)", "pod"));
        relabelings.add(copy("__meta_kubernetes_namespace", "namespace"));
        relabelings.add(copy("__meta_kubernetes_service_name", "service"));
        relabelings.add(copy("__meta_kubernetes_pod_name", "pod"));
        relabelings.add(copy("__meta_kubernetes_pod_container_name", "container"));
        relabelings.add(copy("__meta_kubernetes_service_name", "job"));
        relabelings.add(constant("endpoint", (String) endpoint.get("port")));
        relabelings.addAll(monitorRelabelings(endpoint));

        List<Map<String, String>> targets = new ArrayList<>();
        int ip = 10;
        for (Map.Entry<String, String> pod : podToContainer.entrySet()) {
            ip++;
            for (ServicePort port : service.getSpec().getPorts()) {
                Map<String, String> meta = new TreeMap<>();
                meta.put("__address__", "10.1.0." + ip + ":" + port.getPort());
                meta.put("__meta_kubernetes_namespace", service.getMetadata().getNamespace());
                meta.put("__meta_kubernetes_service_name", service.getMetadata().getName());
                service.getMetadata().getLabels().forEach((key, value) -> {
                    meta.put(ExporterSeries.discoveredLabel("service", key), value);
                    meta.put(presentLabel("service", key), "true");
                });
                meta.put("__meta_kubernetes_endpoint_port_name", port.getName());
                meta.put("__meta_kubernetes_endpoint_address_target_kind", "Pod");
                meta.put("__meta_kubernetes_endpoint_address_target_name", pod.getKey());
                meta.put("__meta_kubernetes_pod_name", pod.getKey());
                meta.put("__meta_kubernetes_pod_container_name", pod.getValue());
                relabel(meta, relabelings).ifPresent(targets::add);
            }
        }
        return targets;
    }

    /** The targets of {@code monitor} among the declared ports of every container of the pods. */
    static List<Map<String, String>> podMonitorTargets(GenericKubernetesResource monitor, List<Pod> pods) {
        Map<String, Object> endpoint = onlyEndpoint(monitor, "podMetricsEndpoints");
        List<Map<String, Object>> relabelings = new ArrayList<>();
        Map<String, Object> finished = replace(List.of("__meta_kubernetes_pod_phase"), "(Failed|Succeeded)", null);
        finished.put("action", "drop");
        relabelings.add(finished);
        selector(monitor).forEach((key, value) -> relabelings.add(keepLabel("pod", key, value)));
        relabelings.add(keep("__meta_kubernetes_pod_container_port_name", (String) endpoint.get("port")));
        relabelings.add(copy("__meta_kubernetes_namespace", "namespace"));
        relabelings.add(copy("__meta_kubernetes_pod_container_name", "container"));
        relabelings.add(copy("__meta_kubernetes_pod_name", "pod"));
        relabelings.add(constant("job", monitor.getMetadata().getNamespace() + "/" + monitor.getMetadata().getName()));
        relabelings.add(constant("endpoint", (String) endpoint.get("port")));
        relabelings.addAll(monitorRelabelings(endpoint));

        List<Map<String, String>> targets = new ArrayList<>();
        for (Pod pod : pods) {
            if (!monitor.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())) {
                continue;
            }
            List<Container> containers = new ArrayList<>(pod.getSpec().getContainers());
            containers.addAll(pod.getSpec().getInitContainers());
            for (Container container : containers) {
                for (ContainerPort port : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
                    Map<String, String> meta = new TreeMap<>();
                    meta.put("__address__", pod.getStatus().getPodIP() + ":" + port.getContainerPort());
                    meta.put("__meta_kubernetes_namespace", pod.getMetadata().getNamespace());
                    meta.put("__meta_kubernetes_pod_name", pod.getMetadata().getName());
                    meta.put("__meta_kubernetes_pod_phase", pod.getStatus().getPhase());
                    Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of()).forEach((key, value) -> {
                        meta.put(ExporterSeries.discoveredLabel("pod", key), value);
                        meta.put(presentLabel("pod", key), "true");
                    });
                    meta.put("__meta_kubernetes_pod_container_name", container.getName());
                    meta.put("__meta_kubernetes_pod_container_init",
                            String.valueOf(pod.getSpec().getInitContainers().contains(container)));
                    meta.put("__meta_kubernetes_pod_container_port_name", Optional.ofNullable(port.getName()).orElse(""));
                    meta.put("__meta_kubernetes_pod_container_port_number", String.valueOf(port.getContainerPort()));
                    relabel(meta, relabelings).ifPresent(targets::add);
                }
            }
        }
        return targets;
    }

    /** Prometheus's relabeling: the labels left after every rule, without the {@code __} ones; empty when dropped. */
    @SuppressWarnings("unchecked")
    private static Optional<Map<String, String>> relabel(Map<String, String> discovered, List<Map<String, Object>> rules) {
        Map<String, String> labels = new TreeMap<>(discovered);
        for (Map<String, Object> rule : rules) {
            List<String> sources = (List<String>) rule.getOrDefault("sourceLabels", List.of());
            String value = sources.stream().map(source -> labels.getOrDefault(source, ""))
                    .collect(Collectors.joining((String) rule.getOrDefault("separator", SEPARATOR)));
            Matcher matcher = Pattern.compile("^(?:" + rule.getOrDefault("regex", "(.*)") + ")$").matcher(value);
            String action = ((String) rule.getOrDefault("action", "replace")).toLowerCase();
            switch (action) {
                case "keep" -> {
                    if (!matcher.matches()) {
                        return Optional.empty();
                    }
                }
                case "drop" -> {
                    if (matcher.matches()) {
                        return Optional.empty();
                    }
                }
                case "replace" -> {
                    if (matcher.matches()) {
                        String replaced = matcher.replaceFirst((String) rule.getOrDefault("replacement", "$1"));
                        String target = (String) rule.get("targetLabel");
                        if (replaced.isEmpty()) {
                            labels.remove(target);
                        } else {
                            labels.put(target, replaced);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("relabeling action " + action + " is not simulated");
            }
        }
        labels.putIfAbsent("instance", labels.get("__address__"));
        labels.keySet().removeIf(label -> label.startsWith("__"));
        return Optional.of(labels);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource monitor) {
        return (Map<String, Object>) Serialization.unmarshal(Serialization.asYaml(monitor), GenericKubernetesResource.class)
                .getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyEndpoint(GenericKubernetesResource monitor, String field) {
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec(monitor).get(field);
        if (endpoints.size() != 1) {
            throw new IllegalArgumentException(monitor.getKind() + " has " + endpoints.size() + " " + field);
        }
        return endpoints.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> selector(GenericKubernetesResource monitor) {
        return (Map<String, String>) ((Map<String, Object>) spec(monitor).get("selector")).get("matchLabels");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> monitorRelabelings(Map<String, Object> endpoint) {
        return (List<Map<String, Object>>) endpoint.getOrDefault("relabelings", List.of());
    }

    private static String presentLabel(String role, String key) {
        return ExporterSeries.discoveredLabel(role, key).replace("_label_", "_labelpresent_");
    }

    private static Map<String, Object> keepLabel(String role, String key, String value) {
        Map<String, Object> rule = replace(List.of(ExporterSeries.discoveredLabel(role, key), presentLabel(role, key)),
                "(" + Pattern.quote(value) + ");true", null);
        rule.put("action", "keep");
        return rule;
    }

    private static Map<String, Object> keep(String source, String regex) {
        Map<String, Object> rule = replace(List.of(source), regex, null);
        rule.put("action", "keep");
        return rule;
    }

    private static Map<String, Object> copy(String source, String target) {
        return replace(List.of(source), "(.*)", target);
    }

    private static Map<String, Object> constant(String target, String value) {
        Map<String, Object> rule = replace(List.of(), "(.*)", target);
        rule.put("replacement", value);
        return rule;
    }

    private static Map<String, Object> replace(List<String> sources, String regex, String target) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("sourceLabels", sources);
        rule.put("regex", regex);
        if (target != null) {
            rule.put("targetLabel", target);
        }
        return rule;
    }
}
