package dev.otlp.cluster;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A benchmark main, not a test: what a create, a get and a list of one namespace cost the embedded API
 * server's dispatcher (the 409 check and fabric8's handlers, without HTTP) over fabric8's store and over
 * the indexed one, with 1,000 and with 100,000 objects stored (ten kinds, 100 objects of each kind per
 * namespace, so the namespace listed always holds 100 ConfigMaps). The store is filled directly, as the
 * handlers would have stored the objects; medians of single requests, in microseconds.
 *
 * <pre>
 * ./mvnw -q -B -o -pl embedded-cluster -am test-compile -Dpmd.skip
 * ./mvnw -q -B -o -pl embedded-cluster dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx3g -cp embedded-cluster/target/classes:embedded-cluster/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.otlp.cluster.StoreScaleProbe [objects ...]   # multiples of 1,000; 1000 100000 by default
 * </pre>
 */
public final class StoreScaleProbe {

    private static final String[][] KINDS = {
        {"/api/v1", "configmaps", "v1", "ConfigMap"},
        {"/api/v1", "secrets", "v1", "Secret"},
        {"/api/v1", "services", "v1", "Service"},
        {"/api/v1", "serviceaccounts", "v1", "ServiceAccount"},
        {"/apis/apps/v1", "deployments", "apps/v1", "Deployment"},
        {"/apis/policy/v1", "poddisruptionbudgets", "policy/v1", "PodDisruptionBudget"},
        {"/apis/autoscaling/v2", "horizontalpodautoscalers", "autoscaling/v2", "HorizontalPodAutoscaler"},
        {"/apis/networking.k8s.io/v1", "networkpolicies", "networking.k8s.io/v1", "NetworkPolicy"},
        {"/apis/otlp.dev/v1alpha1", "otlpexporters", "otlp.dev/v1alpha1", "OtlpExporter"},
        {"/apis/coordination.k8s.io/v1", "leases", "coordination.k8s.io/v1", "Lease"},
    };
    private static final int PER_KIND_AND_NAMESPACE = 100;
    private static final int SAMPLES = 101;

    private StoreScaleProbe() {
    }

    public static void main(String[] args) {
        System.out.println("| store | objects | create (µs) | get (µs) | list of 100 in one namespace (µs) |");
        System.out.println("|---|---:|---:|---:|---:|");
        int[] sizes = args.length == 0 ? new int[] {1_000, 100_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int objects : sizes) {
            measure("fabric8", KubernetesCrudDispatcher::new, objects);
            measure("indexed", IndexedCrudDispatcher::new, objects);
        }
    }

    private static void measure(String name, Supplier<KubernetesCrudDispatcher> store, int objects) {
        KubernetesCrudDispatcher crud = EmbeddedApiServer.withBuiltInStatusSubresources(store.get());
        fill(crud, objects / (KINDS.length * PER_KIND_AND_NAMESPACE));
        ApiServerDispatcher server = new ApiServerDispatcher(crud, null);
        String configMaps = "/api/v1/namespaces/ns-0/configmaps";
        IntConsumer get = i -> send(server, HttpMethod.GET, configMaps + "/configmaps-" + i % PER_KIND_AND_NAMESPACE, null);
        IntConsumer list = i -> send(server, HttpMethod.GET, configMaps, null);
        IntConsumer create = i -> send(server, HttpMethod.POST, configMaps, object("v1", "ConfigMap", "created-" + i, "ns-0"));
        double getMicros = median(get);
        double listMicros = median(list);
        double createMicros = median(create);
        System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.0f |%n", name, crud.getMap().size(), createMicros,
                getMicros, listMicros);
    }

    private static void fill(KubernetesCrudDispatcher crud, int namespaces) {
        for (int n = 0; n < namespaces; n++) {
            for (String[] kind : KINDS) {
                String collection = kind[0] + "/namespaces/ns-" + n + "/" + kind[1];
                for (int i = 0; i < PER_KIND_AND_NAMESPACE; i++) {
                    String name = kind[1] + "-" + i;
                    String json = object(kind[2], kind[3], name, "ns-" + n);
                    AttributeSet key = AttributeSet.merge(crud.getKey(collection + "/" + name),
                            crud.getAttributeExtractor().fromResource(json));
                    crud.getMap().put(key, json);
                }
            }
        }
    }

    /** About the size of what the operator writes: labels, an owner, some data. */
    private static String object(String apiVersion, String kind, String name, String namespace) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"0b7e5c1a-1f0e-4d5e-9a59-3c1f2a1b" + name.hashCode()
                + "\",\"resourceVersion\":\"1\",\"generation\":1,\"creationTimestamp\":\"2026-12-08T00:00:00Z\","
                + "\"labels\":{\"app.kubernetes.io/name\":\"otlp-exporter\",\"app.kubernetes.io/instance\":\"" + name
                + "\",\"app.kubernetes.io/managed-by\":\"otlp-fleet-operator\"},\"ownerReferences\":[{\"apiVersion\":"
                + "\"otlp.dev/v1alpha1\",\"kind\":\"OtlpExporter\",\"name\":\"" + name + "\",\"uid\":\"d4c1\","
                + "\"controller\":true,\"blockOwnerDeletion\":true}]},\"data\":{\"config.toml\":\""
                + "x".repeat(600) + "\"}}";
    }

    /** The median of {@link #SAMPLES} timed calls, after as many untimed ones. */
    private static double median(IntConsumer request) {
        for (int i = 0; i < SAMPLES; i++) {
            request.accept(i);
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = SAMPLES; i < 2 * SAMPLES; i++) {
            long start = System.nanoTime();
            request.accept(i);
            nanos.add(System.nanoTime() - start);
        }
        Collections.sort(nanos);
        return nanos.get(nanos.size() / 2) / 1e3;
    }

    private static void send(ApiServerDispatcher server, HttpMethod method, String path, String body) {
        Headers.Builder headers = Headers.builder();
        if (body != null) {
            headers.add("Content-Type", "application/json");
        }
        Buffer buffer = body == null ? new Buffer() : new Buffer(body.getBytes(StandardCharsets.UTF_8));
        int code = server.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), buffer)).code();
        if (code >= 300) {
            throw new IllegalStateException(method + " " + path + " got " + code);
        }
    }
}
