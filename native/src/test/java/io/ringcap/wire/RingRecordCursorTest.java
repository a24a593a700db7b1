package io.ringcap.wire;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RingRecordCursorTest
{
    private final UnsafeBuffer span = new UnsafeBuffer(new byte[256]);
    private final RingRecordCursor cursor = new RingRecordCursor();

    /** Frame a record at offset with the given len word; returns where the next one starts. */
    private int frame(final int offset, final int lengthField)
    {
        span.putInt(offset, lengthField, LITTLE_ENDIAN);
        return offset + RingRecordFraming.alignedRecordLength(RingRecordFraming.payloadLength(lengthField));
    }

    @Test
    void stepsOverDiscardedRecordsAndEndsExactlyAtTheSpansEnd()
    {
        int end = frame(16, 20);                                  // 20 bytes: 8 + 20 -> 32
        end = frame(end, RingRecordFraming.DISCARD_BIT | 5);      // 8 + 5 -> 16
        end = frame(end, 8);                                      // 16
        cursor.wrap(span, 16, end);

        assertTrue(cursor.next());
        assertEquals(24, cursor.recordOffset());
        assertEquals(20, cursor.payloadLength());
        assertTrue(cursor.next());
        assertEquals(16 + 32 + 16 + 8, cursor.recordOffset(), "the discarded record is stepped over");
        assertEquals(8, cursor.payloadLength());
        assertFalse(cursor.next());
        assertEquals(RingRecordCursor.END, cursor.status());
        assertEquals(end, cursor.framedOffset());
    }

    @Test
    void stopsAtAHeaderCutOffABusyRecordAndALengthPastTheEnd()
    {
        final int second = frame(0, 8);
        cursor.wrap(span, 0, second + 4);
        assertTrue(cursor.next());
        assertFalse(cursor.next());
        assertEquals(RingRecordCursor.HEADER_CUT_OFF, cursor.status());
        assertEquals(second, cursor.framedOffset());

        frame(second, RingRecordFraming.BUSY_BIT | 8);
        cursor.wrap(span, 0, 64);
        assertTrue(cursor.next());
        assertFalse(cursor.next());
        assertEquals(RingRecordCursor.BUSY, cursor.status());

        frame(second, 200);
        cursor.wrap(span, 0, 64);
        assertTrue(cursor.next());
        assertFalse(cursor.next());
        assertEquals(RingRecordCursor.PAST_END, cursor.status());
        assertEquals(200, cursor.payloadLength());
        assertEquals(second, cursor.framedOffset());
    }
}
