package dev.otlp.operator.webhook;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.validation.SpecValidation;
import dev.otlp.operator.validation.SpecWarnings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.operator.api.KubernetesJson;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The validating admission decision for an {@code OtlpExporter}: the same checks the reconciler
 * makes ({@link SpecValidation}, ending with the runtime's own validator), so that an invalid
 * resource is refused at {@code kubectl apply} with every field named, before it is stored. Risky
 * settings are allowed with {@code warnings}, which kubectl prints. Secrets are not looked up:
 * whether they exist is for the status to say.
 */
public final class ExporterAdmission {

    private static final ObjectMapper JSON = KubernetesJson.MAPPER;

    private ExporterAdmission() {
    }

    /** The {@code AdmissionReview} (v1) answering {@code review}. */
    public static JsonNode answer(JsonNode review) {
        JsonNode request = review.path("request");
        ObjectNode response = AdmissionReviews.allowing(request);
        String operation = request.path("operation").asText();
        if (operation.equals("CREATE") || operation.equals("UPDATE")) {
            decide(request, response);
        }
        return AdmissionReviews.answer(response);
    }

    private static void decide(JsonNode request, ObjectNode response) {
        OtlpExporter exporter;
        try {
            exporter = JSON.treeToValue(request.path("object"), OtlpExporter.class);
        } catch (Exception e) {
            deny(response, "the OtlpExporter cannot be read: " + e.getMessage());
            return;
        }
        if (exporter == null || exporter.getMetadata() == null) {
            deny(response, "the request holds no OtlpExporter");
            return;
        }
        if (exporter.getMetadata().getNamespace() == null) {
            exporter.getMetadata().setNamespace(request.path("namespace").asText(null));
        }
        List<SpecProblem> problems = SpecValidation.problems(exporter);
        if (!problems.isEmpty()) {
            deny(response, "OtlpExporter " + exporter.getMetadata().getName() + " is invalid: "
                    + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
            return;
        }
        List<SpecProblem> warnings = SpecWarnings.of(exporter);
        if (!warnings.isEmpty()) {
            warnings.forEach(warning -> response.withArray("warnings").add(warning.toString()));
        }
    }

    private static void deny(ObjectNode response, String message) {
        AdmissionReviews.refuse(response, 422, "Invalid", message);
    }
}
