package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When data appended to a persistent queue counts as stored, and may be acknowledged. */
public enum QueueSync {
    /** In the kernel's page cache: survives any death of the process. */
    @JsonProperty("write") WRITE,
    /** On the device: survives a node crash too, at the cost of one fsync per group of requests. */
    @JsonProperty("fsync") FSYNC
}
