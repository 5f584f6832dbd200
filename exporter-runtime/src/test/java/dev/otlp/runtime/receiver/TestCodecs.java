package dev.otlp.runtime.receiver;

import dev.otlp.runtime.compression.ZstdCodec;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;

import java.io.InputStream;
import java.io.OutputStream;

/** gRPC message encodings for test clients: the real ones, and one that lies. */
final class TestCodecs {

    private TestCodecs() {
    }

    /** gzip and zstd, as clients that compress their requests use them. */
    static CompressorRegistry gzipAndZstd() {
        CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
        registry.register(new Codec.Gzip());
        registry.register(new ZstdCodec(3));
        return registry;
    }

    /** Messages that claim {@code encoding} but travel as they are: corrupt compression, as the receiver sees it. */
    static CompressorRegistry claiming(String encoding) {
        CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
        registry.register(new Codec() {
            @Override
            public String getMessageEncoding() {
                return encoding;
            }

            @Override
            public OutputStream compress(OutputStream os) {
                return os;
            }

            @Override
            public InputStream decompress(InputStream is) {
                return is;
            }
        });
        return registry;
    }
}
