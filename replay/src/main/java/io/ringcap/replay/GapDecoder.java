package io.ringcap.replay;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.GapLayout;
import org.agrona.DirectBuffer;

/**
 * Flyweight over {@code struct rc_gap} ({@link GapLayout}): events lost on one CPU because the ring
 * was full, where they were lost. The {@link EventHeaderDecoder} over the same record gives the CPU
 * ({@code cpu()}); its ids and comm are 0 and empty.
 */
public final class GapDecoder
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding a gap record.
     * @param offset of the record (its rc_header) in buffer.
     * @return this, for chaining.
     * @throws IndexOutOfBoundsException when the buffer is too short for the record.
     */
    public GapDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - GapLayout.LENGTH)
        {
            throw new IndexOutOfBoundsException("no room for a " + GapLayout.LENGTH +
                "-byte rc_gap at offset " + offset + " of a " + buffer.capacity() + "-byte buffer");
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return events lost. */
    public long dropped()
    {
        return buffer.getLong(offset + GapLayout.DROPPED_OFFSET, LITTLE_ENDIAN);
    }

    /** @return CLOCK_BOOTTIME of the first event lost. */
    public long firstNs()
    {
        return buffer.getLong(offset + GapLayout.FIRST_NS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return CLOCK_BOOTTIME of the last event lost. */
    public long lastNs()
    {
        return buffer.getLong(offset + GapLayout.LAST_NS_OFFSET, LITTLE_ENDIAN);
    }
}
