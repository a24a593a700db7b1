package io.ringcap.capture;

import io.ringcap.fleet.ShipCommand;
import io.ringcap.replay.cli.ReplayCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints picocli's generated bash completion for {@code ringcap capture}, {@code replay}, {@code ship}
 * and {@code kafka-local} (options, their values where picocli knows them):
 * {@code ./ringcap completion > /etc/bash_completion.d/ringcap}.
 */
public final class ShellCompletion
{
    private ShellCompletion()
    {
    }

    public static void main(final String[] args)
    {
        System.out.print(script());
    }

    /** @return the bash script; its function completes {@code ringcap}'s subcommands and their options. */
    static String script()
    {
        final CommandLine ringcap = new CommandLine(new Ringcap())
            .addSubcommand("capture", new CommandLine(new CaptureCommand(new PrintStream(PrintStream.nullOutputStream()))))
            .addSubcommand("replay", ReplayCommand.commandLine())
            .addSubcommand("ship", ShipCommand.commandLine())
            .addSubcommand("kafka-local", new CommandLine(new KafkaLocalOptions()));
        return AutoComplete.bash("ringcap", ringcap);
    }

    /** The launcher's command, as completion sees it: only its subcommands. */
    @Command(name = "ringcap", description = "A syscall capture engine: capture, replay, ship, kafka-local.")
    static final class Ringcap
    {
    }

    /**
     * {@code ringcap kafka-local}'s options as completion sees them: the broker module
     * (io.ringcap.broker.KafkaLocal, its own class path) parses them itself.
     */
    @Command(name = "kafka-local", mixinStandardHelpOptions = false)
    static final class KafkaLocalOptions
    {
        @Option(names = "--port", paramLabel = "PORT", description = "TCP port on 127.0.0.1 (default 9092; 0: a free one).")
        int port;

        @Option(names = "--dir", paramLabel = "DIR", description = "Where the broker keeps its data (default kafka-local).")
        Path dir;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show the usage and exit.")
        boolean help;
    }
}
