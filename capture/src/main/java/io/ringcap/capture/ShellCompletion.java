package io.ringcap.capture;

import io.ringcap.replay.cli.ReplayCommand;
import java.io.PrintStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Prints picocli's generated bash completion for {@code ringcap capture} and {@code ringcap replay}
 * (options, their values where picocli knows them): {@code ./ringcap completion > /etc/bash_completion.d/ringcap}.
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
            .addSubcommand("replay", ReplayCommand.commandLine());
        return AutoComplete.bash("ringcap", ringcap);
    }

    /** The launcher's command, as completion sees it: only its subcommands. */
    @Command(name = "ringcap", description = "A syscall capture engine: capture, replay.")
    static final class Ringcap
    {
    }
}
