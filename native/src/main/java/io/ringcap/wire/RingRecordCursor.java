package io.ringcap.wire;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import org.agrona.DirectBuffer;

/**
 * The one walk over framed ring records ({@link RingRecordFraming}) in a span of bytes: the drain's
 * latency recorder walks the span it just journaled, replay walks each EVENTS block, the time seek
 * the first record of one. {@link #next()} steps over DISCARDed records and stops, with a
 * {@link #status()}, where the framing cannot be trusted: a header cut off by the span's end, a
 * record still BUSY, or a length that runs past the end. Every length is checked before it is used.
 * A flyweight: {@link #wrap} it and reuse it; nothing is allocated.
 */
public final class RingRecordCursor
{
    /** More records may follow: {@link #next()} returned true. */
    public static final int RECORD = 0;
    /** The span ended exactly after the last record. */
    public static final int END = 1;
    /** Fewer bytes than a ring record header were left. */
    public static final int HEADER_CUT_OFF = 2;
    /** A record was reserved but never committed. */
    public static final int BUSY = 3;
    /** A record's length runs past the span's end. */
    public static final int PAST_END = 4;

    private DirectBuffer buffer;
    private int position;
    private int end;
    private int framedOffset;
    private int recordOffset;
    private int payloadLength;
    private int status = END;

    /**
     * @param buffer holding the span.
     * @param offset of the span's first record header.
     * @param end    of the span (exclusive).
     * @return this.
     */
    public RingRecordCursor wrap(final DirectBuffer buffer, final int offset, final int end)
    {
        this.buffer = buffer;
        this.position = offset;
        this.end = end;
        this.framedOffset = offset;
        this.status = RECORD;
        return this;
    }

    /** @return true at the next committed record; false at the end of the span or where it breaks (see {@link #status()}). */
    public boolean next()
    {
        final DirectBuffer buffer = this.buffer;
        final int end = this.end;
        int position = this.position;
        while (true)
        {
            framedOffset = position;
            if (position >= end)
            {
                status = END;
                return false;
            }
            if (end - position < RingRecordFraming.HEADER_LENGTH)
            {
                status = HEADER_CUT_OFF;
                return false;
            }
            final int lengthField = buffer.getInt(position + RingRecordFraming.LENGTH_OFFSET, LITTLE_ENDIAN);
            if ((lengthField & RingRecordFraming.BUSY_BIT) != 0)
            {
                status = BUSY;
                return false;
            }
            final int payload = RingRecordFraming.payloadLength(lengthField);
            final int recordLength = RingRecordFraming.alignedRecordLength(payload);
            if (recordLength > end - position)
            {
                payloadLength = payload;
                status = PAST_END;
                return false;
            }
            position += recordLength;
            if ((lengthField & RingRecordFraming.DISCARD_BIT) == 0)
            {
                this.position = position;
                recordOffset = framedOffset + RingRecordFraming.HEADER_LENGTH;
                payloadLength = payload;
                status = RECORD;
                return true;
            }
        }
    }

    /** @return {@link #RECORD}, {@link #END}, {@link #HEADER_CUT_OFF}, {@link #BUSY} or {@link #PAST_END}. */
    public int status()
    {
        return status;
    }

    /** @return where the current record's ring header starts, or where the walk stopped. */
    public int framedOffset()
    {
        return framedOffset;
    }

    /** @return where the current record's payload (its rc_header) starts. */
    public int recordOffset()
    {
        return recordOffset;
    }

    /** @return the current record's payload length; at {@link #PAST_END}, the length that ran past. */
    public int payloadLength()
    {
        return payloadLength;
    }
}
