package dev.otlp.runtime.receiver;

import com.google.protobuf.Message;
import dev.otlp.runtime.compression.ZstdCompressor;
import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import static dev.otlp.runtime.otlp.ByteArrayMarshaller.exportMethod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand mutated requests (bits flipped, bodies cut short, bytes and length fields
 * overwritten, slices repeated, compression claimed but not applied or damaged after it) over
 * OTLP/HTTP with protobuf and JSON and over OTLP/gRPC. Every one must be answered with a client
 * status, never a server error, and counted; the decode budget must be fully returned; and good
 * requests must still be served afterwards.
 */
class ReceiverFuzzTest {

    private static final int HTTP_PROTOBUF_REQUESTS = 4_000;
    private static final int HTTP_JSON_REQUESTS = 3_000;
    private static final int GRPC_REQUESTS = 3_000;
    private static final long MAX_REQUEST_SIZE = 256 * 1024;

    private final RecordingIntake intake = RecordingIntake.accepting();
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final DecodeBudget budget = new DecodeBudget(8L << 20);
    private final ZstdCompressor zstd = new ZstdCompressor(3);
    private HttpReceiver http;
    private GrpcReceiver grpc;
    private ManagedChannel channel;
    private final Map<ManagedChannel, String> mislabelled = new ConcurrentHashMap<>();

