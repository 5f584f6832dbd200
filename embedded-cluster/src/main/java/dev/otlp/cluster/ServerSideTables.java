package dev.otlp.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlp.cluster.admission.KubernetesJson;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.mockwebserver.http.MockResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Server-side tables for custom resources, as kube-apiserver answers {@code kubectl get}: when a GET
 * of a custom resource or its list accepts {@code application/json;as=Table;v=v1;g=meta.k8s.io}, the
 * answer is a {@code meta.k8s.io/v1} Table with a Name column and the {@code additionalPrinterColumns}
 * of the CRD as installed at that moment, each cell its column's JSONPath evaluated on the object
 * (the first value; {@code date} columns as an age, as kube-apiserver formats them). Rows carry the
 * object's metadata ({@code includeObject=Metadata}, the default), the whole object ({@code Object})
 * or nothing ({@code None}). Built-in kinds are answered as JSON, and kubectl prints NAME and AGE.
 */
final class ServerSideTables {

    private static final ObjectMapper JSON = KubernetesJson.mapper();
    private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating "
            + "resources, although some resources may allow a client to request the generation of an appropriate name "
            + "automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot "
            + "be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    private final Supplier<List<CustomResourceDefinition>> installedCrds;
    private final Function<String, MockResponse> get;
    private final Clock clock;

    /** @param get answers a GET of a path and query from the store */
    ServerSideTables(Supplier<List<CustomResourceDefinition>> installedCrds, Function<String, MockResponse> get, Clock clock) {
        this.installedCrds = installedCrds;
        this.get = get;
        this.clock = clock;
    }

    static boolean acceptsTable(String accept) {
        return accept != null && List.of(accept.split(",")).stream()
                .map(type -> type.replace(" ", ""))
                .anyMatch(type -> type.startsWith("application/json;") && type.contains(";as=Table")
                        && type.contains(";g=meta.k8s.io") && type.contains(";v=v1"));
    }

    /** @return the Table for a GET of a custom resource or its list, or empty when {@code pathAndQuery} is neither */
    Optional<MockResponse> answer(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        String parameters = query < 0 ? "" : pathAndQuery.substring(query + 1);
        if (parameters.contains("watch=true") || parameters.contains("watch=1")) {
            return Optional.empty();
        }
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        if (segments.length < 4 || !segments[0].equals("apis")) {
            return Optional.empty();
        }
        int at = segments.length >= 6 && segments[3].equals("namespaces") ? 5 : 3;
        int rest = segments.length - at;
        if (rest < 1 || rest > 2) {
            return Optional.empty();
        }
        Optional<CustomResourceDefinitionVersion> version = servedVersion(segments[1], segments[2], segments[at]);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        MockResponse stored = get.apply(pathAndQuery);
        if (stored.code() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode answer = JSON.readTree(stored.getBody().getBytes());
            List<Column> columns = columns(version.get());
            boolean list = rest == 1;
            List<JsonNode> objects = new ArrayList<>();
            (list ? answer.path("items") : JSON.createArrayNode().add(answer)).forEach(objects::add);
            return Optional.of(json(200, table(columns, objects, includeObject(parameters),
                    answer.path("metadata").path("resourceVersion").asText(""))));
        } catch (IllegalArgumentException unsupported) {
            return Optional.of(json(500, JSON.valueToTree(Map.of("kind", "Status", "apiVersion", "v1",
                    "metadata", Map.of(), "status", "Failure", "reason", "InternalError", "code", 500,
                    "message", unsupported.getMessage()))));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private record Column(CustomResourceColumnDefinition definition, SimpleJsonPath path) {
    }

    private Optional<CustomResourceDefinitionVersion> servedVersion(String group, String version, String plural) {
        return installedCrds.get().stream()
                .filter(crd -> crd.getSpec().getGroup().equals(group) && crd.getSpec().getNames().getPlural().equals(plural))
                .flatMap(crd -> crd.getSpec().getVersions().stream())
                .filter(candidate -> candidate.getName().equals(version) && Boolean.TRUE.equals(candidate.getServed()))
                .findFirst();
    }

    /** The CRD's columns; a CRD without any gets Age, as kube-apiserver gives it. */
    private static List<Column> columns(CustomResourceDefinitionVersion version) {
        List<CustomResourceColumnDefinition> definitions = version.getAdditionalPrinterColumns();
        if (definitions == null || definitions.isEmpty()) {
            CustomResourceColumnDefinition age = new CustomResourceColumnDefinition();
            age.setName("Age");
            age.setType("date");
            age.setJsonPath(".metadata.creationTimestamp");
            definitions = List.of(age);
        }
        List<Column> columns = new ArrayList<>();
        for (CustomResourceColumnDefinition definition : definitions) {
            try {
                columns.add(new Column(definition, SimpleJsonPath.parse(definition.getJsonPath())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("printer column " + definition.getName() + ": " + e.getMessage(), e);
            }
        }
        return columns;
    }

    private JsonNode table(List<Column> columns, List<JsonNode> objects, String includeObject, String resourceVersion) {
        ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode definitions = table.putArray("columnDefinitions");
        definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
                .put("description", NAME_DESCRIPTION).put("priority", 0);
        for (Column column : columns) {
            CustomResourceColumnDefinition definition = column.definition();
            definitions.addObject().put("name", definition.getName()).put("type", definition.getType())
                    .put("format", definition.getFormat() == null ? "" : definition.getFormat())
                    .put("description", definition.getDescription() == null ? "" : definition.getDescription())
                    .put("priority", definition.getPriority() == null ? 0 : definition.getPriority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(object.path("metadata").path("name").asText());
            for (Column column : columns) {
                List<JsonNode> found = column.path().find(object);
                cells.add(found.isEmpty() ? JSON.nullNode() : cell(column.definition().getType(), found.get(0)));
            }
            switch (includeObject) {
                case "Object" -> row.set("object", object);
                case "None" -> {
                }
                default -> {
                    ObjectNode metadata = row.putObject("object").put("kind", "PartialObjectMetadata")
                            .put("apiVersion", "meta.k8s.io/v1");
                    metadata.set("metadata", object.path("metadata"));
                }
            }
        }
        return table;
    }

    /** A cell as kube-apiserver's CRD table convertor makes it from the first value the column's path reaches. */
    private JsonNode cell(String type, JsonNode value) {
        return switch (type) {
            case "string" -> JSON.getNodeFactory().textNode(value.isValueNode() ? value.asText() : value.toString());
            case "integer" -> value.isNumber() ? JSON.getNodeFactory().numberNode(value.asLong()) : JSON.nullNode();
            case "number" -> value.isNumber() ? JSON.getNodeFactory().numberNode(value.asDouble()) : JSON.nullNode();
            case "boolean" -> value.isBoolean() ? value : JSON.nullNode();
            case "date" -> value.isTextual() ? JSON.getNodeFactory().textNode(age(value.asText())) : JSON.nullNode();
            default -> throw new IllegalArgumentException("printer column type " + type + " is not one of string, integer,"
                    + " number, boolean, date");
        };
    }

    private String age(String timestamp) {
        try {
            return HumanDuration.of(Duration.between(Instant.parse(timestamp), clock.instant()));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    private static String includeObject(String parameters) {
        for (String parameter : parameters.split("&")) {
            if (parameter.startsWith("includeObject=")) {
                return parameter.substring("includeObject=".length());
            }
        }
        return "Metadata";
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }
}
