package dev.otlp.runtime.e2e;

import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.Reaction;
import dev.otlp.runtime.testing.ReceivedRequest;
import dev.otlp.runtime.testing.TestUpstream;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover to {@code [[otlp.failover]]} upstreams and back, counted span by span against two real
 * upstreams: every acknowledged span reaches one of them, and none reaches both. The runtime keeps one
 * batch in flight ({@code max_connections = 1}), so the attempts the primary fails before the secondary
 * gets data can be counted exactly.
 */
class FailoverEndToEndTest {

    private static final int FAILOVER_AFTER = 3;
    private static final Pattern SWITCHES = Pattern.compile("otlp_upstream_switches_total (\\d+)\\.0");
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private static String config(TestUpstream primary, TestUpstream secondary, String probeInterval) {
        return """
                [otlp]
                endpoint = "%s"
                retry_delay = "100ms"
                max_retry_delay = "1s"
                failover_after = %d
                failback_probe_interval = "%s"

                [performance]
                max_connections = 1
                min_connections = 1

                [[otlp.failover]]
                endpoint = "%s"
                protocol = "http"
                """.formatted(primary.grpcEndpoint(), FAILOVER_AFTER, probeInterval, secondary.httpEndpoint());
    }

    @Test
    void primaryDownForAMinuteUnderLoadSendsEverySpanToTheSecondaryAndFailsBackOnTheFirstGoodProbe() throws Exception {
        try (TestUpstream primary = TestUpstream.start();
             TestUpstream secondary = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(config(primary, secondary, "2s"));
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            client.startSending(20, 2, false);
            PollingAwait.until("spans at the primary", () -> primary.acceptedSpans() > 1000);

            primary.answerAlways(new Reaction.Fail(Status.Code.UNAVAILABLE));
            long outage = System.nanoTime();
            PollingAwait.until("spans at the secondary", () -> secondary.acceptedSpans() > 0);
            long firstAtSecondary = secondary.received().get(0).receivedAtNanos();
            assertThat(runtime.ready().body()).contains("\"active\":\"failover-1\"", secondary.httpEndpoint());
            assertThat(runtime.metrics()).contains("otlp_upstream_active{upstream=\"failover-1\"} 1.0",
                    "otlp_upstream_active{upstream=\"primary\"} 0.0");
            Thread.sleep(Duration.ofSeconds(60).toMillis());

            primary.acceptAll();
            long recovery = System.nanoTime();
            PollingAwait.until("spans at the primary again", () -> dataAfter(primary, recovery) > 0);
            client.stop();
            PollingAwait.until("every acknowledged span at one upstream", DELIVERY,
                    () -> client.missingFrom(delivered(primary, secondary)).isEmpty());

            List<ReceivedRequest> failedAtPrimary = primary.received().stream()
                    .filter(r -> r.receivedAtNanos() > outage && r.receivedAtNanos() < firstAtSecondary).toList();
            List<ReceivedRequest> probesAfterRecovery = primary.received().stream()
                    .filter(r -> r.receivedAtNanos() > recovery).takeWhile(r -> r.items() == 0).toList();
            System.out.printf("primary down 60 s: %d spans acknowledged, %d at the primary, %d at the secondary, %d attempts"
                            + " failed at the primary before the secondary took data, %d probes after recovery, %d switches%n",
                    client.acknowledged().size(), primary.acceptedSpans(), secondary.acceptedSpans(), failedAtPrimary.size(),
                    probesAfterRecovery.size(), switches(runtime));
            assertThat(failedAtPrimary).as("attempts the primary failed before the secondary took data")
                    .hasSizeLessThanOrEqualTo(FAILOVER_AFTER);
            assertThat(secondary.acceptedSpans()).isGreaterThan(10_000);
            assertThat(probesAfterRecovery).as("probes of the recovered primary before it got data again: one interval")
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(sentToBoth(primary, secondary)).as("spans delivered to both upstreams").isEmpty();
            assertThat(switches(runtime)).isEqualTo(2);
            assertThat(runtime.metrics()).contains("otlp_upstream_active{upstream=\"primary\"} 1.0")
                    .doesNotContainPattern("otlp_dropped_items_total\\{[^}]*} [1-9]");
            assertThat(runtime.ready().body()).contains("\"active\":\"primary\"");
        }
    }

