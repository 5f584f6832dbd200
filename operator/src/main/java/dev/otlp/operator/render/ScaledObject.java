package dev.otlp.operator.render;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

import java.util.Map;

/**
 * A KEDA ScaledObject, with its spec as plain data. Typed (and not a {@code GenericKubernetesResource}) so that its
 * informer can be prepared without API discovery while KEDA's CRD is still absent; not a {@code CustomResource}, so that
 * the CRD generator leaves it alone. Registered with fabric8's deserializer (META-INF/services) by its kind, and read as
 * itself. Its status is never read.
 */
@Group(ScaledObject.GROUP)
@Version(ScaledObject.VERSION)
@Kind(ScaledObject.KIND)
@Plural("scaledobjects")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public class ScaledObject implements HasMetadata, Namespaced {

    public static final String GROUP = "keda.sh";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "ScaledObject";
    /** KEDA's CRD: a ScaledObject is created only while it exists. */
    public static final String CRD = "scaledobjects." + GROUP;
    private static final long serialVersionUID = 1L;

    private String apiVersion = GROUP + "/" + VERSION;
    private String kind = KIND;
    private ObjectMeta metadata;
    private Map<String, Object> spec;

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public Map<String, Object> getSpec() {
        return spec;
    }

    public void setSpec(Map<String, Object> spec) {
        this.spec = spec;
    }
}
