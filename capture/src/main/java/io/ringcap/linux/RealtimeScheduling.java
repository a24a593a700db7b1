package io.ringcap.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real-time scheduling for the drain thread. A spinning reader that normal threads can preempt
 * waits out their time slices: on this 2-core machine, with the traced workload on one core,
 * BPF-to-journal latency had a p99 of 22 ms as a normal thread and 39 us as SCHED_FIFO (with the
 * kernel's real-time throttling off).
 */
public final class RealtimeScheduling
{
    public static final int SCHED_FIFO = 1;
    private static final Path RT_RUNTIME = Path.of("/proc/sys/kernel/sched_rt_runtime_us");
    private static final Path RT_PERIOD = Path.of("/proc/sys/kernel/sched_rt_period_us");

    private RealtimeScheduling()
    {
    }

    /**
     * Make the calling thread SCHED_FIFO.
     *
     * @param priority 1 to 99.
     * @throws IllegalStateException naming the reason (EPERM: no CAP_SYS_NICE) when the kernel refuses.
     */
    public static void makeCurrentThreadFifo(final int priority)
    {
        if (0 != LibC.sched_setscheduler(0, SCHED_FIFO, new int[] {priority}))
        {
            throw new IllegalStateException("cannot make the drain thread SCHED_FIFO " + priority + ": " +
                LibC.describe(LibC.errno()));
        }
    }

    /**
     * @return a sentence when the kernel throttles real-time threads (they are stopped for the rest of
     *         each period once they have run sched_rt_runtime_us of it), or null when it does not.
     */
    public static String throttling()
    {
        try
        {
            final long runtime = readSysctl(RT_RUNTIME);
            if (runtime < 0)
            {
                return null;
            }
            final long period = readSysctl(RT_PERIOD);
            return "the kernel throttles real-time threads (kernel.sched_rt_runtime_us=" + runtime + " of " + period +
                "): a spinning SCHED_FIFO drain thread is stopped for " + (period - runtime) / 1000 +
                " ms of every " + period / 1000 + " ms; sysctl kernel.sched_rt_runtime_us=-1 lifts it";
        }
        catch (final IOException | NumberFormatException ex)
        {
            return null;
        }
    }

    /**
     * A sysctl's number, read in one read(2): sysctl files answer EOF to a read at any offset but 0,
     * so a reader that takes a byte at a time (as Files.readString does for a file of size 0) gets
     * only the first digit.
     */
    private static long readSysctl(final Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            final byte[] text = new byte[64];
            final int length = in.read(text);
            return Long.parseLong(new String(text, 0, Math.max(0, length), StandardCharsets.US_ASCII).trim());
        }
    }
}
