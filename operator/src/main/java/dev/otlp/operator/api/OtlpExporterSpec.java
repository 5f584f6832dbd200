package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desired fleet of exporters: what they receive, how they batch, compress and send upstream, and how they run.
 * Every tuning field left unset takes the profile's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@SchemaCustomizer(value = KubernetesTypeBoundsSchema.class, input = KubernetesTypeBoundsSchema.SPEC)
@ValidationRule(value = OtlpExporterSpec.NOT_DAEMON_SET + "!has(self.replicas)", fieldPath = ".replicas",
        message = "replicas " + OtlpExporterSpec.NOT_FOR_DAEMON_SET,
        messageExpression = "string(self.replicas) + \" " + OtlpExporterSpec.NOT_FOR_DAEMON_SET + "\"")
@ValidationRule(value = OtlpExporterSpec.NOT_DAEMON_SET + "!has(self.autoscaling)", fieldPath = ".autoscaling",
        message = "autoscaling " + OtlpExporterSpec.NOT_FOR_DAEMON_SET,
        messageExpression = "\"" + OtlpExporterSpec.IS_SET + OtlpExporterSpec.NOT_FOR_DAEMON_SET + "\"")
@ValidationRule(value = OtlpExporterSpec.NOT_DAEMON_SET + "!has(self.podDisruptionBudget)", fieldPath = ".podDisruptionBudget",
        message = "podDisruptionBudget " + OtlpExporterSpec.NOT_FOR_DAEMON_SET,
        messageExpression = "\"" + OtlpExporterSpec.IS_SET + OtlpExporterSpec.NOT_FOR_DAEMON_SET + "\"")
@ValidationRule(value = "!has(self.hostPort) || !self.hostPort || (has(self.mode) && self.mode == 'daemonset')", fieldPath = ".hostPort",
        message = "hostPort applies to mode daemonset only",
        messageExpression = "'true applies to mode daemonset only, not to mode ' + " + OtlpExporterSpec.MODE)
@ValidationRule(value = "!(has(self.monitoring) && has(self.monitoring.podMonitor)) || (has(self.mode) && self.mode == 'sidecar')",
        fieldPath = ".monitoring.podMonitor",
        message = "monitoring.podMonitor applies to mode sidecar only; the other modes are scraped through their Service, by a"
                + " ServiceMonitor",
        messageExpression = "'applies to mode sidecar only; mode ' + " + OtlpExporterSpec.MODE
                + " + ' is scraped through its Service by spec.monitoring.serviceMonitor'")
@ValidationRule(value = OtlpExporterSpec.NOT_SIDECAR + "!has(self.replicas)", fieldPath = ".replicas",
        message = "replicas " + OtlpExporterSpec.NOT_FOR_SIDECAR,
        messageExpression = "string(self.replicas) + \" " + OtlpExporterSpec.NOT_FOR_SIDECAR + "\"")
@ValidationRule(value = OtlpExporterSpec.NOT_SIDECAR + "!has(self.autoscaling)", fieldPath = ".autoscaling",
        message = "autoscaling " + OtlpExporterSpec.NOT_FOR_SIDECAR,
        messageExpression = "\"" + OtlpExporterSpec.IS_SET + OtlpExporterSpec.NOT_FOR_SIDECAR + "\"")
@ValidationRule(value = OtlpExporterSpec.NOT_SIDECAR + "!has(self.podDisruptionBudget)", fieldPath = ".podDisruptionBudget",
        message = "podDisruptionBudget " + OtlpExporterSpec.NOT_FOR_SIDECAR,
        messageExpression = "\"" + OtlpExporterSpec.IS_SET + OtlpExporterSpec.NOT_FOR_SIDECAR + "\"")
@ValidationRule(value = OtlpExporterSpec.NOT_SIDECAR + "!has(self.networkPolicy)", fieldPath = ".networkPolicy",
        message = "networkPolicy " + OtlpExporterSpec.NOT_FOR_SIDECAR,
        messageExpression = "\"" + OtlpExporterSpec.IS_SET + OtlpExporterSpec.NOT_FOR_SIDECAR + "\"")
