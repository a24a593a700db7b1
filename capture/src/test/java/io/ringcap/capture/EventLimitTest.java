package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.wire.EventType;
import io.ringcap.wire.RingRecordFraming;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** capture -n: spans cut right after the Nth event, gaps passed uncounted, nothing after the limit. */
class EventLimitTest
{
    private static final int PAYLOAD = 48;
    private static final int RECORD = RingRecordFraming.alignedRecordLength(PAYLOAD);

    /** What the journal would have been given: offset, length and record count of each span. */
    private final List<int[]> passed = new ArrayList<>();
    private int reachedCalls;

    @Test
    void theSpanHoldingTheNthEventIsCutRightAfterIt()
    {
        final EventLimit limit = new EventLimit(this::record, 5, () -> reachedCalls++);
        final UnsafeBuffer ring = span(EventType.MQ_NOTIFY, EventType.MQ_NOTIFY, EventType.MQ_NOTIFY);
        limit.onSpan(ring, 0, 3 * RECORD, 3);
        assertFalse(limit.reached());
        final UnsafeBuffer second = span(EventType.MQ_NOTIFY, EventType.GAP, EventType.MQ_NOTIFY, EventType.MQ_NOTIFY);
        limit.onSpan(second, 0, 4 * RECORD, 4);
        assertTrue(limit.reached());
        assertEquals(1, reachedCalls);
        assertEquals(2, passed.size());
        assertSpan(passed.get(0), 3 * RECORD, 3);
        assertSpan(passed.get(1), 3 * RECORD, 3); // event 4, a gap (not counted), event 5; event 6 is cut off
        assertEquals(1, limit.gapsPassed());

        limit.onSpan(span(EventType.MQ_NOTIFY), 0, RECORD, 1);
        assertEquals(2, passed.size(), "nothing passes after the limit");
        assertEquals(1, reachedCalls, "told once");
    }

    @Test
    void discardedRecordsAreNotCountedButStayInsideTheSpan()
    {
        final EventLimit limit = new EventLimit(this::record, 2, () -> reachedCalls++);
        final UnsafeBuffer ring = span(EventType.MQ_NOTIFY, EventType.MQ_NOTIFY, EventType.MQ_NOTIFY);
        ring.putInt(RECORD, PAYLOAD | RingRecordFraming.DISCARD_BIT); // the second record was discarded
        limit.onSpan(ring, 0, 3 * RECORD, 2);
        assertEquals(1, passed.size());
        assertSpan(passed.get(0), 3 * RECORD, 2);
        assertTrue(limit.reached());
    }

    @Test
    void aSpanAtAnOffsetIsCutRelativeToIt()
    {
        final EventLimit limit = new EventLimit(this::record, 1, () -> reachedCalls++);
        final UnsafeBuffer ring = span(EventType.MQ_OPEN, EventType.MQ_OPEN, EventType.MQ_OPEN);
        limit.onSpan(ring, RECORD, 2 * RECORD, 2);
        assertEquals(RECORD, passed.get(0)[0]);
        assertSpan(passed.get(0), RECORD, 1);
    }

    @Test
    void aLimitBelowOneIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new EventLimit(this::record, 0, () -> { }));
    }

    private void record(final org.agrona.DirectBuffer ring, final int offset, final int length, final int records)
    {
        passed.add(new int[] {offset, length, records});
    }

    private static void assertSpan(final int[] span, final int length, final int records)
    {
        assertEquals(length, span[1], "span length");
        assertEquals(records, span[2], "records in the span");
    }

    /** Records of these types, each framed as the kernel frames it. */
    private static UnsafeBuffer span(final int... types)
    {
        final UnsafeBuffer ring = new UnsafeBuffer(new byte[types.length * RECORD]);
        for (int i = 0; i < types.length; i++)
        {
            ring.putInt(i * RECORD, PAYLOAD);
            ring.putShort(i * RECORD + RingRecordFraming.HEADER_LENGTH, (short)types[i]);
        }
        return ring;
    }
}
