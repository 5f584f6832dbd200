package dev.otlp.operator.api;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A persistent queue: acknowledged data is appended to segment files on a volume before the
 * client is answered, and replayed after the runtime restarts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.storageClassName) || (has(self.type) && self.type == 'persistentVolumeClaim')",
        fieldPath = ".storageClassName", message = "storageClassName applies to type persistentVolumeClaim only",
        messageExpression = "'applies to type persistentVolumeClaim only'")
@SchemaCustomizer(value = IntOrStringLength.class, input = "size")
public class QueuePersistenceSpec {

    @JsonPropertyDescription("emptyDir: survives container restarts, OOM kills and liveness kills of the pod. "
            + "persistentVolumeClaim: a claim per replica that survives the pod being rescheduled; the exporter then runs as a StatefulSet.")
    @Required
    private QueuePersistenceType type;

    @JsonPropertyDescription("The volume's size: the emptyDir's sizeLimit or the claim's request. The queue uses up to 90% of it and then refuses new data with a retryable status. Default 1Gi.")
    @ValidationRule(value = ApiPatterns.SIZE_RULE, message = ApiPatterns.SIZE_MESSAGE,
            messageExpression = ApiPatterns.SIZE_MESSAGE_EXPRESSION)
    private IntOrString size;

    @JsonPropertyDescription("The claim's storage class (type persistentVolumeClaim); the cluster's default when unset.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    private String storageClassName;

    @JsonPropertyDescription("write (default): data is acknowledged once in the kernel's page cache, which survives any death of the process. "
            + "fsync: once on the device, which also survives a node crash.")
    private QueueSync sync;

    public QueuePersistenceType getType() {
        return type;
    }

    public void setType(QueuePersistenceType type) {
        this.type = type;
    }

    public IntOrString getSize() {
        return size;
    }

    public void setSize(IntOrString size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }

    public QueueSync getSync() {
        return sync;
    }

    public void setSync(QueueSync sync) {
        this.sync = sync;
    }
}
