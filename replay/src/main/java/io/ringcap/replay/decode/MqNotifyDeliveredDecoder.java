package io.ringcap.replay.decode;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.MqNotifyDeliveredLayout;
import org.agrona.DirectBuffer;

/**
 * Flyweight over {@code struct rc_mq_notify_delivered} ({@link MqNotifyDeliveredLayout}): a
 * message-queue notification sent as a signal. The {@link EventHeaderDecoder} over the same record
 * describes the sender.
 */
public final class MqNotifyDeliveredDecoder
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding an mq_notify_delivered record.
     * @param offset of the record (its rc_header) in buffer.
     * @return this, for chaining.
     * @throws IndexOutOfBoundsException when the buffer is too short for the record.
     */
    public MqNotifyDeliveredDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - MqNotifyDeliveredLayout.LENGTH)
        {
            throw new IndexOutOfBoundsException("no room for a " + MqNotifyDeliveredLayout.LENGTH +
                "-byte rc_mq_notify_delivered at offset " + offset + " of a " + buffer.capacity() + "-byte buffer");
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the notified process, host tgid. */
    public int targetPid()
    {
        return buffer.getInt(offset + MqNotifyDeliveredLayout.TARGET_PID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the signal sent: the registration's sigev_signo. */
    public int signo()
    {
        return buffer.getInt(offset + MqNotifyDeliveredLayout.SIGNO_OFFSET, LITTLE_ENDIAN);
    }

    /** @return si_code: SI_MESGQ (-3). */
    public int siCode()
    {
        return buffer.getInt(offset + MqNotifyDeliveredLayout.SI_CODE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the sender's queue descriptor, -1 if unknown. */
    public int senderMqdes()
    {
        return buffer.getInt(offset + MqNotifyDeliveredLayout.SENDER_MQDES_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the queue's inode, 0 if unknown. */
    public long mqInode()
    {
        return buffer.getLong(offset + MqNotifyDeliveredLayout.MQ_INODE_OFFSET, LITTLE_ENDIAN);
    }
}
