package io.ringcap.capture;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A live status line on a terminal's stderr, rewritten once a second: events/s, drops, ring fill,
 * journal size. It reads counters the drain thread publishes; it never touches the hot path.
 */
final class StatusLine implements Runnable
{
    private static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream err;
    private final LongSupplier events;
    private final LongSupplier drops;
    private final LongSupplier ringBacklog;
    private final long ringSize;
    private final LongSupplier journalBytes;
    private volatile boolean running = true;
    private boolean printed;

    StatusLine(final PrintStream err, final LongSupplier events, final LongSupplier drops, final LongSupplier ringBacklog,
        final long ringSize, final LongSupplier journalBytes)
    {
        this.err = err;
        this.events = events;
        this.drops = drops;
        this.ringBacklog = ringBacklog;
        this.ringSize = ringSize;
        this.journalBytes = journalBytes;
    }

    @Override
    public void run()
    {
        long lastEvents = events.getAsLong();
        long lastTime = System.nanoTime();
        while (running)
        {
            try
            {
                TimeUnit.NANOSECONDS.sleep(INTERVAL_NS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            final long now = System.nanoTime();
            final long total = events.getAsLong();
            final double rate = (total - lastEvents) * 1e9 / Math.max(1, now - lastTime);
            lastEvents = total;
            lastTime = now;
            synchronized (this)
            {
                if (running)
                {
                    err.print("\r" + format(total, rate, drops.getAsLong(), ringBacklog.getAsLong(), ringSize,
                        journalBytes.getAsLong()));
                    err.flush();
                    printed = true;
                }
            }
        }
    }

    /** Prints a line of its own: the status line is cleared first and redrawn at the next tick. */
    synchronized void println(final String line)
    {
        err.println((printed ? "\r\033[K" : "") + line);
        err.flush();
    }

    /** Stops it and clears the line, so the summary that follows starts clean. */
    synchronized void stop()
    {
        running = false;
        if (printed)
        {
            err.print("\r\033[K");
            err.flush();
        }
    }

    static String format(final long events, final double rate, final long drops, final long backlog, final long ringSize,
        final long journalBytes)
    {
        return String.format(Locale.ROOT, "ringcap: %,d events, %,.0f/s, %,d dropped, ring %.0f%% full, journal %.1f MiB ",
            events, rate, drops, 100.0 * backlog / ringSize, journalBytes / 1048576.0);
    }
}
