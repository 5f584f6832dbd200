package dev.otlp.bench.jmh;

import com.google.protobuf.util.JsonFormat;
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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");

    private byte[] otlpJson;
    private String protobufJson;
    private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();

    @Setup
    public void prepare() throws Exception {
        protobufJson = JsonFormat.printer().omittingInsignificantWhitespace()
                .print(ExportTraceServiceRequest.parseFrom(TraceRequests.generate(1)[0]));
        Matcher ids = ID.matcher(protobufJson);
        StringBuilder hex = new StringBuilder();
        while (ids.find()) {
            ids.appendReplacement(hex, "\"" + ids.group(1) + "\":\""
                    + HexFormat.of().formatHex(Base64.getDecoder().decode(ids.group(2))) + "\"");
        }
        ids.appendTail(hex);
        otlpJson = hex.toString().getBytes(StandardCharsets.UTF_8);
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