    @AfterEach
    void stop() throws InterruptedException {
        mislabelled.keySet().forEach(ManagedChannel::shutdownNow);
        if (channel != null) {
            channel.shutdownNow();
        }
        http.shutdown();
        grpc.shutdown();
        assertThat(http.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(grpc.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void answersAndCountsTenThousandMutatedRequestsWithoutAServerErrorAndKeepsServing() throws Exception {
        ReceiverConfig config = new ReceiverConfig("127.0.0.1", 0, 0, MAX_REQUEST_SIZE, null, null, null, null, null, "X-API-Key");
        http = new HttpReceiver(config, intake, metrics, budget).start();
        grpc = new GrpcReceiver(config, intake, metrics, budget).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext()
                .compressorRegistry(TestCodecs.gzipAndZstd()).build();
        List<Seed> seeds = seeds(new Random(1));
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicLong peakReserved = new AtomicLong();

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            long clientSeed = client;
            sent.add(clients.submit(() -> {
                Random random = new Random(clientSeed);
                HttpClient httpClient = HttpClient.newHttpClient();
                for (int i = 0; i < (HTTP_PROTOBUF_REQUESTS + HTTP_JSON_REQUESTS + GRPC_REQUESTS) / 4; i++) {
                    int kind = i % 10;
                    Seed seed = seeds.get(random.nextInt(seeds.size()));
                    String answer = kind < 4 ? sendHttp(httpClient, seed.signal, seed.protobuf, "application/x-protobuf", random)
                            : kind < 7 ? sendHttp(httpClient, seed.signal, seed.json, "application/json", random)
                            : sendGrpc(seed, random);
                    answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
                    peakReserved.accumulateAndGet(budget.reserved(), Math::max);
                }
                return null;
            }));
        }
        for (Future<?> future : sent) {
            future.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();

        System.out.println("fuzz answers: " + answers + ", peak decode reservation " + peakReserved.get() + " bytes");
        assertThat(answers.keySet()).as("every answer a success or a client error").allSatisfy(answer ->
                assertThat(answer).matches("http 200|http (400|413|415|429)|grpc (OK|INVALID_ARGUMENT|RESOURCE_EXHAUSTED)"));
        assertThat(requestsCounted("http")).isEqualTo(HTTP_PROTOBUF_REQUESTS + HTTP_JSON_REQUESTS);
        assertThat(requestsCounted("grpc")).isEqualTo(GRPC_REQUESTS);
        assertThat(budget.reserved()).as("decode budget returned").isZero();
        assertThat(peakReserved.get()).isLessThanOrEqualTo(budget.capacity());

        int accepted = intake.payloads().size();
        assertThat(sendHttp(HttpClient.newHttpClient(), Signal.TRACES, seeds.get(0).protobuf, "application/x-protobuf", null))
                .isEqualTo("http 200");
        ClientCalls.blockingUnaryCall(channel, exportMethod(Signal.TRACES), CallOptions.DEFAULT, seeds.get(0).protobuf);
        assertThat(intake.payloads()).hasSize(accepted + 2);
    }

    private String sendHttp(HttpClient client, Signal signal, byte[] body, String contentType, Random random) throws Exception {
        byte[] mutated = random == null ? body : mutate(body, random);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + signal.httpPath()))
                .header("Content-Type", contentType);
        String encoding = random == null ? "identity" : List.of("identity", "gzip", "zstd").get(random.nextInt(3));
        byte[] encoded = mutated;
        if (!encoding.equals("identity") && random.nextInt(4) > 0) {
            encoded = encoding.equals("gzip") ? gzip(mutated) : zstd.compress(mutated);
            if (random.nextInt(3) == 0) {
                encoded = mutate(encoded, random);
            }
        }
        request.header("Content-Encoding", encoding);
        HttpResponse<byte[]> response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(encoded)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return "http " + response.statusCode();
    }

    private String sendGrpc(Seed seed, Random random) {
        byte[] mutated = mutate(seed.protobuf, random);
        int mode = random.nextInt(4);
        try {
            if (mode == 0) {
                ClientCalls.blockingUnaryCall(channel, exportMethod(seed.signal), CallOptions.DEFAULT, mutated);
            } else if (mode == 1) {
                ClientCalls.blockingUnaryCall(channel, exportMethod(seed.signal),
                        CallOptions.DEFAULT.withCompression(random.nextBoolean() ? "gzip" : "zstd"), mutated);
            } else {
                String encoding = random.nextBoolean() ? "gzip" : "zstd";
                ClientCalls.blockingUnaryCall(mislabelledChannel(encoding), exportMethod(seed.signal),
                        CallOptions.DEFAULT.withCompression(encoding), mutated);
            }
            return "grpc OK";
        } catch (StatusRuntimeException e) {
            return "grpc " + e.getStatus().getCode();
        }
    }

    /** A channel whose messages claim {@code encoding} but travel as they are. */
    private ManagedChannel mislabelledChannel(String encoding) {
        for (Map.Entry<ManagedChannel, String> entry : mislabelled.entrySet()) {
            if (entry.getValue().equals(encoding)) {
                return entry.getKey();
            }
        }
        ManagedChannel created = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext()
                .compressorRegistry(TestCodecs.claiming(encoding)).build();
        mislabelled.put(created, encoding);
        return created;
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(7)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> {
                for (int writes = 1 + random.nextInt(4); writes > 0; writes--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 3 -> {
                // A length or varint byte made enormous: continuation bits all the way.
                int at = random.nextInt(bytes.length);
                for (int i = at; i < Math.min(bytes.length, at + 1 + random.nextInt(10)); i++) {
                    bytes[i] = (byte) 0xFF;
                }
            }
            case 4 -> {
                int from = random.nextInt(bytes.length);
                int length = random.nextInt(Math.min(4096, bytes.length - from) + 1);
                byte[] repeated = new byte[bytes.length + length];
                System.arraycopy(bytes, 0, repeated, 0, from + length);
                System.arraycopy(bytes, from, repeated, from + length, bytes.length - from);
                bytes = repeated;
            }
            case 5 -> {
                byte[] noise = new byte[1 + random.nextInt(64)];
                random.nextBytes(noise);
                int at = random.nextInt(bytes.length);
                byte[] inserted = new byte[bytes.length + noise.length];
                System.arraycopy(bytes, 0, inserted, 0, at);
                System.arraycopy(noise, 0, inserted, at, noise.length);
                System.arraycopy(bytes, at, inserted, at + noise.length, bytes.length - at);
                bytes = inserted;
            }
            default -> {
                // unchanged: the well-formed requests among the mutants
            }
        }
        return bytes;
    }

    private double requestsCounted(String transport) {
        return metrics.registry().find("otlp.requests").tag("transport", transport).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static List<Seed> seeds(Random random) {
        List<Seed> seeds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seeds.add(new Seed(Signal.TRACES, SampleRequests.traces(random, 1 + random.nextInt(3))));
            seeds.add(new Seed(Signal.METRICS, SampleRequests.metrics(random, 1 + random.nextInt(3))));
            seeds.add(new Seed(Signal.LOGS, SampleRequests.logs(random, 1 + random.nextInt(3))));
        }
        return seeds;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private record Seed(Signal signal, byte[] protobuf, byte[] json) {

        Seed(Signal signal, Message request) {
            this(signal, request.toByteArray(), SampleRequests.otlpJson(request));
        }
    }
}
