package dev.otlp.runtime.otlp;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteArrayMarshallerTest {

    private final ByteArrayMarshaller marshaller = ByteArrayMarshaller.INSTANCE;

    @Test
    void messageDrainsInOneWriteOfItsOwnArray() throws IOException {
        byte[] message = SampleRequests.traces(new Random(3), 3).toByteArray();
        InputStream stream = marshaller.stream(message);
        List<byte[]> writes = new ArrayList<>();

        int drained = ((Drainable) stream).drainTo(new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("byte-at-a-time write");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                assertThat(off).isZero();
                assertThat(len).isEqualTo(message.length);
                writes.add(b);
            }
        });

        assertThat(drained).isEqualTo(message.length);
        assertThat(writes).singleElement().isSameAs(message);
        assertThat(stream.read()).isEqualTo(-1);
    }

    @Test
    void messageAnnouncesItsLength() throws IOException {
        byte[] message = SampleRequests.traces(new Random(2), 2).toByteArray();

        InputStream stream = marshaller.stream(message);

        assertThat(stream).isInstanceOf(KnownLength.class);
        assertThat(stream.available()).isEqualTo(message.length);
    }

    @Test
    void parsesStreamsOfKnownAndUnknownLength() {
        byte[] message = SampleRequests.traces(new Random(4), 4).toByteArray();

        assertThat(marshaller.parse(marshaller.stream(message))).isEqualTo(message);
        assertThat(marshaller.parse(new TrickleStream(message))).isEqualTo(message);
    }

    @Test
    void refusesStreamShorterThanItAnnounced() {
        InputStream truncated = new KnownLengthStream(new byte[10], 20);

        assertThatThrownBy(() -> marshaller.parse(truncated)).hasMessageContaining("ended after 10 of 20 bytes");
    }

    /** Hands out at most 7 bytes per read, as a network stream might. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
        }
    }

    private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
        private final int announced;

        KnownLengthStream(byte[] bytes, int announced) {
            super(bytes);
            this.announced = announced;
        }

        @Override
        public synchronized int available() {
            return announced;
        }
    }
}
