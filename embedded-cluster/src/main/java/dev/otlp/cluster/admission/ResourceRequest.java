package dev.otlp.cluster.admission;

import java.util.Optional;

/**
 * A write to one object, as admission sees it: the operation and the object's group, version,
 * resource, subresource, namespace and name, read from the request's method and path.
 *
 * @param operation   {@code CREATE}, {@code UPDATE} or {@code DELETE}
 * @param group       {@code ""} for the core group
 * @param namespace   {@code null} for a cluster-scoped object
 * @param name        {@code null} for a CREATE, whose object names itself
 * @param subresource {@code null}, or for example {@code status}
 */
public record ResourceRequest(String operation, String group, String version, String resource, String namespace,
                              String name, String subresource) {

    /** @return the write a method and path make, or empty for a read, a collection, or a path that is no object's */
    public static Optional<ResourceRequest> of(String method, String pathAndQuery) {
        String operation = switch (method) {
            case "POST" -> "CREATE";
            case "PUT", "PATCH" -> "UPDATE";
            case "DELETE" -> "DELETE";
            default -> null;
        };
        if (operation == null) {
            return Optional.empty();
        }
        int query = pathAndQuery.indexOf('?');
        String[] segments = (query < 0 ? pathAndQuery : pathAndQuery.substring(0, query)).replaceAll("^/+|/+$", "")
                .split("/");
        int at;
        String group;
        String version;
        if (segments.length >= 3 && segments[0].equals("api")) {
            group = "";
            version = segments[1];
            at = 2;
        } else if (segments.length >= 4 && segments[0].equals("apis")) {
            group = segments[1];
            version = segments[2];
            at = 3;
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (segments.length - at >= 3 && segments[at].equals("namespaces")) {
            namespace = segments[at + 1];
            at += 2;
        }
        int rest = segments.length - at;
        String resource = segments[at];
        String name = rest >= 2 ? segments[at + 1] : null;
        String subresource = rest >= 3 ? segments[at + 2] : null;
        boolean collection = name == null;
        if (rest > 3 || operation.equals("CREATE") != collection) {
            return Optional.empty();
        }
        return Optional.of(new ResourceRequest(operation, group, version, resource, namespace, name, subresource));
    }

    /** {@code pods} or {@code pods/status}, as webhook rules name it. */
    public String resourceWithSubresource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