@ValidationRule(value = OtlpExporterSpec.NOT_SIDECAR + "!(has(self.queue) && has(self.queue.persistence))", fieldPath = ".queue.persistence",
        message = "queue.persistence " + OtlpExporterSpec.NOT_FOR_SIDECAR + OtlpExporterSpec.MEMORY_QUEUE,
        messageExpression = "\"" + OtlpExporterSpec.IS_SET + OtlpExporterSpec.NOT_FOR_SIDECAR + OtlpExporterSpec.MEMORY_QUEUE + "\"")
@ValidationRule(value = OtlpExporterSpec.NOT_SIDECAR + "!(has(self.monitoring) && has(self.monitoring.serviceMonitor))",
        fieldPath = ".monitoring.serviceMonitor",
        message = "monitoring.serviceMonitor " + OtlpExporterSpec.NOT_FOR_SIDECAR + OtlpExporterSpec.NO_SERVICE,
        messageExpression = "\"" + OtlpExporterSpec.IS_SET + OtlpExporterSpec.NOT_FOR_SIDECAR + OtlpExporterSpec.NO_SERVICE + "\"")
public class OtlpExporterSpec {

    // The CEL rules' parts: each rule judges one field (its fieldPath); its message names the field for API servers
    // that report a rule at the node it is attached to, its messageExpression says the rest with the value.
    /** CEL, the start of a rule that holds unless the mode is daemonset. */
    static final String NOT_DAEMON_SET = "!has(self.mode) || self.mode != 'daemonset' || ";
    /** CEL, the start of a rule that holds unless the mode is sidecar. */
    static final String NOT_SIDECAR = "!has(self.mode) || self.mode != 'sidecar' || ";
    /** CEL, the mode as the resource spells it; a Deployment when unset. */
    static final String MODE = "(has(self.mode) ? self.mode : 'deployment')";
    static final String IS_SET = "is set, but ";
    static final String NOT_FOR_DAEMON_SET = "does not apply to mode daemonset, which runs one pod per node";
    static final String NOT_FOR_SIDECAR = "does not apply to mode sidecar, which runs in the applications' pods";
    static final String MEMORY_QUEUE = ": a sidecar keeps its queue in memory; use mode statefulset for a persistent queue";
    static final String NO_SERVICE = ", behind no Service of the exporter's: use spec.monitoring.podMonitor";

    /** Why the stored spec could not be read into this model, or null: see {@link TolerantSpecJson}. */
    @JsonIgnore
    private Unreadable unreadable;

    /**
     * What made a stored spec unreadable.
     *
     * @param fields the fields the model cannot hold; the spec holds every other field as stored, unless one of these
     *               is {@code spec} itself
     * @param stored the spec as stored, written back unchanged whenever the resource is serialized
     */
    public record Unreadable(List<Field> fields, JsonNode stored) {

        /**
         * @param field   the spec field, e.g. {@code spec.batching.size}
         * @param problem its value and what is wrong with it
         */
        public record Field(String field, String problem) {
        }

        /** Whether nothing of the spec could be read, rather than some of its fields. */
        public boolean whole() {
            return fields.stream().anyMatch(field -> field.field().equals("spec"));
        }
    }

    @JsonPropertyDescription("Tuning profile that supplies the defaults of batching, compression, connectionPool, queue and resources: low-latency, balanced or high-throughput. Default balanced.")
    @Default("balanced")
    private TuningProfile profile;

    @JsonPropertyDescription("Exporter pods to run when autoscaling is unset. Default 1.")
    @SpecReplicas
    @Min(0)
    @Max(ApiPatterns.MAX_REPLICAS)
    private Integer replicas;

    @JsonPropertyDescription("Container image of the exporter runtime. Default: the image the operator is configured with.")
    @Pattern(ApiPatterns.IMAGE)
    private String image;

