package dev.otlp.runtime.compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream to its end, but never more than a limit. */
public final class Bounded {

    private Bounded() {
    }

    public static byte[] readAll(InputStream in, long maxSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > maxSize) {
                throw new TooLargeException(maxSize);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
