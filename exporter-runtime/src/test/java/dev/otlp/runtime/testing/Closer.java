package dev.otlp.runtime.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes what a test opened once it is over, the latest first: an exporter before the server it
 * sends to. Register it before the fields that use it:
 *
 * <pre>{@code
 * @RegisterExtension
 * final Closer closer = new Closer();
 * private final TestUpstream server = closer.add(TestUpstream.start());
 * }</pre>
 */
public final class Closer implements AfterEachCallback {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    public <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