    @Test
    void aFlappingPrimaryLosesNothingAndSwitchesAtMostTwicePerProbeInterval() throws Exception {
        Duration probeInterval = Duration.ofSeconds(5);
        Duration flapping = Duration.ofSeconds(60);
        try (TestUpstream primary = TestUpstream.start();
             TestUpstream secondary = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(config(primary, secondary, probeInterval.toSeconds() + "s"));
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            client.startSending(20, 2, false);
            PollingAwait.until("spans at the primary", () -> primary.acceptedSpans() > 1000);

            for (int flap = 0; flap < flapping.toSeconds() / 4; flap++) {
                primary.answerAlways(new Reaction.Fail(Status.Code.UNAVAILABLE));
                Thread.sleep(2000);
                primary.acceptAll();
                Thread.sleep(2000);
            }
            client.stop();
            PollingAwait.until("every acknowledged span at one upstream", DELIVERY,
                    () -> client.missingFrom(delivered(primary, secondary)).isEmpty());

            long bound = 2 * (flapping.toSeconds() / probeInterval.toSeconds() + 1);
            System.out.printf("primary flapping 2 s up, 2 s down for 60 s: %d spans acknowledged, %d at the primary,"
                            + " %d at the secondary, %d switches (bound %d)%n", client.acknowledged().size(),
                    primary.acceptedSpans(), secondary.acceptedSpans(), switches(runtime), bound);
            assertThat(switches(runtime)).as("switches").isBetween(2L, bound);
            assertThat(secondary.acceptedSpans()).isGreaterThan(0);
            assertThat(sentToBoth(primary, secondary)).as("spans delivered to both upstreams").isEmpty();
            assertThat(runtime.metrics()).doesNotContainPattern("otlp_dropped_items_total\\{[^}]*} [1-9]");
        }
    }

    @Test
    void aPrimaryThatRefusesTheRuntimesCredentialsIsLeftAfterOneAttempt() throws Exception {
        try (TestUpstream primary = TestUpstream.start();
             TestUpstream secondary = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(config(primary, secondary, "30s") + """
                     [otlp.failover.authentication]
                     api_key = "secondary-key"

                     [authentication]
                     api_key = "revoked-key"
                     """);
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            primary.requireHeader("x-api-key", "current-key");
            secondary.requireHeader("x-api-key", "secondary-key");

            for (int i = 0; i < 20; i++) {
                client.sendUntilAcknowledged(SpanIdClient.request("refused-" + i, 50, 16));
            }

            PollingAwait.until("every acknowledged span at the secondary", () -> client.allDeliveredTo(secondary));
            assertThat(primary.received()).as("attempts at the primary, each answered 401").hasSize(1);
            assertThat(primary.acceptedSpans()).isZero();
            assertThat(runtime.ready().statusCode()).as("ready: the secondary takes the data").isEqualTo(200);
            assertThat(runtime.metrics()).contains("otlp_upstream_active{upstream=\"failover-1\"} 1.0",
                    "otlp_upstream_reachable 1.0");
        }
    }

    @Test
    void withEveryUpstreamDownHoldsTheDataAndPushesBackThenDeliversIt() throws Exception {
        try (TestUpstream primary = TestUpstream.start();
             TestUpstream secondary = TestUpstream.start();
             RunningRuntime runtime = RunningRuntime.start(config(primary, secondary, "1s") + """
                     [queue]
                     max_items = 2000
                     """);
             SpanIdClient client = new SpanIdClient("127.0.0.1", runtime.runtime().grpcPort())) {
            primary.answerAlways(new Reaction.Fail(Status.Code.UNAVAILABLE));
            secondary.answerAlways(new Reaction.Fail(Status.Code.UNAVAILABLE));
            client.startSending(50, 2, false);

            PollingAwait.until("clients pushed back", () -> client.refusals() > 0);
            primary.acceptAll();
            secondary.acceptAll();
            Thread.sleep(1000);
            client.stop();

            PollingAwait.until("every acknowledged span at one upstream", DELIVERY,
                    () -> client.missingFrom(delivered(primary, secondary)).isEmpty());
            assertThat(sentToBoth(primary, secondary)).as("spans delivered to both upstreams").isEmpty();
            assertThat(runtime.metrics()).doesNotContainPattern("otlp_dropped_items_total\\{[^}]*} [1-9]");
        }
    }

    private static long dataAfter(TestUpstream upstream, long nanos) {
        return upstream.received().stream().filter(r -> r.receivedAtNanos() > nanos && r.items() > 0).count();
    }

    private static List<Long> delivered(TestUpstream primary, TestUpstream secondary) {
        List<Long> delivered = new ArrayList<>(primary.acceptedSpanIds());
        delivered.addAll(secondary.acceptedSpanIds());
        return delivered;
    }

    private static Set<Long> sentToBoth(TestUpstream primary, TestUpstream secondary) {
        Set<Long> both = new HashSet<>(primary.acceptedSpanIds());
        both.retainAll(new HashSet<>(secondary.acceptedSpanIds()));
        return both;
    }

    private static long switches(RunningRuntime runtime) {
        Matcher matcher = SWITCHES.matcher(runtime.metrics());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
