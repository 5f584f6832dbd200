package dev.otlp.bench;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.Set;

/** A benchmark's command line, read by picocli: {@code --name value}, {@code --name=value}, switches and {@code -h}. */
public final class CommandFlags {

    private CommandFlags() {
    }

    /**
     * @return the options given, in the order given
     * @throws IllegalArgumentException naming what cannot be read; with an empty message when help was asked for
     */
    public static ParseResult parse(String[] args, Set<String> options, Set<String> switches) {
        CommandSpec spec = CommandSpec.create();
        options.forEach(name -> spec.addOption(OptionSpec.builder(name).type(String.class).paramLabel("VALUE").build()));
        switches.forEach(name -> spec.addOption(OptionSpec.builder(name).build()));
        spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).build());
        ParseResult parsed;
        try {
            parsed = new CommandLine(spec).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (parsed.isUsageHelpRequested()) {
            throw new IllegalArgumentException("");
        }
        return parsed;
    }
}
