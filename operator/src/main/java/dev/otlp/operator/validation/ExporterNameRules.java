package dev.otlp.operator.validation;

import dev.otlp.operator.api.ApiPatterns;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.model.WorkloadKind;

import java.util.List;
import java.util.Optional;

/**
 * What a real API server would refuse of the objects named after an OtlpExporter: its Service takes its name (a
 * DNS-1035 label of at most 63 characters) and its pods' labels carry it; the CRD's root CEL rules on
 * {@code metadata.name} say the same at admission. The other objects' names add suffixes ({@code -config},
 * {@code -receiver-tls}, {@code -alerts}...) and are DNS-1123 subdomains of up to 253 characters, which any valid
 * name leaves room for.
 */
final class ExporterNameRules {

    private static final String FIELD = "metadata.name";

    private ExporterNameRules() {
    }

    static void check(OtlpExporter exporter, List<SpecProblem> problems) {
        String name = Optional.ofNullable(exporter.getMetadata()).map(metadata -> metadata.getName()).orElse(null);
        if (name == null) {
            return;
        }
        if (!name.matches(ApiPatterns.EXPORTER_NAME)) {
            problems.add(new SpecProblem(FIELD, "\"" + name + "\" " + ApiPatterns.EXPORTER_NAME_MESSAGE));
        }
        if (name.length() > ApiPatterns.MAX_EXPORTER_NAME) {
            problems.add(new SpecProblem(FIELD, "must be at most " + ApiPatterns.MAX_EXPORTER_NAME + " characters, got "
                    + name.length() + ": it names the exporter's Service and is the value of its pods' label"
                    + " app.kubernetes.io/instance"));
        } else if (name.length() > ApiPatterns.MAX_STATEFUL_SET_EXPORTER_NAME && WorkloadKind.of(exporter) == WorkloadKind.STATEFUL_SET) {
            problems.add(new SpecProblem(FIELD, "must be at most " + ApiPatterns.MAX_STATEFUL_SET_EXPORTER_NAME
                    + " characters for a StatefulSet (mode statefulset, or queue.persistence.type persistentVolumeClaim), got "
                    + name.length() + ": its pods' label controller-revision-hash holds the name, a dash and a hash of up to 10"
                    + " characters"));
        }
    }
}
