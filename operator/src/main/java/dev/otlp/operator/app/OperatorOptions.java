package dev.otlp.operator.app;

import dev.otlp.operator.model.ExporterPorts;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the operator process was asked to do, from its flags and, for what no flag says, its
 * environment. {@link #parse} throws {@link IllegalArgumentException} with a message for the user.
 *
 * @param namespaces     namespaces to watch; empty for all
 * @param runtimeImage   the exporter runtime image for resources that name none
 * @param leaseNamespace where the leader-election Lease lives; null for no leader election
 * @param healthPort     port of {@code /healthz} and {@code /readyz}
 * @param metricsPort    port of {@code /metrics}
 * @param stallTimeout   how long reconciliations may stay pending without one ending before {@code /healthz} fails
 * @param webhook        the admission webhook to serve; null when none is
 * @param help           print the usage and exit
 */
public record OperatorOptions(Set<String> namespaces, String runtimeImage, String leaseNamespace, int healthPort,
                              int metricsPort, Duration stallTimeout, Webhook webhook, boolean help) {

    /**
     * The validating admission webhook for OtlpExporters.
     *
     * @param namespace     the operator's namespace, where the webhook's certificate Secret lives
     * @param service       the Service in front of the webhook
     * @param configuration the ValidatingWebhookConfiguration whose caBundle the operator keeps current
     */
    public record Webhook(int port, String namespace, String service, String configuration) {
    }

    public static final String DEFAULT_WEBHOOK_SERVICE = "otlp-fleet-operator-webhook";
    public static final String DEFAULT_WEBHOOK_CONFIGURATION = "otlp-fleet-operator";

    public static final int DEFAULT_HEALTH_PORT = 8081;
    public static final int DEFAULT_METRICS_PORT = 8080;

    static final String USAGE = """
            usage: java -jar otlp-fleet-operator.jar [options]

            Connects to the cluster of the current kubeconfig (or the in-cluster service account) and
            reconciles OtlpExporter resources.

              --namespaces A,B                  watch only these namespaces     env WATCH_NAMESPACES  (default: all)
              --runtime-image IMAGE             runtime image for resources     env RUNTIME_IMAGE
                                                that name none                  (default: %s)
              --leader-election-namespace NS    hold the Lease %s there     env LEADER_ELECTION_NAMESPACE
                                                (default in a cluster: env POD_NAMESPACE; off outside one)
              --no-leader-election              run without leader election
              --health-port PORT                /healthz and /readyz            env HEALTH_PORT  (default: %d)
              --metrics-port PORT               /metrics (Prometheus)           env METRICS_PORT (default: %d)
              --stall-timeout DURATION          /healthz fails once             env STALL_TIMEOUT (default: %s)
                                                reconciliations wait this long without one ending (90s, 5m, 1h)
              --webhook-port PORT               serve the validating admission  env WEBHOOK_PORT (default: none)
                                                webhook over HTTPS, its certificate issued in env POD_NAMESPACE;
                                                Service env WEBHOOK_SERVICE (default: %s),
                                                configuration env WEBHOOK_CONFIGURATION (default: %s)
              --help                            show this help

            No cluster at hand? The demo runs this operator on an in-process API server:
              java -jar demo/target/otlp-fleet-demo.jar --help

            Logs: JSON lines on stdout; env LOG_FORMAT=text for text, LOG_LEVEL=debug|info|warn|error.
            """.formatted(OperatorSettings.DEFAULT_RUNTIME_IMAGE, OperatorSettings.LEASE_NAME, DEFAULT_HEALTH_PORT,
            DEFAULT_METRICS_PORT, OperatorSettings.DEFAULT_STALL_TIMEOUT.toMinutes() + "m", DEFAULT_WEBHOOK_SERVICE,
            DEFAULT_WEBHOOK_CONFIGURATION);

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smh])");
    private static final Set<String> LOG_FORMATS = Set.of("json", "text");
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    public OperatorOptions {
        namespaces = Set.copyOf(namespaces);
    }

    /** The settings the operator runs with. */
    public OperatorSettings settings() {
        return new OperatorSettings(runtimeImage, namespaces, leaseNamespace, OperatorSettings.DEFAULT_RESYNC_INTERVAL,
                ExporterPorts.HEALTH, stallTimeout);
    }

    public static OperatorOptions parse(String[] args, Map<String, String> env) {
        Flags flags = Flags.read(args);
        checkLogging(env);
        Set<String> namespaces = namespaces(flags.value("--namespaces").orElse(env.getOrDefault("WATCH_NAMESPACES", "")));
        String runtimeImage = flags.value("--runtime-image")
                .orElse(env.getOrDefault("RUNTIME_IMAGE", OperatorSettings.DEFAULT_RUNTIME_IMAGE));
        if (runtimeImage.isBlank()) {
            throw new IllegalArgumentException("--runtime-image needs an image name");
        }
        int healthPort = port("--health-port", flags.value("--health-port").orElse(env.get("HEALTH_PORT")),
                DEFAULT_HEALTH_PORT);
        int metricsPort = port("--metrics-port", flags.value("--metrics-port").orElse(env.get("METRICS_PORT")),
                DEFAULT_METRICS_PORT);
        Duration stallTimeout = flags.value("--stall-timeout").or(() -> Optional.ofNullable(env.get("STALL_TIMEOUT")))
                .map(OperatorOptions::stallTimeout).orElse(OperatorSettings.DEFAULT_STALL_TIMEOUT);
        return new OperatorOptions(namespaces, runtimeImage, leaseNamespace(flags, env), healthPort, metricsPort,
                stallTimeout, webhook(flags, env), flags.has("--help"));
    }

    private static Duration stallTimeout(String value) {
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException("--stall-timeout must be a positive number of seconds, minutes or hours"
                    + " such as 90s, 5m or 1h, not '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static Webhook webhook(Flags flags, Map<String, String> env) {
        Optional<String> port = flags.value("--webhook-port").or(() -> Optional.ofNullable(env.get("WEBHOOK_PORT")));
        if (port.isEmpty()) {
            return null;
        }
        String namespace = env.getOrDefault("POD_NAMESPACE", "");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("--webhook-port needs env POD_NAMESPACE: the webhook's certificate is kept there");
        }
        return new Webhook(port("--webhook-port", port.get(), 0), namespace,
                env.getOrDefault("WEBHOOK_SERVICE", DEFAULT_WEBHOOK_SERVICE),
                env.getOrDefault("WEBHOOK_CONFIGURATION", DEFAULT_WEBHOOK_CONFIGURATION));
    }

    private static String leaseNamespace(Flags flags, Map<String, String> env) {
        boolean off = flags.has("--no-leader-election");
        Optional<String> explicit = flags.value("--leader-election-namespace");
        if (off && explicit.isPresent()) {
            throw new IllegalArgumentException("--leader-election-namespace and --no-leader-election contradict each other");
        }
        if (off) {
            return null;
        }
        String namespace = explicit.orElseGet(() -> env.containsKey("LEADER_ELECTION_NAMESPACE")
                ? env.get("LEADER_ELECTION_NAMESPACE")
                : env.containsKey("KUBERNETES_SERVICE_HOST") ? env.get("POD_NAMESPACE") : null);
        return namespace == null || namespace.isBlank() ? null : namespace;
    }

    private static Set<String> namespaces(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(namespace -> !namespace.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public static int port(String flag, String value, int defaultPort) {
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a port number from 0 to 65535, not '" + value + "'");
    }

    private static void checkLogging(Map<String, String> env) {
        String format = env.get("LOG_FORMAT");
        if (format != null && !LOG_FORMATS.contains(format)) {
            throw new IllegalArgumentException("LOG_FORMAT must be json or text, not '" + format + "'");
        }
        String level = env.get("LOG_LEVEL");
        if (level != null && !LOG_LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("LOG_LEVEL must be one of trace, debug, info, warn, error, not '" + level + "'");
        }
    }

    /** The flags of one command line, read by picocli: switches, and options given as {@code --name value} or {@code --name=value}. */
    private record Flags(ParseResult parsed) {

        private static final Set<String> SWITCHES = Set.of("--no-leader-election");
        private static final Set<String> OPTIONS = Set.of("--namespaces", "--runtime-image",
                "--leader-election-namespace", "--health-port", "--metrics-port", "--stall-timeout", "--webhook-port");

        static Flags read(String[] args) {
            CommandSpec spec = CommandSpec.create();
            SWITCHES.forEach(name -> spec.addOption(OptionSpec.builder(name).build()));
            spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).build());
            OPTIONS.forEach(name -> spec.addOption(OptionSpec.builder(name).type(String.class).paramLabel("VALUE").build()));
            try {
                return new Flags(new CommandLine(spec).parseArgs(args));
            } catch (CommandLine.ParameterException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        boolean has(String name) {
            return parsed.hasMatchedOption(name);
        }

        Optional<String> value(String name) {
            return Optional.ofNullable(parsed.matchedOptionValue(name, null));
        }
    }
}
