package io.ringcap.replay.journal;

import static io.ringcap.wire.JournalFormat.EVENTS_COUNT_OFFSET;
import static io.ringcap.wire.JournalFormat.EVENTS_RECORDS_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.RingRecordCursor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One EVENTS block's records, delivered: the ring framing walked with {@link RingRecordCursor},
 * each record's type and sizes checked against the event table before a decoder sees it, and the
 * block's declared count matched. A content fault (a checksum holds over bytes that are wrong, as
 * a copy that faulted on a full disk leaves) stops it with a {@link ContentException} that the walk
 * reports as damage; the records before it were delivered.
 */
final class EventsBlock
{
    /** How far ahead of the record being delivered the walk touches the block (see {@link #deliver}). */
    private static final int READ_AHEAD_BYTES = 4096;

    private final RingRecordCursor records = new RingRecordCursor();
    private int delivered;
    private int readAheadSink;

    /** Forget the last block's count: a block that fails before its first record delivered none. */
    void reset()
    {
        delivered = 0;
    }

    /** @return records delivered from the current or last block. */
    int delivered()
    {
        return delivered;
    }

    /**
     * Deliver the records of one EVENTS block whose checksum held, checking what decoders rely on
     * first; {@link #delivered()} counts those delivered, also when a {@link ContentException} stops it.
     *
     * @param block   the block, its header included.
     * @param handler receives each record.
     * @return records delivered: all the block declares.
     */
    int deliver(final UnsafeBuffer block, final RecordHandler handler)
    {
        final int blockLength = block.capacity();
        if (blockLength < EVENTS_RECORDS_OFFSET)
        {
            throw content(0, "an EVENTS block of " + blockLength +
                " bytes is shorter than its " + EVENTS_RECORDS_OFFSET + "-byte header");
        }
        final int declared = block.getInt(EVENTS_COUNT_OFFSET, LITTLE_ENDIAN);
        if (declared < 0)
        {
            throw content(EVENTS_COUNT_OFFSET, "negative record count " + declared);
        }

        int delivered = 0;
        int readAhead = 0;
        final RingRecordCursor records = this.records.wrap(block, EVENTS_RECORDS_OFFSET, blockLength);
        while (records.next())
        {
            final int recordOffset = records.recordOffset();
            // Each record's length locates the next, so the walk waits on one cache miss per
            // record; touching memory a few records ahead lets the hardware fetch in parallel.
            readAhead += block.getByte(Math.min(recordOffset + READ_AHEAD_BYTES, blockLength - 1));
            final int payloadLength = records.payloadLength();
            checkRecord(block, recordOffset, payloadLength);
            handler.onRecord(block, recordOffset, payloadLength);
            delivered++;
            this.delivered = delivered;
        }
        switch (records.status())
        {
            case RingRecordCursor.END:
                break;
            case RingRecordCursor.HEADER_CUT_OFF:
                throw content(records.framedOffset(), "a ring record header is cut off: " +
                    (blockLength - records.framedOffset()) + " bytes left in the " + blockLength + "-byte block");
            case RingRecordCursor.BUSY:
                throw content(records.framedOffset(), "a ring record is marked BUSY (reserved but never committed)");
            default:
                throw content(records.framedOffset(), "ring record length " + records.payloadLength() +
                    " runs past the end of the " + blockLength + "-byte block");
        }

        readAheadSink = readAhead; // keeps the read-ahead loads from being optimised away
        if (delivered != declared)
        {
            throw content(EVENTS_COUNT_OFFSET, "the EVENTS block declares " + declared +
                " records but holds " + delivered);
        }
        return delivered;
    }

    /**
     * What decoders rely on: a known type whose rc_header.size is that type's length and the ring's length.
     */
    private static void checkRecord(final UnsafeBuffer block, final int offset, final int length)
    {
        if (length < EventHeaderLayout.LENGTH)
        {
            throw content(offset, "a record of " + length + " bytes is shorter than the " +
                EventHeaderLayout.LENGTH + "-byte rc_header");
        }
        final int eventType = block.getShort(offset + EventHeaderLayout.EVENT_TYPE_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        final int expectedLength = EventType.recordLength(eventType);
        if (expectedLength < 0)
        {
            throw content(offset, "unknown event type " + eventType);
        }
        final int size = block.getShort(offset + EventHeaderLayout.SIZE_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        if (size != expectedLength)
        {
            throw content(offset, "rc_header.size is " + size + " but a " +
                EventType.name(eventType) + " record is " + expectedLength + " bytes");
        }
        if (size != length)
        {
            throw content(offset, "the ring record holds " + length +
                " bytes but rc_header.size is " + size);
        }
    }

    /** The content of a block whose checksum holds is wrong: recovered from, as damage, by the walk. */
    static final class ContentException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final int offset;
        final String detail;

        ContentException(final int offset, final String detail)
        {
            super(detail, null, false, false);
            this.offset = offset;
            this.detail = detail;
        }
    }

    static ContentException content(final int offset, final String detail)
    {
        return new ContentException(offset, detail);
    }
}
