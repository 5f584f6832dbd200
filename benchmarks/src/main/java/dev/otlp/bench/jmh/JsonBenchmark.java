package dev.otlp.bench.jmh;

import com.google.protobuf.util.JsonFormat;
import dev.otlp.bench.TraceJson;
import dev.otlp.runtime.compression.Reservation;
import dev.otlp.runtime.otlp.OtlpJson;
import dev.otlp.runtime.otlp.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One 512-span OTLP/JSON request (about 0.6 MB) to protobuf bytes: the receiver's streaming
 * transcoder, against protobuf's own JSON parser building the message (on the same request with
 * base64 ids, which is what that parser reads) and serializing it, the way the receiver used to.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBenchmark {

    private byte[] otlpJson;
    private String protobufJson;
    private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();

    @Setup
    public void prepare() {
        byte[] request = TraceRequests.generate(1)[0];
        protobufJson = TraceJson.protobufJson(request);
        otlpJson = TraceJson.otlpJson(request);
    }

    @Benchmark
    public byte[] streamingTranscoder() throws Exception {
        return OtlpJson.toProtobuf(Signal.TRACES, otlpJson, Long.MAX_VALUE, Reservation.NONE);
    }

    @Benchmark
    public byte[] protobufJsonFormat() throws Exception {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        parser.merge(protobufJson, request);
        return request.build().toByteArray();
    }
}
