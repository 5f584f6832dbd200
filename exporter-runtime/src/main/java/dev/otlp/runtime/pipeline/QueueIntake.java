package dev.otlp.runtime.pipeline;

import dev.otlp.runtime.otlp.RequestSplitter;
import dev.otlp.runtime.queue.Admission;
import dev.otlp.runtime.queue.Payload;
import dev.otlp.runtime.queue.PayloadQueue;

import java.util.List;
import java.util.Locale;

/**
 * The front of the pipeline: offers what receivers hand over to the queue, split to
 * {@code max_export_size} first, and refuses it (never drops it) when the queue is full, when it
 * could never fit, or once closed for shutdown.
 */
final class QueueIntake implements Intake {

    private final PayloadQueue queue;
    private final MaxExportSize maxExportSize;
    private volatile boolean closed;

    QueueIntake(PayloadQueue queue, MaxExportSize maxExportSize) {
        this.queue = queue;
        this.maxExportSize = maxExportSize;
    }

    /** Refuses new data from now on, as {@link Admission#SHUTTING_DOWN}. */
    void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public Admission offer(Payload payload) {
        if (closed) {
            return Admission.SHUTTING_DOWN;
        }
        if (payload.items() == 0) {
            return Admission.ACCEPTED;
        }
        if (payload.items() > queue.maxItems() || payload.sizeBytes() > queue.maxBytes()) {
            return Admission.TOO_LARGE;
        }
        if (maxExportSize.fits(payload)) {
            return queue.offer(List.of(payload));
        }
        List<Payload> parts;
        try {
            parts = maxExportSize.parts(payload);
        } catch (RequestSplitter.ItemTooLargeException e) {
            return Admission.TOO_LARGE;
        }
        return queue.offer(parts);
    }

    /** Names the one limit that refused {@code refused} (answered {@link Admission#TOO_LARGE}), with the numbers. */
    @Override
    public String tooLargeMessage(Payload refused) {
        if (refused.sizeBytes() > queue.maxBytes()) {
            return "the request is " + readable(refused.sizeBytes()) + ", larger than the whole queue ([queue] "
                    + (queue.persistent() ? "max_disk_bytes" : "max_bytes") + " = " + readable(queue.maxBytes()) + ")";
        }
        if (refused.items() > queue.maxItems()) {
            return "the request holds " + refused.items() + " " + refused.signal().itemName().replace('_', ' ')
                    + ", more than the whole queue ([queue] max_items = " + queue.maxItems() + ")";
        }
        try {
            maxExportSize.parts(refused);
        } catch (RequestSplitter.ItemTooLargeException e) {
            String items = refused.signal().itemName().replace('_', ' ');
            return "the request holds a " + items.substring(0, items.length() - 1) + " of "
                    + readable(e.itemBytes()) + ", which with its resource and scope is larger than [otlp] max_export_size = "
                    + readable(maxExportSize.bytes());
        }
        return Intake.super.tooLargeMessage(refused);
    }

    /** A size as people read it: {@code 812 bytes}, {@code 4 MiB}, {@code 5.2 MiB}. */
    private static String readable(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }
}
