package dev.otlp.runtime.receiver;

import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.config.ReceiverConfig;
import dev.otlp.runtime.otlp.SampleRequests;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.TestCertificates;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** What slow, stalled and numerous clients can take from the OTLP/HTTP receiver: their own connection, nothing else. */
class HttpServerLimitsTest {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
    private static final long MAX_REQUEST_SIZE = 1 << 20;

    private final RecordingIntake intake = RecordingIntake.accepting();
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final List<Socket> sockets = new ArrayList<>();
    private HttpReceiver receiver;

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (receiver != null) {
            receiver.shutdown();
            assertThat(receiver.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void clientsSendingHeadersOrBodiesOneByteAtATimeBlockNobodyAndAreCutOff() throws Exception {
        start(new DecodeBudget(64 << 20), 4096);
        byte[] request = SampleRequests.smallTraces().toByteArray();
        List<Socket> slowHeaders = new ArrayList<>();
        List<Socket> slowBodies = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Socket headers = connect();
            headers.getOutputStream().write("POST /v1/traces HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slowHeaders.add(headers);
            Socket body = connect();
            body.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Length: " + request.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.getOutputStream().write(request, 0, 1);
            slowBodies.add(body);
        }

        assertThat(post(request).statusCode()).as("a client arriving among 64 stalled ones").isEqualTo(200);
        assertThat(intake.payloads()).hasSize(1);

        for (Socket socket : slowHeaders) {
            assertThat(readAll(socket)).as("a connection whose headers never end is closed").isEmpty();
        }
        for (Socket socket : slowBodies) {
            assertThat(readAll(socket)).as("a body that never ends is answered").startsWith("HTTP/1.1 408");
        }
        assertThat(closed("header_timeout")).isEqualTo(32);
        assertThat(closed("body_timeout")).isEqualTo(32);
        assertThat(metrics.registry().find("otlp.requests").tags("outcome", "timeout", "signal", "traces", "transport", "http").counter().count()).isEqualTo(32);
        assertThat(intake.payloads()).as("nothing of the stalled requests reached the intake").hasSize(1);
    }

    @Test
    void refusesHeadersAndRequestLinesPastTheLimitsAndClosesTheConnection() throws Exception {
        start(new DecodeBudget(64 << 20), 4096);

        Socket longHeaders = connect();
        longHeaders.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(20_000)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        Socket longLine = connect();
        longLine.getOutputStream().write(("POST /v1/traces?" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(readAll(longHeaders)).startsWith("HTTP/1.1 431").containsIgnoringCase("connection: close").contains("larger than 16384 bytes");
        assertThat(readAll(longLine)).startsWith("HTTP/1.1 414").containsIgnoringCase("connection: close");
        assertThat(post(SampleRequests.smallTraces().toByteArray()).statusCode()).isEqualTo(200);
    }

    @Test
    void closesAConnectionThatSendsNothingAfterTheHeaderTimeout() throws Exception {
        start(new DecodeBudget(64 << 20), 4096);
        long connected = System.nanoTime();
        Socket socket = connect();

        assertThat(readAll(socket)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - connected)).as("closed by the header timeout, not the idle one")
                .isGreaterThanOrEqualTo(HEADER_TIMEOUT).isLessThan(IDLE_TIMEOUT);
        assertThat(closed("header_timeout")).isEqualTo(1);
        assertThat(closed("idle")).isZero();
    }

    @Test
    void closesAnIdleKeptAliveConnection() throws Exception {
        start(new DecodeBudget(64 << 20), 4096);
        Socket socket = connect();
        byte[] body = SampleRequests.smallTraces().toByteArray();
        socket.getOutputStream().write(request(body, false));
        long answered = System.nanoTime();

        assertThat(readAll(socket)).startsWith("HTTP/1.1 200");
        assertThat(Duration.ofNanos(System.nanoTime() - answered)).isGreaterThanOrEqualTo(IDLE_TIMEOUT);
        assertThat(closed("idle")).isEqualTo(1);
        assertThat(closed("header_timeout")).isZero();
    }

    @Test
    void silentConnectionsFillingTheLimitMakeRoomForAClientThatSendsARequest() throws Exception {
        HttpLimits limits = HttpLimits.defaults();
        start(new DecodeBudget(64 << 20), limits);
        List<Socket> silent = new ArrayList<>(List.of(connect()));
        awaitOpenConnections(1);
        while (silent.size() < limits.maxConnections()) {
            silent.add(connect());
        }
        awaitOpenConnections(limits.maxConnections());

        long posted = System.nanoTime();
        assertThat(post(SampleRequests.smallTraces().toByteArray()).statusCode())
                .as("a client arriving when " + limits.maxConnections() + " silent connections hold every place").isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).as("served within the header timeout")
                .isLessThan(limits.headerTimeout());
        assertThat(closedByServer(silent.get(0))).as("the oldest silent connection made room").isTrue();
        assertThat(closedByServer(silent.get(silent.size() - 1))).as("the newest silent connection").isFalse();
        assertThat(closed("header_timeout")).isEqualTo(1);
        assertThat(closed("connection_limit")).isZero();
        assertThat(intake.payloads()).hasSize(1);
    }

    @Test
    void connectionsSilentAfterTheirTlsHandshakeMakeRoomForTheOpenTelemetrySdk(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        ReceiverConfig config = new ReceiverConfig("127.0.0.1", 0, 0, MAX_REQUEST_SIZE, certs.serverCert().toString(),
                certs.serverKey().toString(), null, null, null, "X-API-Key");
        receiver = new HttpReceiver(config, ReceiverCredentials.load(config, new CredentialWatcher(metrics)), intake, metrics, new DecodeBudget(64 << 20),
                new HttpLimits(Duration.ofSeconds(30), BODY_TIMEOUT, IDLE_TIMEOUT, 8, 4096)).start();
        SSLSocketFactory tls = trusting(certs.caCert()).getSocketFactory();
        List<SSLSocket> silent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SSLSocket socket = (SSLSocket) tls.createSocket("127.0.0.1", receiver.port());
            sockets.add(socket);
            socket.startHandshake();
            silent.add(socket);
        }
        awaitOpenConnections(8);

        ClientTelemetry.SentSpans sent = ClientTelemetry.sendSpans(OtlpHttpSpanExporter.builder()
                .setEndpoint("https://127.0.0.1:" + receiver.port() + "/v1/traces")
                .setTrustedCertificates(Files.readAllBytes(certs.caCert())).build());

        ClientTelemetry.assertSpansArrived(intake, sent);
        long madeRoom = (long) closed("header_timeout");
        assertThat(madeRoom).as("a silent connection closed for each connection the SDK opened").isBetween(1L, 2L);
        for (int i = 0; i < silent.size(); i++) {
            assertThat(closedByServer(silent.get(i))).as("silent connection " + i + ", oldest first").isEqualTo(i < madeRoom);
        }
        assertThat(closed("connection_limit")).isZero();
    }

    private static SSLContext trusting(Path caCert) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(caCert)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void closesConnectionsBeyondTheLimitWhenEveryOneHasSentARequestAndServesOthersOnceOneLeaves() throws Exception {
        start(new DecodeBudget(64 << 20), 4);
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket socket = connect();
            assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
            open.add(socket);
        }
        open.add(connect());

        List<Socket> closedByServer = new ArrayList<>();
        for (Socket socket : open) {
            if (closedByServer(socket)) {
                closedByServer.add(socket);
            }
        }
        assertThat(closedByServer).as("connections beyond the limit of 4").containsExactly(open.get(4));
        assertThat(closed("connection_limit")).isEqualTo(1);
        open.removeAll(closedByServer);
        assertThat(sendRequest(open.get(0))).as("a connection within the limit").startsWith("HTTP/1.1 200");

        awaitOpenConnections(3);
        assertThat(sendRequest(connect())).as("a connection once one left").startsWith("HTTP/1.1 200");
    }

