package dev.otlp.operator.validation;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.ExporterPorts;
import dev.otlp.operator.model.SpecProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses an upstream that is the exporter's own Service: every batch would come straight back.
 * The runtime's own check catches {@code localhost} and loopback addresses; only the operator knows
 * the Service's DNS names ({@code X}, {@code X.ns}, {@code X.ns.svc}, {@code X.ns.svc.<cluster domain>}).
 */
final class ServiceSelfLoop {

    private ServiceSelfLoop() {
    }

    static void check(OtlpExporter exporter, String endpoint, List<SpecProblem> problems) {
        URI uri;
        try {
            uri = new URI(endpoint.strip());
        } catch (URISyntaxException e) {
            return;
        }
        if (uri.getHost() == null || (uri.getPort() != ExporterPorts.OTLP_GRPC && uri.getPort() != ExporterPorts.OTLP_HTTP)) {
            return;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String name = exporter.getMetadata().getName();
        String namespace = Optional.ofNullable(exporter.getMetadata().getNamespace()).orElse("default");
        String service = name + "." + namespace;
        if (host.equals(name) || host.equals(service) || host.equals(service + ".svc") || host.startsWith(service + ".svc.")) {
            problems.add(new SpecProblem("spec.upstream.endpoint", "points at this exporter's own Service (" + service
                    + ".svc:" + uri.getPort() + "), so every batch would loop back to it; set it to your collector"));
        }
    }
}
