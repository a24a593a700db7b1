package io.ringcap.replay.decode;

import static io.ringcap.wire.MqNotifyLayout.MQDES_OFFSET;
import static io.ringcap.wire.MqNotifyLayout.SEVP_OFFSET;
import static io.ringcap.wire.MqNotifyLayout.SEV_NOTIFY_OFFSET;
import static io.ringcap.wire.MqNotifyLayout.SEV_SIGNO_OFFSET;
import static io.ringcap.wire.MqNotifyLayout.SEV_STATUS_OFFSET;
import static io.ringcap.wire.MqNotifyLayout.SEV_UNION0_OFFSET;
import static io.ringcap.wire.MqNotifyLayout.SEV_UNION1_OFFSET;
import static io.ringcap.wire.MqNotifyLayout.SEV_VALUE_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ReadStatus;
import io.ringcap.wire.SigeventLayout;
import org.agrona.DirectBuffer;

/**
 * Flyweight over {@code struct rc_mq_notify} ({@link MqNotifyLayout}): the arguments of
 * {@code mq_notify(mqd_t mqdes, const struct sigevent *sevp)}. Wrap it over the same record as an
 * {@link EventHeaderDecoder} for the common fields.
 *
 * <p>The sigevent fields hold what the BPF program read from user memory at syscall entry, and
 * mean something only when {@link #sevStatus()} is {@link ReadStatus#OK}.
 */
public final class MqNotifyDecoder
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding an mq_notify record.
     * @param offset of the record (its rc_header) in buffer.
     * @return this, for chaining.
     * @throws IndexOutOfBoundsException when the buffer is too short for the record.
     */
    public MqNotifyDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - MqNotifyLayout.LENGTH)
        {
            throw new IndexOutOfBoundsException("no room for a " + MqNotifyLayout.LENGTH +
                "-byte rc_mq_notify at offset " + offset + " of a " + buffer.capacity() + "-byte buffer");
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

    /** @return how {@code *sevp} was read: a {@link ReadStatus} constant. */
    public int sevStatus()
    {
        return buffer.getInt(offset + SEV_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the {@code sevp} pointer, 0 for NULL. */
    public long sevp()
    {
        return buffer.getLong(offset + SEVP_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code sigev_value} (sival_int or sival_ptr). */
    public long sigevValue()
    {
        return buffer.getLong(offset + SEV_VALUE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code sigev_signo}. */
    public int sigevSigno()
    {
        return buffer.getInt(offset + SEV_SIGNO_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code sigev_notify}: a {@link SigevNotify} constant. */
    public int sigevNotify()
    {
        return buffer.getInt(offset + SEV_NOTIFY_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the first word of {@code _sigev_un}: {@code _tid} (low 32 bits) for SIGEV_THREAD_ID, else {@code _function}. */
    public long union0()
    {
        return buffer.getLong(offset + SEV_UNION0_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the second word of {@code _sigev_un}: {@code _attribute} for SIGEV_THREAD. */
    public long union1()
    {
        return buffer.getLong(offset + SEV_UNION1_OFFSET, LITTLE_ENDIAN);
    }

    /** @return how {@code *sevp} was read again at exit: a {@link ReadStatus} constant. */
    public int sevExitStatus()
    {
        return buffer.getInt(offset + MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return true when {@code *sevp} at exit differed from {@code *sevp} at entry. */
    public boolean toctou()
    {
        return buffer.getInt(offset + MqNotifyLayout.TOCTOU_OFFSET, LITTLE_ENDIAN) != 0;
    }

    /** @return {@code sigev_value} as read at exit. */
    public long exitSigevValue()
    {
        return buffer.getLong(offset + MqNotifyLayout.SEV_EXIT_OFFSET + SigeventLayout.VALUE, LITTLE_ENDIAN);
    }

    /** @return {@code sigev_signo} as read at exit. */
    public int exitSigevSigno()
    {
        return buffer.getInt(offset + MqNotifyLayout.SEV_EXIT_OFFSET + SigeventLayout.SIGNO, LITTLE_ENDIAN);
    }

    /** @return {@code sigev_notify} as read at exit. */
    public int exitSigevNotify()
    {
        return buffer.getInt(offset + MqNotifyLayout.SEV_EXIT_OFFSET + SigeventLayout.NOTIFY, LITTLE_ENDIAN);
    }

    /** @return the first {@code _sigev_un} word as read at exit. */
    public long exitUnion0()
    {
        return buffer.getLong(offset + MqNotifyLayout.SEV_EXIT_OFFSET + SigeventLayout.UNION0, LITTLE_ENDIAN);
    }

    /** @return the second {@code _sigev_un} word as read at exit. */
    public long exitUnion1()
    {
        return buffer.getLong(offset + MqNotifyLayout.SEV_EXIT_OFFSET + SigeventLayout.UNION1, LITTLE_ENDIAN);
    }

    /** @return the inode of the queue behind {@code mqdes}, 0 when it was not an open message queue (not open, or another kind of file). */
    public long mqInode()
    {
        return buffer.getLong(offset + MqNotifyLayout.MQ_INODE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return how the SIGEV_THREAD cookie was read: {@link ReadStatus#SKIPPED} for other notify types. */
    public int cookieStatus()
    {
        return buffer.getInt(offset + MqNotifyLayout.COOKIE_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return byte {@code index} (0..31) of the SIGEV_THREAD cookie. */
    public int cookieByte(final int index)
    {
        return buffer.getByte(offset + MqNotifyLayout.COOKIE_OFFSET + index) & 0xFF;
    }
}
