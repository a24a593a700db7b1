package io.ringcap.linux;

/**
 * Relates the BPF timestamps (CLOCK_BOOTTIME, which keeps counting through suspend) to wall time.
 */
public final class Clocks
{
    private static final int SAMPLES = 64;

    private Clocks()
    {
    }

    /**
     * @return nanoseconds to add to a CLOCK_BOOTTIME reading to get nanoseconds since the epoch,
     *         taken from the tightest of several bracketed samples.
     */
    public static long bootToWallOffsetNanos()
    {
        long bestWidth = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < SAMPLES; i++)
        {
            final long before = LibC.clockNanos(LibC.CLOCK_BOOTTIME);
            final long wall = LibC.clockNanos(LibC.CLOCK_REALTIME);
            final long after = LibC.clockNanos(LibC.CLOCK_BOOTTIME);
            final long width = after - before;
            if (width < bestWidth)
            {
                bestWidth = width;
                bestOffset = wall - (before + width / 2);
            }
        }
        return bestOffset;
    }

    /**
     * @return nanoseconds to add to System.nanoTime() (CLOCK_MONOTONIC) to read CLOCK_BOOTTIME
     *         without a native call, from the tightest of several bracketed samples.
     */
    public static long monotonicToBootOffsetNanos()
    {
        long bestWidth = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < SAMPLES; i++)
        {
            final long before = System.nanoTime();
            final long boot = LibC.clockNanos(LibC.CLOCK_BOOTTIME);
            final long after = System.nanoTime();
            final long width = after - before;
            if (width < bestWidth)
            {
                bestWidth = width;
                bestOffset = boot - (before + width / 2);
            }
        }
        return bestOffset;
    }
}
