package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/**
 * What the operator observed and did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@SchemaCustomizer(value = KubernetesTypeBoundsSchema.class, input = KubernetesTypeBoundsSchema.STATUS)
public class OtlpExporterStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    @Min(0)
    @Max(ApiPatterns.MAX_GENERATION)
    private Long observedGeneration;

    @JsonPropertyDescription("The profile in effect.")
    private TuningProfile profile;

    @JsonPropertyDescription("Exporter pods that exist.")
    @StatusReplicas
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer replicas;

    @JsonPropertyDescription("Exporter pods of the current configuration that are ready.")
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer readyReplicas;

    @JsonPropertyDescription("Ready pods of the current configuration out of those wanted, e.g. 2/3: the READY column.")
    private String ready;

    @JsonPropertyDescription("Label selector of the exporter pods, for the scale subresource.")
    @LabelSelector
    private String selector;

    @JsonPropertyDescription("Hash of the rendered configuration and of which Secrets the pods mount (not of their contents, which the pods reload); also on the pod template as otlp.dev/config-hash.")
    private String configHash;

    @JsonPropertyDescription("Where applications send OTLP: the Service's host and gRPC port, e.g. gateway.observability.svc:4317.")
    private String endpoint;

    @JsonPropertyDescription("Mode sidecar: the running application pods the runtime was injected into.")
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer injectedPods;

    @JsonPropertyDescription("With spec.receiver.auth.apiKey.generate: since when the current key exists and, during the"
            + " grace period after a rotation (annotation otlp.dev/rotate-receiver-key), since when the previous key"
            + " exists and when it stops being accepted. Times only; the keys are in the Secret <name>-receiver-api-key.")
    private ReceiverApiKeyStatus receiverApiKey;

    @JsonPropertyDescription("Mode statefulset: the queue claims of scaled-down replicas that still hold undelivered data"
            + " (condition QueueRetained); each is delivered when the exporter scales back to include its ordinal.")
    private List<RetainedQueueStatus> retainedQueues;

    @JsonPropertyDescription("Ready, Progressing and Degraded, each with a reason and a message.")
    private List<Condition> conditions;

    public List<RetainedQueueStatus> getRetainedQueues() {
        return retainedQueues;
    }

    public void setRetainedQueues(List<RetainedQueueStatus> retainedQueues) {
        this.retainedQueues = retainedQueues;
    }

    public String getReady() {
        return ready;
    }

    public void setReady(String ready) {
        this.ready = ready;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
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

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public String getConfigHash() {
        return configHash;
    }

    public void setConfigHash(String configHash) {
        this.configHash = configHash;
    }

    public Integer getInjectedPods() {
        return injectedPods;
    }

    public void setInjectedPods(Integer injectedPods) {
        this.injectedPods = injectedPods;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public ReceiverApiKeyStatus getReceiverApiKey() {
        return receiverApiKey;
    }

    public void setReceiverApiKey(ReceiverApiKeyStatus receiverApiKey) {
        this.receiverApiKey = receiverApiKey;
    }
}
