package io.ringcap.bpf;

import io.ringcap.linux.LibC;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libbpf attaches syscall tracepoints through tracefs (it reads each event's id there); a fresh
 * machine may not have it mounted.
 */
public final class Tracefs
{
    private static final Path TRACING = Path.of("/sys/kernel/tracing");
    private static final Path DEBUG_TRACING = Path.of("/sys/kernel/debug/tracing");

    private Tracefs()
    {
    }

    public static void ensureMounted()
    {
        if (Files.isDirectory(TRACING.resolve("events")) || Files.isDirectory(DEBUG_TRACING.resolve("events")))
        {
            return;
        }
        if (0 != LibC.mount("tracefs", TRACING.toString(), "tracefs", 0, null))
        {
            throw new BpfException("tracefs is not mounted and mounting it on " + TRACING + " failed: " +
                LibC.describe(LibC.errno()) + " (mount -t tracefs tracefs " + TRACING + ")");
        }
    }
}
