package dev.otlp.runtime.compression;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ZstdCodecTest {

    private final ZstdCodec codec = new ZstdCodec(3);

    @Test
    void messageWrittenInOneCallComesBackWhole() throws IOException {
        byte[] message = compressible(300_000);

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = codec.compress(wire)) {
            out.write(message);
        }

        assertThat(wire.size()).isLessThan(message.length / 2);
        assertThat(decompress(wire.toByteArray())).isEqualTo(message);
    }

    @Test
    void messageWrittenInPiecesOfEverySizeComesBackWhole() throws IOException {
        byte[] message = compressible(200_000);

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = codec.compress(wire)) {
            int offset = 0;
            int[] pieces = {1, 7, 100, 20_000, 3, 16_384, 5_000, 60_000};
            for (int i = 0; offset < message.length; i++) {
                int length = Math.min(pieces[i % pieces.length], message.length - offset);
                if (length == 1) {
                    out.write(message[offset]);
                } else {
                    out.write(message, offset, length);
                }
                offset += length;
            }
        }

        assertThat(decompress(wire.toByteArray())).isEqualTo(message);
    }

    @Test
    void messagesOfDifferentSizesComeBackWhole() throws IOException {
        byte[] large = compressible(500_000);
        byte[] small = compressible(20_000);

        assertThat(decompress(compressInOneCall(large))).isEqualTo(large);
        assertThat(decompress(compressInOneCall(small))).isEqualTo(small);
    }

    @Test
    void emptyMessageComesBackEmpty() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        codec.compress(wire).close();

        assertThat(decompress(wire.toByteArray())).isEmpty();
    }

    private byte[] compressInOneCall(byte[] message) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = codec.compress(wire)) {
            out.write(message, 0, message.length);
        }
        return wire.toByteArray();
    }

    private byte[] decompress(byte[] wire) throws IOException {
        try (InputStream in = codec.decompress(new ByteArrayInputStream(wire))) {
            return in.readAllBytes();
        }
    }

    private static byte[] compressible(int size) {
        Random random = new Random(size);
        byte[] words = "service.name http.method GET POST /api/v1/orders 200 500 ".getBytes();
        byte[] message = new byte[size];
        for (int i = 0; i < size; i++) {
            message[i] = random.nextInt(8) == 0 ? (byte) random.nextInt() : words[i % words.length];
        }
        return message;
    }
}
