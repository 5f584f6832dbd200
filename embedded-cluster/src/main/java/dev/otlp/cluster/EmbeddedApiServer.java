package dev.otlp.cluster;

import dev.otlp.cluster.admission.KubernetesJson;
import dev.otlp.cluster.admission.ServiceRoutes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process Kubernetes API server: fabric8's {@link KubernetesMockServer} in CRUD mode on
 * {@code 127.0.0.1}, plain HTTP, with the discovery documents {@code kubectl} needs.
 *
 * <p>What it is, checked against fabric8 7.5.2 (see {@code EmbeddedApiServerTest}):
 * <ul>
 *   <li>It stores whatever it is given and validates nothing: no OpenAPI schema, no CEL, no
 *       defaults. There is no garbage collector (deleting an owner leaves its dependents), no
 *       controllers and no kubelet (a Deployment's status changes only when someone writes it).</li>
 *   <li>It stores objects of any kind, whether or not a CRD for it is installed, and lists an
 *       unknown kind as empty: only discovery ({@code client.hasApiGroup}) tells whether a CRD is
 *       installed, and a group appears there once its CRD is.</li>
 *   <li>Writes: POST, PUT, JSON Patch and JSON merge patch. Server-side apply is refused (415,
 *       or 404 when the object does not exist), and so are strategic-merge patches. A JSON patch
 *       that does not apply (replacing a missing path) gets 422, as on a real server.</li>
 *   <li>{@code metadata.generation} starts at 1 and goes up by one on every write that changes
 *       anything outside {@code metadata} and {@code status}.</li>
 *   <li>{@code /status} is a subresource for a custom resource only once its CRD is installed
 *       (before that, a write to the resource replaces its status too). This server also makes
 *       it one for the built-in kinds that have it on a real cluster (Deployment, Service, Pod,
 *       PodDisruptionBudget, HorizontalPodAutoscaler, ...), so an operator's update of a
 *       Deployment keeps the status a test wrote as the kubelet.</li>
 *   <li>A write to {@code /status} changes only {@code status} and never the generation.</li>
 *   <li>{@code resourceVersion} is one counter for all objects, bumped only when an object changes;
 *       a write carrying a stale {@code resourceVersion} gets 409.</li>
 *   <li>Request bodies must be JSON: a protobuf body (what {@code kubectl create configmap ...}
 *       sends) gets 415 here, where the mock alone would never answer.</li>
 *   <li>Discovery lists the built-in kinds the operator and its chart use (core, apps, batch,
 *       policy, autoscaling, networking, RBAC, admission registration, coordination) and every
 *       installed CRD. A GET of a custom resource that accepts a {@code meta.k8s.io/v1} Table gets
 *       one with the CRD's printer columns; built-in kinds are answered as JSON.</li>
 *   <li>Started with {@link #startWithAdmissionWebhooks}, it calls the webhooks of its stored
 *       Mutating- and ValidatingWebhookConfigurations on every write, as kube-apiserver does.</li>
 *   <li>{@code kubectl} works for {@code get} (with printer columns for custom resources),
 *       {@code create -f} and {@code apply} (both with {@code --validate=false}: there is no
 *       OpenAPI document; apply changes a custom resource, which it merge-patches, but not a
 *       built-in kind, which it strategic-merge-patches), {@code patch --type merge}, {@code label},
 *       {@code annotate}, {@code rollout status}, {@code delete}; not for {@code create <kind>},
 *       {@code apply --server-side}, {@code get -w} or {@code explain}.</li>
 *   <li>Deleting an object with finalizers sets {@code deletionTimestamp}; removing the last
 *       finalizer deletes it.</li>
 *   <li>A get, list, delete or write looks only at the stored objects of its resource and
 *       namespace (and name), not at every object stored ({@link IndexedCrudDispatcher}); a watch
 *       still looks at every object once, when it opens.</li>
 * </ul>
 */
public final class EmbeddedApiServer implements AutoCloseable {

    private static final String DEFAULT_NAMESPACE = "default";
    private static final List<String> MONITORING_CRDS = List.of("/embedded/crds/monitoring.coreos.com_servicemonitors.yaml",
            "/embedded/crds/monitoring.coreos.com_prometheusrules.yaml",
            "/embedded/crds/monitoring.coreos.com_podmonitors.yaml");
    private static final String KEDA_CRD = "/embedded/crds/keda.sh_scaledobjects.yaml";
    /** The mock web server logs every request at INFO through java.util.logging; held so the level sticks. */
    private static final Logger REQUEST_LOG = Logger.getLogger(MockWebServer.class.getName());

    static {
        REQUEST_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final ApiServerDispatcher dispatcher;
    private final KubernetesClient client;
    private final ServiceRoutes services = new ServiceRoutes();
    /** With admission: a second port onto the same store, for the webhooks' own requests (see {@link #newClientForWebhooks}). */
    private final MockWebServer webhookDoor;

    private EmbeddedApiServer(int port, boolean admission) {
        KubernetesCrudDispatcher crud = withBuiltInStatusSubresources(new IndexedCrudDispatcher());
        dispatcher = new ApiServerDispatcher(crud, admission ? new WebhookAdmission(crud, services) : null);
        server = new KubernetesMockServer(new Context(KubernetesJson.mapper()), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        dispatcher.addListener((method, path, userAgent) -> discardRequestHistory());
        server.start(InetAddress.getLoopbackAddress(), port);
        if (admission) {
            webhookDoor = new MockWebServer();
            webhookDoor.setDispatcher(dispatcher);
            webhookDoor.start(InetAddress.getLoopbackAddress(), 0);
        } else {
            webhookDoor = null;
        }
        client = newClient(null);
    }

    /** Makes {@code /status} a subresource of the built-in kinds that have one on a real cluster. */
    static KubernetesCrudDispatcher withBuiltInStatusSubresources(KubernetesCrudDispatcher crud) {
        new BuiltInApiResources().withStatusSubresource().forEach(kind -> crud.expectCustomResource(
                new CustomResourceDefinitionContext.Builder()
                        .withGroup(kind.group())
                        .withVersion(kind.version())
                        .withPlural(kind.plural())
                        .withKind(kind.kind())
                        .withScope(kind.namespaced() ? "Namespaced" : "Cluster")
                        .withStatusSubresource(true)
                        .build()));
        return crud;
    }

    /**
     * Starts a server that calls no admission webhooks: what the operator's tests run against.
     *
     * @param port the port to listen on, {@code 0} for a free one
     */
    public static EmbeddedApiServer start(int port) {
        return new EmbeddedApiServer(port, false);
    }

    /**
     * Starts a server that calls the admission webhooks of the Mutating- and
     * ValidatingWebhookConfigurations it stores on every create, update and delete, as
     * kube-apiserver does (see {@code AdmissionChain}). A webhook given as a {@code service} is
     * reached where {@link #routeService} says; a webhook that reads from this server while it
     * admits must use a client of {@link #newClientForWebhooks}.
     *
     * @param port the port to listen on, {@code 0} for a free one
     */
    public static EmbeddedApiServer startWithAdmissionWebhooks(int port) {
        return new EmbeddedApiServer(port, true);
    }

    /**
     * Where a webhook configuration's {@code clientConfig.service} {@code namespace/name:port} is
     * served: a cluster finds it through the Service's endpoints, this server has no pods.
     */
    public void routeService(String namespace, String name, int port, InetSocketAddress target) {
        services.route(namespace, name, port, target);
    }

    /**
     * A client for a webhook's own requests, which the caller closes. The server answers one request
     * at a time on its port, and waits for the webhooks while it admits a write: a webhook that read
     * from it through that port would wait for itself. This client uses a second port onto the same
     * objects. Only for a server started with admission webhooks.
     */
    public KubernetesClient newClientForWebhooks(String userAgent) {
        if (webhookDoor == null) {
            throw new IllegalStateException("this server calls no admission webhooks: start it with startWithAdmissionWebhooks");
        }
        return newClient("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + webhookDoor.getPort(),
                userAgent);
    }

    public int port() {
        return server.getPort();
    }

    /** The server's base URL, for example {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /**
     * A client for this server, closed with it; its default namespace is {@code default}. Unlike
     * {@code KubernetesMockServer.createClient()}, whose {@code hasApiGroup}/{@code supports} say
     * yes to every group, it asks discovery, so it sees a CRD only once it is installed.
     */
    public KubernetesClient client() {
        return client;
    }

    /**
     * A new client for this server, which the caller closes; default namespace {@code default}.
     *
     * @param userAgent its {@code User-Agent} header (so that {@link ApiRequestListener}s can tell
     *        its requests apart), or {@code null} for fabric8's default
     */
    public KubernetesClient newClient(String userAgent) {
        return newClient(url(), userAgent);
    }

    private static KubernetesClient newClient(String url, String userAgent) {
        ConfigBuilder config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace(DEFAULT_NAMESPACE)
                .withHttp2Disable(true);
        if (userAgent != null) {
            config.withUserAgent(userAgent);
        }
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }

    /** Creates (or replaces) the CRD held in a YAML file. */
    public CustomResourceDefinition installCrd(Path yaml) {
        try (InputStream in = Files.newInputStream(yaml)) {
            return installCrd(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRD " + yaml, e);
        }
    }

    /** Creates (or replaces) the CRD held in a YAML file on the classpath, such as a generated one. */
    public CustomResourceDefinition installCrdFromClasspath(String resource) {
        try (InputStream in = EmbeddedApiServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no CRD on the classpath at " + resource);
            }
            return installCrd(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRD " + resource, e);
        }
    }

    /**
     * Installs stand-ins for the Prometheus Operator's ServiceMonitor, PodMonitor and PrometheusRule CRDs
     * (their names, groups and versions, with an open schema), as a cluster running it has.
     */
    public void installMonitoringCrds() {
        MONITORING_CRDS.forEach(this::installCrdFromClasspath);
    }

    /** Installs KEDA's {@code scaledobjects.keda.sh} CRD, as a cluster with KEDA has it. */
    public void installKedaCrd() {
        installCrdFromClasspath(KEDA_CRD);
    }

    /** Creates (or replaces) the CRD held in a YAML document. */
    public CustomResourceDefinition installCrd(InputStream yaml) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
        crd.getMetadata().setResourceVersion(null);
        return client.resource(crd).createOr(NonDeletingOperation::update);
    }

    /** Writes a kubeconfig for this server (context namespace {@code default}) and returns its path. */
    public Path writeKubeconfig(Path file) {
        return KubeconfigWriter.write(file, url(), DEFAULT_NAMESPACE);
    }

    public void addRequestListener(ApiRequestListener listener) {
        dispatcher.addListener(listener);
    }

    @Override
    public void close() {
        client.close();
        if (webhookDoor != null) {
            webhookDoor.shutdown();
        }
        server.shutdown();
    }

    /** The mock web server keeps every request it has seen; a server that runs for days must not. */
    private void discardRequestHistory() {
        try {
            while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
                // discarded
            }
            while (webhookDoor != null && webhookDoor.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
                // discarded
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