    @JsonPropertyDescription("Where received data is forwarded.")
    @Required
    private UpstreamSpec upstream;

    @JsonPropertyDescription("Batching of received items. Defaults from the profile.")
    private BatchingSpec batching;

    @JsonPropertyDescription("Compression of batches sent upstream. Defaults from the profile.")
    private CompressionSpec compression;

    @JsonPropertyDescription("The pool of connections to the upstream. Defaults from the profile.")
    private ConnectionPoolSpec connectionPool;

    @JsonPropertyDescription("Retries of failed exports.")
    private RetrySpec retry;

    @JsonPropertyDescription("The bound on data held in memory; when full, senders are asked to retry later. Defaults from the profile.")
    private QueueSpec queue;

    @JsonPropertyDescription("TLS and authentication of the OTLP listeners (gRPC 4317, HTTP 4318).")
    private ReceiverSpec receiver;

    @JsonPropertyDescription("CPU and memory requests and limits of the exporter container. Default: the profile's.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Scale with a HorizontalPodAutoscaler (or KEDA) on CPU, queue fill or received items instead of a"
            + " fixed replica count.")
    private AutoscalingSpec autoscaling;

    @JsonPropertyDescription("The PodDisruptionBudget used when more than one replica runs.")
    private DisruptionBudgetSpec podDisruptionBudget;

    @JsonPropertyDescription("After SIGTERM, how long a pod keeps taking data while unready, so that the Service stops sending to it before it refuses new data (retryably). 0s refuses at once. The pods' termination grace period is this plus the queue's drain timeout plus 10s. Default 5s; as a sidecar 0s (clients on localhost, and the application stops first).")
    @Pattern(ApiPatterns.DURATION)
    @Size(max = ApiPatterns.MAX_DURATION)
    private String shutdownDelay;

    @JsonPropertyDescription("ServiceMonitor and PrometheusRule alerts.")
    private MonitoringSpec monitoring;

    @JsonPropertyDescription("The runtime's profiling endpoints (thread dump, flight recording), on the pods' loopback.")
    private ProfilingSpec profiling;

    @JsonPropertyDescription("How the pods run: deployment (default; a gateway), daemonset (one pod per node, a node-local agent: its Service keeps traffic on the node), statefulset (a gateway whose replicas each keep a queue on a claim; implied by queue.persistence.type persistentVolumeClaim) or sidecar (injected into application pods annotated otlp.dev/inject, which send to localhost:4317).")
    private ExporterMode mode;

    @JsonPropertyDescription("Mode daemonset: also open 4317 and 4318 on each node's own address (hostPort), for clients outside the cluster network. Pod Security baseline forbids host ports: the namespace needs pod-security.kubernetes.io/enforce=privileged. With networkPolicy, admit those clients by ipBlock. With receiver.tls.generate the certificate names the Service, not the nodes: clients sending to https://<node-ip>:4317 must set the TLS server name to <name>.<namespace>.svc. Default false.")
    private Boolean hostPort;

    @JsonPropertyDescription("A NetworkPolicy that lets only allowed sources reach the exporter's pods.")
    private NetworkPolicySpec networkPolicy;

    @JsonPropertyDescription("The exporter's log level and format.")
    private LoggingSpec logging;

    @JsonPropertyDescription("Extra environment variables for the exporter container. A variable named after a runtime setting (OTLP_ENDPOINT, PERFORMANCE_BATCH_SIZE, ...) is refused: the operator renders those from the spec and checks them before they roll out.")
    private List<EnvVar> env;

