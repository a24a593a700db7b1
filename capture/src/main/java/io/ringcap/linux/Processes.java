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
}
