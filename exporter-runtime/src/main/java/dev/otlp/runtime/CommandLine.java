package dev.otlp.runtime;

import java.nio.file.Path;

/** What the runtime was asked to do: {@code [--config FILE] [--check-config] [--help]}. */
record CommandLine(Path configFile, boolean checkConfig, boolean help) {

    static final String USAGE = """
            usage: java -jar otlp-exporter-runtime.jar [--config FILE] [--check-config]

              --config FILE    TOML configuration (the design seed's sections plus [receiver] and [queue]);
                               without it the embedded default runs: balanced profile, debug upstream
              --check-config   validate the configuration and exit: 0 when valid, 2 with every problem
              --help           show this help

            Environment variables such as OTLP_ENDPOINT, PERFORMANCE_BATCH_SIZE or LOG_LEVEL override the file.
            """;

    static CommandLine parse(String... args) {
        Path config = null;
        boolean check = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a file name");
                    }
                    config = Path.of(args[++i]);
                }
                case "--check-config" -> check = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (arg.startsWith("--config=")) {
                        config = Path.of(arg.substring("--config=".length()));
                    } else {
                        throw new IllegalArgumentException("unknown argument: " + arg);
                    }
                }
            }
        }
        return new CommandLine(config, check, help);
    }
}
