package io.ringcap.replay.cli;

import io.ringcap.replay.journal.RecordHandler;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.agrona.DirectBuffer;

/**
 * A progress line on a terminal's stderr for a long replay: how much of the journal the walk has
 * passed, events per second, time left. It wraps the walk's handler and runs on the replay thread:
 * per record it costs a counter and a mask test; the clock is read every
 * {@value #RECORDS_PER_CLOCK_READ} records, and the line is redrawn at most every
 * {@link #REDRAW_INTERVAL_NS} ns, and only once the replay has run {@link #FIRST_DRAW_AFTER_NS} ns, so
 * a short replay shows nothing. Drawing reuses one builder and one byte array: nothing is allocated.
 *
 * <p>The fraction is of the journal's excerpts, which capture writes one per drained ring span, as
 * {@link JournalReader#excerptsRead()} tells it: the reader knows no byte total without an extra pass.
 */
final class ReplayProgress implements RecordHandler
{
    /** A power of two: the test is a mask. About 20 us of JSON, 50 us of counting. */
    static final int RECORDS_PER_CLOCK_READ = 1024;
    static final long REDRAW_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long FIRST_DRAW_AFTER_NS = TimeUnit.SECONDS.toNanos(1);
    static final int BAR_WIDTH = 20;
    /** After the line: erase the rest of the terminal line, so a shorter line leaves nothing behind. */
    private static final String ERASE_TO_END = "\033[K";
    private static final String ERASE_LINE = "\r" + ERASE_TO_END;

    /** Where the walk is: excerpts passed and excerpts in all. */
    interface Position
    {
        long done();

        long total();
    }

    private final RecordHandler handler;
    private final PrintStream err;
    private final LongSupplier nanoClock;
    private final Position position;
    private final StringBuilder line = new StringBuilder(128);
    private byte[] bytes = new byte[128];
    private long records;
    private long startNs;
    private long lastDrawNs;
    private boolean drawn;

    /**
     * @param handler   the walk's handler, given every record.
     * @param err       a terminal's stderr.
     * @param nanoClock System::nanoTime, or a test's.
     * @param position  how far the walk is.
     */
    ReplayProgress(final RecordHandler handler, final PrintStream err, final LongSupplier nanoClock,
        final Position position)
    {
        this.handler = handler;
        this.err = err;
        this.nanoClock = nanoClock;
        this.position = position;
        this.startNs = nanoClock.getAsLong();
        this.lastDrawNs = startNs;
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        handler.onRecord(buffer, offset, length);
        if ((++records & (RECORDS_PER_CLOCK_READ - 1)) == 0)
        {
            tick();
        }
    }

    /** Erase the line if one was drawn, so what follows (the closing line) starts clean. */
    void finish()
    {
        if (drawn)
        {
            err.print(ERASE_LINE);
            err.flush();
            drawn = false;
        }
    }

    private void tick()
    {
        final long now = nanoClock.getAsLong();
        if (now - startNs >= FIRST_DRAW_AFTER_NS && now - lastDrawNs >= REDRAW_INTERVAL_NS)
        {
            lastDrawNs = now;
            draw(render(clear().append('\r'), position.done(), position.total(), records, now - startNs)
                .append(ERASE_TO_END));
        }
    }

    private StringBuilder clear()
    {
        line.setLength(0);
        return line;
    }

    private void draw(final StringBuilder text)
    {
        final int length = text.length();
        if (bytes.length < length)
        {
            bytes = new byte[length];
        }
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)text.charAt(i); // ASCII only: digits, letters, brackets, the escape
        }
        err.write(bytes, 0, length);
        err.flush();
        drawn = true;
    }

    /**
     * The line, e.g. {@code ringcap: replay  42% [########            ] 1,234,567 events/s, ETA 0:12}.
     *
     * @param line      to append to.
     * @param done      excerpts passed.
     * @param total     excerpts in all; 0 when unknown (no % and no ETA then).
     * @param records   records walked so far.
     * @param elapsedNs since the walk started.
     * @return line.
     */
    static StringBuilder render(
        final StringBuilder line, final long done, final long total, final long records, final long elapsedNs)
    {
        line.append("ringcap: replay ");
        final boolean known = total > 0;
        final long permille = known ? Math.min(1000, Math.max(0, done * 1000 / total)) : 0;
        if (known)
        {
            final long percent = permille / 10;
            if (percent < 100)
            {
                line.append(' ');
            }
            if (percent < 10)
            {
                line.append(' ');
            }
            line.append(percent).append("% [");
            final int filled = (int)(permille * BAR_WIDTH / 1000);
            for (int i = 0; i < BAR_WIDTH; i++)
            {
                line.append(i < filled ? '#' : ' ');
            }
            line.append("] ");
        }
        final long perSecond = elapsedNs <= 0 ? 0 : (long)(records * 1e9 / elapsedNs);
        appendGrouped(line, perSecond).append(" events/s");
        if (known)
        {
            line.append(", ETA ");
            if (permille == 0)
            {
                line.append("-:--");
            }
            else
            {
                appendDuration(line, (long)(elapsedNs / 1e9 * (1000 - permille) / permille + 0.5));
            }
        }
        return line;
    }

    /** 1234567 as 1,234,567. */
    private static StringBuilder appendGrouped(final StringBuilder line, final long value)
    {
        if (value < 1000)
        {
            return line.append(value);
        }
        appendGrouped(line, value / 1000).append(',');
        final long group = value % 1000;
        if (group < 100)
        {
            line.append('0');
        }
        if (group < 10)
        {
            line.append('0');
        }
        return line.append(group);
    }

    /** Seconds as m:ss, or h:mm:ss from an hour. */
    private static void appendDuration(final StringBuilder line, final long seconds)
    {
        final long hours = seconds / 3600;
        final long minutes = seconds / 60 % 60;
        final long secs = seconds % 60;
        if (hours > 0)
        {
            line.append(hours).append(':');
            if (minutes < 10)
            {
                line.append('0');
            }
        }
        line.append(minutes).append(':');
        if (secs < 10)
        {
            line.append('0');
        }
        line.append(secs);
    }
}
