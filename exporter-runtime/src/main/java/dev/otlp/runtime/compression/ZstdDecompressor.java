package dev.otlp.runtime.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompresses zstd frames with a per-thread context, refusing output larger than a limit so a
 * small hostile frame cannot expand into gigabytes.
 */
public final class ZstdDecompressor {

    private static final ThreadLocal<ZstdDecompressCtx> CONTEXTS = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private ZstdDecompressor() {
    }

    /**
     * @throws TooLargeException when the content exceeds {@code maxSize}
     * @throws IOException       when the input is not a valid zstd frame, or {@code reservation} refuses memory
     */
    public static byte[] decompress(byte[] frame, long maxSize, Reservation reservation) throws IOException {
        long declared = Zstd.getFrameContentSize(frame);
        if (declared > maxSize) {
            throw new TooLargeException(maxSize);
        }
        if (declared >= 0) {
            reservation.reserve(declared);
            try {
                return CONTEXTS.get().decompress(frame, (int) declared);
            } catch (RuntimeException e) {
                throw new IOException("invalid zstd frame: " + e.getMessage(), e);
            }
        }
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(frame))) {
            return Bounded.readAll(in, maxSize, reservation);
        } catch (TooLargeException | ReservationRefusedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException("invalid zstd frame: " + e.getMessage(), e);
        }
    }
}
