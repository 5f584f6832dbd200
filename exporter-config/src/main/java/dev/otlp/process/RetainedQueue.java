package dev.otlp.process;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a persistent queue kept on its volume when the runtime stopped before delivering it: the runtime writes it
 * as its container's termination message, and the operator reads it back from the pod's status to report the
 * claim that holds it. One line, so that it survives the kubelet's message limit and a log fallback.
 *
 * @param bytes     bytes on disk
 * @param items     spans, data points and log records among them
 * @param directory the queue's directory in the container
 */
public record RetainedQueue(long bytes, long items, String directory) {

    private static final Pattern LINE = Pattern.compile(
            "queue retained: (\\d+) bytes, (\\d+) items in ([^;\\s]+)");

    /** The termination message. */
    public String message() {
        return "queue retained: " + bytes + " bytes, " + items + " items in " + directory
                + "; delivered after the next start on this volume";
    }

    /** The retained queue a termination message reports, if it reports one. */
    public static Optional<RetainedQueue> parse(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher line = LINE.matcher(message);
        if (!line.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RetainedQueue(Long.parseLong(line.group(1)), Long.parseLong(line.group(2)),
                    line.group(3)));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }
}
