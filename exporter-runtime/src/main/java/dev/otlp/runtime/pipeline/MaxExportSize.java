package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.otlp.MalformedRequestException;
import dev.otlp.runtime.otlp.RequestSplitter;
import dev.otlp.runtime.otlp.WireFormat;
import dev.otlp.runtime.queue.Payload;

import java.util.ArrayList;
import java.util.List;

/** {@code [otlp] max_export_size}: no export is larger, so a request above it is split into parts that fit. */
final class MaxExportSize {

    private final int bytes;

    MaxExportSize(long configured) {
        this.bytes = (int) Math.min(Integer.MAX_VALUE - 8, configured);
    }

    int bytes() {
        return bytes;
    }

    boolean fits(Payload payload) {
        return payload.sizeBytes() <= bytes;
    }

    /** {@code payload} as requests of at most {@link #bytes()} each, every item in exactly one of them. */
    List<Payload> parts(Payload payload) throws RequestSplitter.ItemTooLargeException {
        List<Payload> parts = new ArrayList<>();
        for (byte[] part : RequestSplitter.split(payload.bytes(), bytes)) {
            try {
                parts.add(new Payload(payload.signal(), part, WireFormat.countItems(payload.signal(), part),
                        payload.receivedAtMillis()));
            } catch (MalformedRequestException e) {
                throw new IllegalStateException("a part of a checked request is malformed: " + e.getMessage(), e);
            }
        }
        return parts;
    }
}
