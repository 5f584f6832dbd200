package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a persistent queue keeps its segment files. */
public enum QueuePersistenceType {
    /** A pod-local emptyDir: survives container restarts, OOM kills and liveness kills, not a rescheduled pod. */
    @JsonProperty("emptyDir") EMPTY_DIR,
    /** A PersistentVolumeClaim per replica (the exporter runs as a StatefulSet): survives a rescheduled pod too. */
    @JsonProperty("persistentVolumeClaim") PERSISTENT_VOLUME_CLAIM
}
