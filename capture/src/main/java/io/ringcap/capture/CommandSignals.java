package io.ringcap.capture;

import io.ringcap.linux.ControllingTerminal;
import io.ringcap.linux.LibC;
import io.ringcap.linux.Processes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While {@code capture -- CMD} runs CMD, SIGINT, SIGTERM and SIGHUP are meant for CMD: the first
 * is passed on to it and the capture goes on tracing until CMD exits, so what CMD does on its way
 * out is captured and the summary is written as usual. A second one stops the capture at once
 * (the session then says, in one line, what it left running). Without this the JVM's handlers
 * would run the shutdown hooks and leave CMD running, untraced and reparented to init.
 * <p>
 * The JVM's handlers are replaced only while CMD runs: before it starts, a signal stops the
 * capture through the shutdown hook as it always did, and nothing is left running. A signal that
 * was ignored when the JVM started (nohup's SIGHUP) stays ignored: the JVM keeps it SIG_IGN and
 * CMD inherits that.
 */
final class CommandSignals implements AutoCloseable
{
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
    /** The ones a terminal sends to its whole foreground process group: ^C, and a hangup. */
    private static final List<String> TERMINAL_SIGNALS = List.of("INT", "HUP");

    private final Consumer<String> notices;
    private final Runnable stopNow;
    private final String name;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private Process command;
    private int pidfd = -1;
    private int received;
    private volatile Signal stoppedBy;

    /**
     * @param name    CMD's name for messages (argv[0]).
     * @param stopNow stops the capture (the session's stop request).
     */
    CommandSignals(final String name, final Consumer<String> notices, final Runnable stopNow)
    {
        this.name = name;
        this.notices = notices;
        this.stopNow = stopNow;
    }

    /**
     * Takes the signals over and starts CMD, atomically: a signal that arrives meanwhile is
     * handled once CMD exists.
     */
    synchronized Process start(final ProcessBuilder builder) throws IOException
    {
        for (final String signal : SIGNALS)
        {
            final Signal key = new Signal(signal);
            try
            {
                previous.put(key, Signal.handle(key, this::handle));
            }
            catch (final IllegalArgumentException reserved)
            {
                // -Xrs: the JVM leaves this signal to the OS default, and so does the capture
            }
        }
        try
        {
            command = builder.start();
        }
        catch (final IOException | RuntimeException ex)
        {
            restore();
            throw ex;
        }
        // A pidfd names this process even once the JDK's reaper has reaped it and its pid is reused.
        pidfd = LibC.pidfd_open((int)command.pid(), 0);
        return command;
    }

    /** @return the signal that stopped the capture before CMD exited, or null. */
    Signal stoppedBy()
    {
        return stoppedBy;
    }

    /** Gives the signals back to the JVM (their shutdown hook) once CMD has exited. */
    @Override
    public synchronized void close()
    {
        restore();
        if (pidfd >= 0)
        {
            LibC.close(pidfd);
            pidfd = -1;
        }
    }

    /** Runs on the JVM's signal dispatch thread, one per signal. */
    private synchronized void handle(final Signal signal)
    {
        if (null == command)
        {
            stopNow.run(); // CMD failed to start: the capture is stopping anyway
            return;
        }
        if (!command.isAlive())
        {
            return; // CMD has exited: the capture is draining and stops by itself
        }
        final String label = "SIG" + signal.getName();
        if (++received > 1)
        {
            stoppedBy = signal;
            stopNow.run();
            return;
        }
        final String what = name + " (pid " + command.pid() + ")";
        if (sentByTerminalToCommandToo(signal))
        {
            notices.accept("ringcap: " + label + " reached " + what + " from the terminal as well; tracing until it " +
                "exits (a second signal stops the capture at once)");
            return;
        }
        if (0 != send(signal.getNumber()))
        {
            return; // ESRCH: CMD exited just now
        }
        notices.accept("ringcap: " + label + " passed on to " + what + "; tracing until it exits (a second signal " +
            "stops the capture at once)");
    }

    /**
     * ^C on the terminal signals the foreground process group, CMD included when it shares the
     * capture's group (it does unless it made a group of its own): passing it on would deliver it
     * twice, and many programs take a second SIGINT as "quit now, skip the cleanup". A kill(1)
     * aimed at the capture alone while it runs in the foreground is then not passed on; a second
     * one stops the capture.
     */
    private boolean sentByTerminalToCommandToo(final Signal signal)
    {
        if (!TERMINAL_SIGNALS.contains(signal.getName()))
        {
            return false;
        }
        final int foreground = ControllingTerminal.foregroundProcessGroup();
        return foreground > 0 && foreground == LibC.getpgrp() && foreground == Processes.processGroup(command.pid());
    }

    private int send(final int signo)
    {
        if (pidfd >= 0)
        {
            return LibC.pidfd_send_signal(pidfd, signo, null, 0);
        }
        // No pidfd (a kernel before 5.3): the pid, not reused while the JDK has not reaped CMD.
        return command.isAlive() ? LibC.kill((int)command.pid(), signo) : -1;
    }

    private void restore()
    {
        for (final Map.Entry<Signal, SignalHandler> entry : previous.entrySet())
        {
            Signal.handle(entry.getKey(), entry.getValue());
        }
        previous.clear();
    }
}
