package io.ringcap.capture;

import io.ringcap.ring.RingSpanHandler;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.RingRecordFraming;
import org.agrona.DirectBuffer;

/**
 * capture -n N: passes spans on until N events have gone through, cutting the span that holds the
 * Nth event right after it, and from then on passes nothing (the records are consumed from the
 * ring, not journaled). Gap records are not events: they go through, uncounted, until the limit.
 * Reaching the limit runs the callback once (the session stops: hooks detached, summary written).
 * <p>
 * Runs on the drain thread, then on the thread that finishes the drain; other threads read the
 * counts. Walks each span's record headers: nothing allocated.
 */
final class EventLimit implements RingSpanHandler
{
    private final RingSpanHandler next;
    private final long limit;
    private final Runnable onReached;
    private volatile long events;
    private volatile long gaps;

    /**
     * @param limit     events to pass, 1 or more.
     * @param onReached run once, on the draining thread, right after the span holding the last event went on.
     */
    EventLimit(final RingSpanHandler next, final long limit, final Runnable onReached)
    {
        if (limit <= 0)
        {
            throw new IllegalArgumentException("a limit of events must be 1 or more: " + limit);
        }
        this.next = next;
        this.limit = limit;
        this.onReached = onReached;
    }

    @Override
    public void onSpan(final DirectBuffer ring, final int offset, final int length, final int records)
    {
        long passedEvents = events;
        if (passedEvents >= limit)
        {
            return;
        }
        long passedGaps = gaps;
        final int end = offset + length;
        int position = offset;
        int kept = 0;
        while (position < end && passedEvents < limit)
        {
            final int lengthField = ring.getInt(position + RingRecordFraming.LENGTH_OFFSET);
            final int payload = RingRecordFraming.payloadLength(lengthField);
            if ((lengthField & RingRecordFraming.DISCARD_BIT) == 0)
            {
                kept++;
                final int type = ring.getShort(position + RingRecordFraming.HEADER_LENGTH +
                    EventHeaderLayout.EVENT_TYPE_OFFSET) & 0xffff;
                if (type == EventType.GAP)
                {
                    passedGaps++;
                }
                else
                {
                    passedEvents++;
                }
            }
            position += RingRecordFraming.alignedRecordLength(payload);
        }
        if (position > offset)
        {
            next.onSpan(ring, offset, position - offset, kept);
        }
        gaps = passedGaps;
        events = passedEvents;
        if (passedEvents >= limit)
        {
            onReached.run();
        }
    }

    /** @return whether the limit is reached: nothing more is journaled. */
    boolean reached()
    {
        return events >= limit;
    }

    /** @return gap records passed on (journaled). */
    long gapsPassed()
    {
        return gaps;
    }

    long limit()
    {
        return limit;
    }
}
