package io.ringcap.replay;

import static io.ringcap.wire.MqGetSetAttrLayout.MQDES_OFFSET;
import static io.ringcap.wire.MqGetSetAttrLayout.MQ_INODE_OFFSET;
import static io.ringcap.wire.MqGetSetAttrLayout.NEWATTR_OFFSET;
import static io.ringcap.wire.MqGetSetAttrLayout.NEWATTR_PTR_OFFSET;
import static io.ringcap.wire.MqGetSetAttrLayout.NEWATTR_STATUS_OFFSET;
import static io.ringcap.wire.MqGetSetAttrLayout.OLDATTR_OFFSET;
import static io.ringcap.wire.MqGetSetAttrLayout.OLDATTR_PTR_OFFSET;
import static io.ringcap.wire.MqGetSetAttrLayout.OLDATTR_STATUS_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.MqAttrLayout;
import io.ringcap.wire.MqGetSetAttrLayout;
import io.ringcap.wire.ReadStatus;
import org.agrona.DirectBuffer;

/**
 * Flyweight over {@code struct rc_mq_getsetattr} ({@link MqGetSetAttrLayout}): the arguments of
 * {@code mq_getsetattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr)}.
 * Wrap it over the same record as an {@link EventHeaderDecoder} for the common fields.
 *
 * <p>The newattr fields (read at entry) mean something only when {@link #newattrStatus()} is
 * {@link ReadStatus#OK}; the oldattr fields (what the kernel wrote back, read at exit) only when
 * {@link #oldattrStatus()} is.
 */
public final class MqGetSetAttrDecoder
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding an mq_getsetattr record.
     * @param offset of the record (its rc_header) in buffer.
     * @return this, for chaining.
     * @throws IndexOutOfBoundsException when the buffer is too short for the record.
     */
    public MqGetSetAttrDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - MqGetSetAttrLayout.LENGTH)
        {
            throw new IndexOutOfBoundsException("no room for a " + MqGetSetAttrLayout.LENGTH +
                "-byte rc_mq_getsetattr at offset " + offset + " of a " + buffer.capacity() + "-byte buffer");
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

    /** @return how {@code *newattr} was read at entry: a {@link ReadStatus} constant. */
    public int newattrStatus()
    {
        return buffer.getInt(offset + NEWATTR_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the {@code newattr} pointer, 0 for NULL (only get). */
    public long newattrPtr()
    {
        return buffer.getLong(offset + NEWATTR_PTR_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the {@code oldattr} pointer, 0 for NULL (only set). */
    public long oldattrPtr()
    {
        return buffer.getLong(offset + OLDATTR_PTR_OFFSET, LITTLE_ENDIAN);
    }

    /** @return how {@code *oldattr} was read at exit: {@link ReadStatus#SKIPPED} when the call failed. */
    public int oldattrStatus()
    {
        return buffer.getInt(offset + OLDATTR_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code newattr->mq_flags}: the only field the kernel uses, 0 or O_NONBLOCK. */
    public long newattrFlags()
    {
        return buffer.getLong(offset + NEWATTR_OFFSET + MqAttrLayout.FLAGS, LITTLE_ENDIAN);
    }

    /** @return {@code newattr->mq_maxmsg} (ignored by the kernel). */
    public long newattrMaxmsg()
    {
        return buffer.getLong(offset + NEWATTR_OFFSET + MqAttrLayout.MAXMSG, LITTLE_ENDIAN);
    }

    /** @return {@code newattr->mq_msgsize} (ignored by the kernel). */
    public long newattrMsgsize()
    {
        return buffer.getLong(offset + NEWATTR_OFFSET + MqAttrLayout.MSGSIZE, LITTLE_ENDIAN);
    }

    /** @return {@code newattr->mq_curmsgs} (ignored by the kernel). */
    public long newattrCurmsgs()
    {
        return buffer.getLong(offset + NEWATTR_OFFSET + MqAttrLayout.CURMSGS, LITTLE_ENDIAN);
    }

    /** @return {@code oldattr->mq_flags}: the descriptor's flags before the call. */
    public long oldattrFlags()
    {
        return buffer.getLong(offset + OLDATTR_OFFSET + MqAttrLayout.FLAGS, LITTLE_ENDIAN);
    }

    /** @return {@code oldattr->mq_maxmsg}. */
    public long oldattrMaxmsg()
    {
        return buffer.getLong(offset + OLDATTR_OFFSET + MqAttrLayout.MAXMSG, LITTLE_ENDIAN);
    }

    /** @return {@code oldattr->mq_msgsize}. */
    public long oldattrMsgsize()
    {
        return buffer.getLong(offset + OLDATTR_OFFSET + MqAttrLayout.MSGSIZE, LITTLE_ENDIAN);
    }

    /** @return {@code oldattr->mq_curmsgs}: messages queued at the call. */
    public long oldattrCurmsgs()
    {
        return buffer.getLong(offset + OLDATTR_OFFSET + MqAttrLayout.CURMSGS, LITTLE_ENDIAN);
    }

    /** @return the inode of the queue behind {@code mqdes}, 0 when it was not an open message queue (not open, or another kind of file). */
    public long mqInode()
    {
        return buffer.getLong(offset + MQ_INODE_OFFSET, LITTLE_ENDIAN);
    }
}
