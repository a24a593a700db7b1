package io.ringcap.replay;

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
    /** U+FFFD, shown for comm bytes that are not UTF-8 (the kernel may cut a character at 15 bytes). */
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';

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
        final int base = offset + COMM_OFFSET;
        int length = 0;
        while (length < COMM_LENGTH && buffer.getByte(base + length) != 0)
        {
            length++;
        }
        return length;
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
        final DirectBuffer buffer = this.buffer;
        final int base = offset + COMM_OFFSET;
        final int length = commLength();
        int i = 0;
        while (i < length)
        {
            final int b0 = buffer.getByte(base + i) & 0xFF;
            if (b0 < 0x80)
            {
                builder.append((char)b0);
                i++;
                continue;
            }

            final int continuationBytes;
            final int minimum;
            int codePoint;
            if (b0 >= 0xC2 && b0 <= 0xDF)
            {
                continuationBytes = 1;
                minimum = 0x80;
                codePoint = b0 & 0x1F;
            }
            else if (b0 >= 0xE0 && b0 <= 0xEF)
            {
                continuationBytes = 2;
                minimum = 0x800;
                codePoint = b0 & 0x0F;
            }
            else if (b0 >= 0xF0 && b0 <= 0xF4)
            {
                continuationBytes = 3;
                minimum = 0x1_0000;
                codePoint = b0 & 0x07;
            }
            else
            {
                builder.append(REPLACEMENT_CHARACTER);
                i++;
                continue;
            }

            int decoded = 0;
            while (decoded < continuationBytes && i + 1 + decoded < length)
            {
                final int b = buffer.getByte(base + i + 1 + decoded) & 0xFF;
                if ((b & 0xC0) != 0x80)
                {
                    break;
                }
                codePoint = (codePoint << 6) | (b & 0x3F);
                decoded++;
            }

            if (decoded < continuationBytes || codePoint < minimum || codePoint > Character.MAX_CODE_POINT ||
                (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE))
            {
                // Replace only the lead byte and resynchronise on the next one, as decoders do.
                builder.append(REPLACEMENT_CHARACTER);
                i++;
            }
            else
            {
                builder.appendCodePoint(codePoint);
                i += 1 + continuationBytes;
            }
        }
        return builder;
    }

    /**
     * @return {@code comm} as a String; allocates, so not for the replay loop.
     */
    public String comm()
    {
        return appendComm(new StringBuilder(COMM_LENGTH)).toString();
    }
}
