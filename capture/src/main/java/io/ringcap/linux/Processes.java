package io.ringcap.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The executables of the processes running now, from /proc/PID/exe: what a host capture journals
 * at start for processes it will never see exec.
 */
public final class Processes
{
    private Processes()
    {
    }

    /** @return host pid to executable path, for every process whose exe link can be read. */
    public static Map<Integer, String> executables()
    {
        final Map<Integer, String> executables = new LinkedHashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*"))
        {
            for (final Path entry : entries)
            {
                try
                {
                    executables.put(Integer.parseInt(entry.getFileName().toString()),
                        Files.readSymbolicLink(entry.resolve("exe")).toString());
                }
                catch (final IOException | NumberFormatException ignored)
                {
                    // kernel threads have no exe; processes come and go
                }
            }
        }
        catch (final IOException ignored)
        {
            // no procfs
        }
        return executables;
    }

    /**
     * @return the process group of a process, from /proc/PID/stat (the field after the state, which
     *         follows the comm's closing parenthesis: a comm may hold spaces and parentheses), or -1.
     */
    public static int processGroup(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[2]); // state ppid pgrp
        }
        catch (final IOException | RuntimeException gone)
        {
            return -1;
        }
    }
}