    @JsonPropertyDescription("Node labels the exporter pods must run on.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the exporter pods.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("Affinity rules of the exporter pods.")
    private Affinity affinity;

    @JsonPropertyDescription("Extra annotations on the exporter pods.")
    private Map<String, String> podAnnotations;

    @JsonPropertyDescription("Extra labels on the exporter pods; app.kubernetes.io/name and app.kubernetes.io/instance are the operator's.")
    @ValidationRule(value = "!('app.kubernetes.io/name' in self) && !('app.kubernetes.io/instance' in self)", message = "app.kubernetes.io/name and app.kubernetes.io/instance are set by the operator")
    private Map<String, String> podLabels;

    /** {@code readable}, the fields of a stored spec the model could hold, saying why it lacks the others. */
    static OtlpExporterSpec unreadable(OtlpExporterSpec readable, Unreadable why) {
        readable.unreadable = why;
        return readable;
    }

    /** Why the stored spec, or some of its fields, could not be read; empty when all of it was read. */
    public Optional<Unreadable> unreadable() {
        return Optional.ofNullable(unreadable);
    }

    public TuningProfile getProfile() {
        return profile;
    }

    public void setProfile(TuningProfile profile) {
        this.profile = profile;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public UpstreamSpec getUpstream() {
        return upstream;
    }

    public void setUpstream(UpstreamSpec upstream) {
        this.upstream = upstream;
    }

    public BatchingSpec getBatching() {
        return batching;
    }

    public void setBatching(BatchingSpec batching) {
        this.batching = batching;
    }

    public CompressionSpec getCompression() {
        return compression;
    }

    public void setCompression(CompressionSpec compression) {
        this.compression = compression;
    }

    public ConnectionPoolSpec getConnectionPool() {
        return connectionPool;
    }

    public void setConnectionPool(ConnectionPoolSpec connectionPool) {
        this.connectionPool = connectionPool;
    }

    public RetrySpec getRetry() {
        return retry;
    }

    public void setRetry(RetrySpec retry) {
        this.retry = retry;
    }

    public QueueSpec getQueue() {
        return queue;
    }

    public void setQueue(QueueSpec queue) {
        this.queue = queue;
    }

    public ReceiverSpec getReceiver() {
        return receiver;
    }

    public void setReceiver(ReceiverSpec receiver) {
        this.receiver = receiver;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public AutoscalingSpec getAutoscaling() {
        return autoscaling;
    }

    public void setAutoscaling(AutoscalingSpec autoscaling) {
        this.autoscaling = autoscaling;
    }

    public DisruptionBudgetSpec getPodDisruptionBudget() {
        return podDisruptionBudget;
    }

    public void setPodDisruptionBudget(DisruptionBudgetSpec podDisruptionBudget) {
        this.podDisruptionBudget = podDisruptionBudget;
    }

    public String getShutdownDelay() {
        return shutdownDelay;
    }

    public void setShutdownDelay(String shutdownDelay) {
        this.shutdownDelay = shutdownDelay;
    }

    public MonitoringSpec getMonitoring() {
        return monitoring;
    }

    public void setMonitoring(MonitoringSpec monitoring) {
        this.monitoring = monitoring;
    }

    public ProfilingSpec getProfiling() {
        return profiling;
    }

    public void setProfiling(ProfilingSpec profiling) {
        this.profiling = profiling;
    }

    public ExporterMode getMode() {
        return mode;
    }

    public void setMode(ExporterMode mode) {
        this.mode = mode;
    }

    public Boolean getHostPort() {
        return hostPort;
    }

    public void setHostPort(Boolean hostPort) {
        this.hostPort = hostPort;
    }

    public NetworkPolicySpec getNetworkPolicy() {
        return networkPolicy;
    }

    public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
        this.networkPolicy = networkPolicy;
    }

    public LoggingSpec getLogging() {
        return logging;
    }

    public void setLogging(LoggingSpec logging) {
        this.logging = logging;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public Map<String, String> getPodAnnotations() {
        return podAnnotations;
    }

    public void setPodAnnotations(Map<String, String> podAnnotations) {
        this.podAnnotations = podAnnotations;
    }

    public Map<String, String> getPodLabels() {
        return podLabels;
    }

    public void setPodLabels(Map<String, String> podLabels) {
        this.podLabels = podLabels;
    }
}
