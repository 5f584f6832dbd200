package dev.otlp.operator.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A fleet of OTLP exporters: a Deployment of the exporter runtime that receives OTLP from
 * applications in the cluster and forwards it upstream, with everything it needs around it.
 */
@Group(OtlpExporter.GROUP)
@Version(OtlpExporter.VERSION)
@ShortNames("otlpx")
@SchemaSwap(originalType = OtlpExporter.class, fieldName = "spec", targetType = OtlpExporterSpec.class)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = Type.STRING)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = Type.STRING)
@AdditionalPrinterColumn(name = "Profile", jsonPath = ".status.profile", type = Type.STRING)
@AdditionalPrinterColumn(name = "Upstream", jsonPath = ".spec.upstream.endpoint", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(value = "self.metadata.name.matches('" + ApiPatterns.EXPORTER_NAME + "')",
        message = "metadata.name " + ApiPatterns.EXPORTER_NAME_MESSAGE,
        messageExpression = "'metadata.name \"' + self.metadata.name + '\" ' + \"" + ApiPatterns.EXPORTER_NAME_MESSAGE + "\"")
@ValidationRule(value = "self.metadata.name.size() <= " + ApiPatterns.MAX_EXPORTER_NAME,
        message = "metadata.name must be at most " + ApiPatterns.MAX_EXPORTER_NAME + " characters" + OtlpExporter.SERVICE_NAME,
        messageExpression = "'metadata.name must be at most " + ApiPatterns.MAX_EXPORTER_NAME
                + " characters, got ' + string(self.metadata.name.size()) + \"" + OtlpExporter.SERVICE_NAME + "\"")
@ValidationRule(value = "self.metadata.name.size() <= " + ApiPatterns.MAX_STATEFUL_SET_EXPORTER_NAME
        + " || self.metadata.name.size() > " + ApiPatterns.MAX_EXPORTER_NAME + " || !has(self.spec)"
        + " || !((has(self.spec.mode) && self.spec.mode == 'statefulset') || (has(self.spec.queue) && has(self.spec.queue.persistence)"
        + " && has(self.spec.queue.persistence.type) && self.spec.queue.persistence.type == 'persistentVolumeClaim'))",
        message = "metadata.name must be at most " + ApiPatterns.MAX_STATEFUL_SET_EXPORTER_NAME + OtlpExporter.STATEFUL_SET_NAME
                + OtlpExporter.REVISION_LABEL,
        messageExpression = "'metadata.name must be at most " + ApiPatterns.MAX_STATEFUL_SET_EXPORTER_NAME
                + OtlpExporter.STATEFUL_SET_NAME + ", got ' + string(self.metadata.name.size()) + \"" + OtlpExporter.REVISION_LABEL + "\"")
public class OtlpExporter extends CustomResource<OtlpExporterSpec, OtlpExporterStatus> implements Namespaced {

    private static final long serialVersionUID = 1L;

    public static final String GROUP = "otlp.dev";
    public static final String VERSION = "v1alpha1";
    /** The CRD that fabric8's crd-generator writes for this class, on the operator's classpath. */
    public static final String GENERATED_CRD = "/META-INF/fabric8/otlpexporters.otlp.dev-v1.yml";

    static final String SERVICE_NAME = ": it names the exporter's Service and is the value of its pods' label"
            + " app.kubernetes.io/instance";
    static final String STATEFUL_SET_NAME = " characters for a StatefulSet (mode statefulset, or queue.persistence.type"
            + " persistentVolumeClaim)";
    static final String REVISION_LABEL = ": its pods' label controller-revision-hash holds the name, a dash and a hash of up to"
            + " 10 characters";

    /** A spec this model cannot read becomes an unreadable one, so that one bad resource cannot stop the informer. */
    @Override
    @JsonDeserialize(using = TolerantSpecJson.Deserializer.class)
    public void setSpec(OtlpExporterSpec spec) {
        super.setSpec(spec);
    }

    @Override
    @JsonSerialize(using = TolerantSpecJson.Serializer.class)
    public OtlpExporterSpec getSpec() {
        return super.getSpec();
    }
}
