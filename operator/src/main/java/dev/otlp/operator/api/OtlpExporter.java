package dev.otlp.operator.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@Group("otlp.dev")
@Version("v1alpha1")
@ShortNames("otlpx")
public class OtlpExporter extends CustomResource<OtlpExporterSpec, OtlpExporterStatus> implements Namespaced {
}
