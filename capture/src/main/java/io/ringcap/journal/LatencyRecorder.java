package io.ringcap.journal;

import io.ringcap.linux.Clocks;
import io.ringcap.ring.RingSpanHandler;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.RingRecordCursor;
import java.nio.ByteOrder;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

/**
 * Measures how long each event took from the BPF program (its exit timestamp) to the journal: after
 * the wrapped handler has journaled a span, every record in it is timed against the clock. The
 * clock is CLOCK_MONOTONIC (System.nanoTime) shifted onto CLOCK_BOOTTIME once at start, which holds
 * as long as the host does not suspend.
 * <p>
 * Allocation-free per span (the histogram's buckets are preallocated); for benchmarks and
 * diagnostics, since it walks each span a second time.
 */
public final class LatencyRecorder implements RingSpanHandler
{
    private static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;

    private final RingSpanHandler journal;
    private final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    private final RingRecordCursor cursor = new RingRecordCursor();
    private final long monotonicToBoot;

    public LatencyRecorder(final RingSpanHandler journal)
    {
        this.journal = journal;
        this.monotonicToBoot = Clocks.monotonicToBootOffsetNanos();
    }

    @Override
    public void onSpan(final DirectBuffer ring, final int offset, final int length, final int records)
    {
        journal.onSpan(ring, offset, length, records);
        final long now = System.nanoTime() + monotonicToBoot;
        final RingRecordCursor cursor = this.cursor.wrap(ring, offset, offset + length);
        while (cursor.next())
        {
            final long exitNs = ring.getLong(cursor.recordOffset() + EventHeaderLayout.EXIT_NS_OFFSET, ByteOrder.LITTLE_ENDIAN);
            histogram.recordValue(Math.max(0, Math.min(now - exitNs, HIGHEST_TRACKABLE_NS)));
        }
    }

    public Histogram histogram()
    {
        return histogram;
    }
}