    /** Whether the server closed the connection, telling it from one that is open and quiet for half a second. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(500);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException quiet) {
            return false;
        }
    }

    @Test
    void answersPipelinedRequestsOnOneConnectionInOrder() throws Exception {
        start(new DecodeBudget(64 << 20), 4096);
        byte[] good = SampleRequests.smallTraces().toByteArray();
        byte[] bad = {0x0a, 0x7f};
        Socket socket = connect();

        OutputStream out = socket.getOutputStream();
        out.write(request(good, false));
        out.write(request(bad, false));
        out.write(request(good, true));
        out.flush();

        String answers = readAll(socket);
        assertThat(answers.split("HTTP/1.1 ", -1)).extracting(answer -> answer.isEmpty() ? "" : answer.substring(0, 3))
                .containsExactly("", "200", "400", "200");
        assertThat(intake.payloads()).hasSize(2);
    }

    private static byte[] request(byte[] body, boolean last) {
        byte[] head = ("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                + (last ? "Connection: close\r\n" : "") + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    @Test
    void aThousandClientsConnectingAtOnceAreAllServed() throws Exception {
        // The production limits: a client among a thousand may take a moment between connecting and its first byte.
        start(new DecodeBudget(64 << 20), HttpLimits.defaults());
        byte[] request = SampleRequests.smallTraces().toByteArray();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();

        for (int i = 0; i < 1000; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.discarding()));
        }

        for (CompletableFuture<HttpResponse<Void>> response : responses) {
            assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(intake.payloads()).hasSize(1000);
    }

    @Test
    void refusesARequestWhoseDecodingTheBudgetCannotHoldAsRetryableAndTakesItOnceOthersAreDone() throws Exception {
        DecodeBudget budget = new DecodeBudget(256 << 10);
        start(budget, 4096);
        byte[] request = SampleRequests.traces(new java.util.Random(3), 20).toByteArray();
        DecodeBudget.Lease others = budget.lease();
        others.reserve(budget.capacity() - request.length / 2);

        HttpResponse<byte[]> refused = post(request);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(metrics.registry().find("otlp.requests").tags("outcome", "overloaded", "signal", "traces", "transport", "http").counter().count()).isEqualTo(1);
        others.close();
        assertThat(post(request).statusCode()).isEqualTo(200);
        PollingAwait.until("every request's reservation returned, once its answer is written", () -> budget.reserved() == 0);
    }

    private double closed(String reason) {
        Counter counter = metrics.registry().find("otlp.http.connections.closed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private void awaitOpenConnections(int open) {
        PollingAwait.until(open + " open connections",
                () -> metrics.registry().get("otlp.http.connections").gauge().value() == open);
    }

    /** Sends a request on a connection that stays open, and reads the answer's head (the answer has no body). */
    private static String exchange(Socket socket) throws IOException {
        socket.getOutputStream().write(request(SampleRequests.smallTraces().toByteArray(), false));
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        return head.toString();
    }

    private String sendRequest(Socket socket) throws IOException {
        byte[] request = SampleRequests.smallTraces().toByteArray();
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-protobuf\r\n"
                + "Content-Length: " + request.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(request);
        out.flush();
        return readAll(socket);
    }

    /** Everything the server sends until it closes the connection. */
    private static String readAll(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", receiver.port());
        sockets.add(socket);
        return socket;
    }

    private HttpResponse<byte[]> post(byte[] body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private void start(DecodeBudget budget, int maxConnections) throws IOException {
        start(budget, new HttpLimits(HEADER_TIMEOUT, BODY_TIMEOUT, IDLE_TIMEOUT, maxConnections, 4096));
    }

    private void start(DecodeBudget budget, HttpLimits limits) throws IOException {
        ReceiverConfig config = new ReceiverConfig("127.0.0.1", 0, 0, MAX_REQUEST_SIZE, null, null, null, null, null, "X-API-Key");
        receiver = new HttpReceiver(config, ReceiverCredentials.load(config, new CredentialWatcher(metrics)), intake, metrics, budget, limits).start();
    }
}
