package io.ringcap.replay;

import static io.ringcap.wire.MqUnlinkLayout.NAME_CAPACITY;
import static io.ringcap.wire.MqUnlinkLayout.NAME_LENGTH_OFFSET;
import static io.ringcap.wire.MqUnlinkLayout.NAME_OFFSET;
import static io.ringcap.wire.MqUnlinkLayout.NAME_PTR_OFFSET;
import static io.ringcap.wire.MqUnlinkLayout.NAME_STATUS_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.MqUnlinkLayout;
import io.ringcap.wire.ReadStatus;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over {@code struct rc_mq_unlink} ({@link MqUnlinkLayout}): the argument of
 * {@code mq_unlink(const char *name)}. Wrap it over the same record as an
 * {@link EventHeaderDecoder} for the common fields.
 *
 * <p>The name means something only when {@link #nameStatus()} is {@link ReadStatus#OK}.
 */
public final class MqUnlinkDecoder
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding an mq_unlink record.
     * @param offset of the record (its rc_header) in buffer.
     * @return this, for chaining.
     * @throws IndexOutOfBoundsException when the buffer is too short for the record.
     */
    public MqUnlinkDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - MqUnlinkLayout.LENGTH)
        {
            throw new IndexOutOfBoundsException("no room for a " + MqUnlinkLayout.LENGTH +
                "-byte rc_mq_unlink at offset " + offset + " of a " + buffer.capacity() + "-byte buffer");
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the {@code name} pointer, 0 for NULL. */
    public long namePtr()
    {
        return buffer.getLong(offset + NAME_PTR_OFFSET, LITTLE_ENDIAN);
    }

    /** @return how {@code name} was read: a {@link ReadStatus} constant. */
    public int nameStatus()
    {
        return buffer.getInt(offset + NAME_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return bytes of name without the NUL, never more than the field holds before its NUL. */
    public int nameLen()
    {
        final int length = buffer.getInt(offset + NAME_LENGTH_OFFSET, LITTLE_ENDIAN);
        return Math.max(0, Math.min(length, NAME_CAPACITY - 1));
    }

    /**
     * @return the name's whole length in bytes, without the NUL, unsigned: {@link #nameLen()} when
     *         it was read whole; for {@link ReadStatus#TRUNCATED} its length, or
     *         {@link ReadStatus#STRING_LENGTH_MAX} for "at least that long", or
     *         {@link ReadStatus#STRING_LENGTH_UNKNOWN} when the rest could not be read.
     */
    public long nameFullLength()
    {
        return buffer.getInt(offset + MqUnlinkLayout.NAME_FULL_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return byte {@code index} (0 until {@link #nameLen()}) of the name, unsigned. */
    public int nameByte(final int index)
    {
        return buffer.getByte(offset + NAME_OFFSET + index) & 0xFF;
    }

    /**
     * Copy the name's bytes, without the NUL; allocates nothing.
     *
     * @param destination to copy into.
     * @param destinationOffset where in destination.
     * @return bytes copied: {@link #nameLen()}.
     */
    public int getName(final MutableDirectBuffer destination, final int destinationOffset)
    {
        final int length = nameLen();
        destination.putBytes(destinationOffset, buffer, offset + NAME_OFFSET, length);
        return length;
    }

    /** @return the name decoded as UTF-8; allocates, so not for the replay loop. */
    public String name()
    {
        final byte[] bytes = new byte[nameLen()];
        buffer.getBytes(offset + NAME_OFFSET, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
