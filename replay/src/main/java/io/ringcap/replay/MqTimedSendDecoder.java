package io.ringcap.replay;

import static io.ringcap.wire.MqTimedSendLayout.ABS_TIMEOUT_NSEC_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.ABS_TIMEOUT_PTR_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.ABS_TIMEOUT_SEC_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.MQDES_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.MQ_INODE_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.MSG_LEN_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.MSG_PRIO_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.MSG_PTR_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.PAYLOAD_CAPACITY;
import static io.ringcap.wire.MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.PAYLOAD_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.PAYLOAD_STATUS_OFFSET;
import static io.ringcap.wire.MqTimedSendLayout.TIMEOUT_STATUS_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.MqTimedSendLayout;
import io.ringcap.wire.ReadStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over {@code struct rc_mq_timedsend} ({@link MqTimedSendLayout}): the arguments of
 * {@code mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned msg_prio,
 * const struct timespec *abs_timeout)}. Wrap it over the same record as an
 * {@link EventHeaderDecoder} for the common fields.
 *
 * <p>The abs_timeout fields mean something only when {@link #timeoutStatus()} is
 * {@link ReadStatus#OK}; the payload, the message's first bytes (binary, NULs kept), only when
 * {@link #payloadStatus()} is.
 */
public final class MqTimedSendDecoder
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding an mq_timedsend record.
     * @param offset of the record (its rc_header) in buffer.
     * @return this, for chaining.
     * @throws IndexOutOfBoundsException when the buffer is too short for the record.
     */
    public MqTimedSendDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - MqTimedSendLayout.LENGTH)
        {
            throw new IndexOutOfBoundsException("no room for a " + MqTimedSendLayout.LENGTH +
                "-byte rc_mq_timedsend at offset " + offset + " of a " + buffer.capacity() + "-byte buffer");
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the {@code mqdes} argument. */
    public int mqdes()
    {
        return buffer.getInt(offset + MQDES_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the {@code msg_prio} argument, unsigned. */
    public long msgPrio()
    {
        return buffer.getInt(offset + MSG_PRIO_OFFSET, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return the {@code msg_ptr} pointer, 0 for NULL. */
    public long msgPtr()
    {
        return buffer.getLong(offset + MSG_PTR_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the {@code msg_len} argument, a size_t: negative when its top bit is set. */
    public long msgLen()
    {
        return buffer.getLong(offset + MSG_LEN_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the {@code abs_timeout} pointer, 0 for NULL (block without limit). */
    public long absTimeoutPtr()
    {
        return buffer.getLong(offset + ABS_TIMEOUT_PTR_OFFSET, LITTLE_ENDIAN);
    }

    /** @return how {@code *abs_timeout} was read: a {@link ReadStatus} constant. */
    public int timeoutStatus()
    {
        return buffer.getInt(offset + TIMEOUT_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return how the message was read: {@link ReadStatus#SKIPPED} when payload capture was off. */
    public int payloadStatus()
    {
        return buffer.getInt(offset + PAYLOAD_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code abs_timeout->tv_sec}, CLOCK_REALTIME. */
    public long absTimeoutSec()
    {
        return buffer.getLong(offset + ABS_TIMEOUT_SEC_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code abs_timeout->tv_nsec}. */
    public long absTimeoutNsec()
    {
        return buffer.getLong(offset + ABS_TIMEOUT_NSEC_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the inode of the queue behind {@code mqdes}, 0 when it was not an open message queue (not open, or another kind of file). */
    public long mqInode()
    {
        return buffer.getLong(offset + MQ_INODE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return message bytes kept, never more than the field holds. */
    public int payloadLen()
    {
        final int length = buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, LITTLE_ENDIAN);
        return Math.max(0, Math.min(length, PAYLOAD_CAPACITY));
    }

    /** @return byte {@code index} (0 until {@link #payloadLen()}) of the message, unsigned. */
    public int payloadByte(final int index)
    {
        return buffer.getByte(offset + PAYLOAD_OFFSET + index) & 0xFF;
    }

    /**
     * Copy the kept message bytes; allocates nothing.
     *
     * @param destination to copy into.
     * @param destinationOffset where in destination.
     * @return bytes copied: {@link #payloadLen()}.
     */
    public int getPayload(final MutableDirectBuffer destination, final int destinationOffset)
    {
        final int length = payloadLen();
        destination.putBytes(destinationOffset, buffer, offset + PAYLOAD_OFFSET, length);
        return length;
    }

    /** @return the kept message bytes; allocates, so not for the replay loop. */
    public byte[] payload()
    {
        final byte[] bytes = new byte[payloadLen()];
        buffer.getBytes(offset + PAYLOAD_OFFSET, bytes);
        return bytes;
    }
}
