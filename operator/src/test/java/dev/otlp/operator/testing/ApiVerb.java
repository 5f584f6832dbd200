package dev.otlp.operator.testing;

import java.util.List;

/** What an HTTP request to the API server does, in Kubernetes' terms. */
public enum ApiVerb {
    DISCOVERY, GET, LIST, WATCH, CREATE, UPDATE, PATCH, DELETE;

    public boolean isWrite() {
        return this == CREATE || this == UPDATE || this == PATCH || this == DELETE;
    }

    static ApiVerb of(String method, String pathAndQuery) {
        int queryStart = pathAndQuery.indexOf('?');
        String path = queryStart < 0 ? pathAndQuery : pathAndQuery.substring(0, queryStart);
        String query = queryStart < 0 ? "" : pathAndQuery.substring(queryStart + 1);
        return switch (method) {
            case "POST" -> CREATE;
            case "PUT" -> UPDATE;
            case "PATCH" -> PATCH;
            case "DELETE" -> DELETE;
            default -> readVerb(path, query);
        };
    }

    private static ApiVerb readVerb(String path, String query) {
        if (List.of(query.split("&")).contains("watch=true") || List.of(query.split("&")).contains("watch=1")) {
            return WATCH;
        }
        List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        List<String> resourcePath;
        if (segments.get(0).equals("api") && segments.size() > 2) {
            resourcePath = segments.subList(2, segments.size());
        } else if (segments.get(0).equals("apis") && segments.size() > 3) {
            resourcePath = segments.subList(3, segments.size());
        } else {
            return DISCOVERY;
        }
        if (resourcePath.size() >= 3 && resourcePath.get(0).equals("namespaces")) {
            resourcePath = resourcePath.subList(2, resourcePath.size());
        }
        return resourcePath.size() == 1 ? LIST : GET;
    }
}
