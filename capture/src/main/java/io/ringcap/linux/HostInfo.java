package io.ringcap.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Facts about the host that go into a journal's metadata, read from procfs (no subprocess, no network).
 */
public final class HostInfo
{
    private HostInfo()
    {
    }

    public static String hostName()
    {
        return readTrimmed(Path.of("/proc/sys/kernel/hostname"));
    }

    public static String kernelRelease()
    {
        return readTrimmed(Path.of("/proc/sys/kernel/osrelease"));
    }

    private static String readTrimmed(final Path path)
    {
        try
        {
            return new String(Files.readAllBytes(path), StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }
}
