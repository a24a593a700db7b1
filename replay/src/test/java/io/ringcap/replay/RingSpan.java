package io.ringcap.replay;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.RingRecordFraming;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Builds a span of ring buffer records in the kernel's framing, as capture copies it from the ring:
 * 8-byte header (u32 len with BUSY/DISCARD flags, u32 pg_off), payload, zero padding to 8 bytes.
 */
public final class RingSpan
{
    /** What the kernel keeps in pg_off; replay must ignore it. */
    private static final int PAGE_OFFSET_NOISE = 0x1357;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private int length;
    private int deliveredRecords;

    public RingSpan record(final DirectBuffer payload)
    {
        deliveredRecords++;
        return frame(payload.capacity(), payload, payload.capacity());
    }

    public RingSpan discarded(final DirectBuffer payload)
    {
        return frame(payload.capacity() | RingRecordFraming.DISCARD_BIT, payload, payload.capacity());
    }

    /** A record whose length field says anything; the payload bytes that follow are given. */
    public RingSpan rawRecord(final int lengthField, final DirectBuffer payload, final int payloadBytes)
    {
        return frame(lengthField, payload, payloadBytes);
    }

    /** Bytes appended as they are, for cut-off headers. */
    public RingSpan rawBytes(final byte... bytes)
    {
        buffer.putBytes(length, bytes);
        length += bytes.length;
        return this;
    }

    public int deliveredRecords()
    {
        return deliveredRecords;
    }

    public int length()
    {
        return length;
    }

    public byte[] bytes()
    {
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private RingSpan frame(final int lengthField, final DirectBuffer payload, final int payloadBytes)
    {
        buffer.putInt(length + RingRecordFraming.LENGTH_OFFSET, lengthField, LITTLE_ENDIAN);
        buffer.putInt(length + 4, PAGE_OFFSET_NOISE, LITTLE_ENDIAN);
        buffer.putBytes(length + RingRecordFraming.HEADER_LENGTH, payload, 0, payloadBytes);
        final int recordLength = RingRecordFraming.alignedRecordLength(payloadBytes);
        buffer.setMemory(length + RingRecordFraming.HEADER_LENGTH + payloadBytes,
            recordLength - RingRecordFraming.HEADER_LENGTH - payloadBytes, (byte)0);
        length += recordLength;
        return this;
    }
}
