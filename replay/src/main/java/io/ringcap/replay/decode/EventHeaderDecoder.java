package io.ringcap.replay.decode;

import static io.ringcap.wire.EventHeaderLayout.CGROUP_ID_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.COMM_LENGTH;
import static io.ringcap.wire.EventHeaderLayout.COMM_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.CPU_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.ENTRY_NS_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.EVENT_TYPE_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.EXIT_NS_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.FLAGS_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.GID_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.HOST_PID_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.HOST_PPID_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.HOST_TID_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.MNT_NS_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.PID_NS_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.PID_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.PPID_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.RETVAL_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.SIZE_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.TID_OFFSET;
import static io.ringcap.wire.EventHeaderLayout.UID_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import org.agrona.DirectBuffer;

/**
 * Flyweight over {@code struct rc_header} ({@link EventHeaderLayout}), the start of every record.
 * Wrap it over a record, then read fields straight from the buffer: nothing is copied or allocated,
 * except by {@link #comm()}, which is for tests and tools.
 *
 * <p>Unsigned C fields are widened so they read as the kernel wrote them: u16 as int, u32 as long
 * (pid and tid excepted: the kernel's pid_max is at most 2^22, so they fit an int).
 */
public final class EventHeaderDecoder
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding a record.
     * @param offset of the record's rc_header in buffer.
     * @return this, for chaining.
     * @throws IndexOutOfBoundsException when the buffer is too short for an rc_header.
     */
    public EventHeaderDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - EventHeaderLayout.LENGTH)
        {
            throw new IndexOutOfBoundsException("no room for a " + EventHeaderLayout.LENGTH +
                "-byte rc_header at offset " + offset + " of a " + buffer.capacity() + "-byte buffer");
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    /** @return {@code event_type}, an {@link io.ringcap.wire.EventType} constant. */
    public int eventType()
    {
        return buffer.getShort(offset + EVENT_TYPE_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return {@code size}: bytes in the whole record, header included. */
    public int size()
    {
        return buffer.getShort(offset + SIZE_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return {@code cpu} the syscall exit ran on. */
    public int cpu()
    {
        return buffer.getShort(offset + CPU_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return {@code flags}, reserved: 0. */
    public int flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return {@code entry_ns}: CLOCK_BOOTTIME at syscall entry. */
    public long entryNs()
    {
        return buffer.getLong(offset + ENTRY_NS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code exit_ns}: CLOCK_BOOTTIME at syscall exit. */
    public long exitNs()
    {
        return buffer.getLong(offset + EXIT_NS_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return how long the call took, exit minus entry in ns (0 should the clocks disagree), for a
     *         syscall; events that are not calls have no duration: -1.
     */
    public long durationNs()
    {
        if (!EventType.isSyscall(eventType()))
        {
            return -1;
        }
        return Math.max(0, exitNs() - entryNs());
    }

    /** @return {@code retval}: the syscall's return value, -errno on failure. */
    public long retval()
    {
        return buffer.getLong(offset + RETVAL_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code host_pid}: the thread group id in the host pid namespace. */
    public int hostPid()
    {
        return buffer.getInt(offset + HOST_PID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code host_tid}: the thread id in the host pid namespace. */
    public int hostTid()
    {
        return buffer.getInt(offset + HOST_TID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code host_ppid}: the real parent's thread group id in the host pid namespace. */
    public int hostPpid()
    {
        return buffer.getInt(offset + HOST_PPID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code pid}: the thread group id in the task's own pid namespace. */
    public int pid()
    {
        return buffer.getInt(offset + PID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code tid}: the thread id in the task's own pid namespace. */
    public int tid()
    {
        return buffer.getInt(offset + TID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code ppid}: the parent's thread group id in the task's pid namespace, 0 if outside it. */
    public int ppid()
    {
        return buffer.getInt(offset + PPID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return {@code mnt_ns}: the mount namespace inode, unsigned. */
    public long mntNs()
    {
        return buffer.getInt(offset + MNT_NS_OFFSET, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return {@code pid_ns}: the pid namespace inode, unsigned. */
    public long pidNs()
    {
        return buffer.getInt(offset + PID_NS_OFFSET, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return {@code uid}, unsigned. */
    public long uid()
    {
        return buffer.getInt(offset + UID_OFFSET, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return {@code gid}, unsigned. */
    public long gid()
    {
        return buffer.getInt(offset + GID_OFFSET, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return {@code cgroup_id}, a u64: negative when its top bit is set. */
    public long cgroupId()
    {
        return buffer.getLong(offset + CGROUP_ID_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return bytes of {@code comm} before its NUL terminator; {@link EventHeaderLayout#COMM_LENGTH}
     *         when there is none (never from the kernel, which always terminates it).
     */
    public int commLength()
    {
        return Utf8Text.lengthBeforeNul(buffer, offset + COMM_OFFSET, COMM_LENGTH);
    }

    /**
     * Append {@code comm} decoded as UTF-8, with U+FFFD for each byte that does not decode.
     * Allocates nothing once the builder has capacity.
     *
     * @param builder to append to.
     * @return builder.
     */
    public StringBuilder appendComm(final StringBuilder builder)
    {
        return Utf8Text.append(buffer, offset + COMM_OFFSET, commLength(), builder);
    }

    /**
     * @return {@code comm} as a String; allocates, so not for the replay loop.
     */
    public String comm()
    {
        return appendComm(new StringBuilder(COMM_LENGTH)).toString();
    }
}
