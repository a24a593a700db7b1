package io.ringcap.replay.decode;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.ProcessExecLayout;
import io.ringcap.wire.ReadStatus;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over {@code struct rc_process_exec} ({@link ProcessExecLayout}): a traced process exec'd.
 * The {@link EventHeaderDecoder} over the same record is the process after the exec (its new comm).
 */
public final class ProcessExecDecoder
{
    /** The most filename bytes a record holds: the field less its NUL. */
    public static final int FILENAME_MAX_LENGTH = ProcessExecLayout.FILENAME_CAPACITY - 1;

    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding a process_exec record.
     * @param offset of the record (its rc_header) in buffer.
     * @return this, for chaining.
     * @throws IndexOutOfBoundsException when the buffer is too short for the record.
     */
    public ProcessExecDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        if (offset < 0 || offset > buffer.capacity() - ProcessExecLayout.LENGTH)
        {
            throw new IndexOutOfBoundsException("no room for a " + ProcessExecLayout.LENGTH +
                "-byte rc_process_exec at offset " + offset + " of a " + buffer.capacity() + "-byte buffer");
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return how the filename was read: a {@link ReadStatus} constant. */
    public int filenameStatus()
    {
        return buffer.getInt(offset + ProcessExecLayout.FILENAME_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return filename bytes, without the NUL, never more than the field holds: a corrupt length
     *         cannot make a reader run into the next record.
     */
    public int filenameLength()
    {
        final int length = buffer.getInt(offset + ProcessExecLayout.FILENAME_LENGTH_OFFSET, LITTLE_ENDIAN);
        return Math.max(0, Math.min(length, FILENAME_MAX_LENGTH));
    }

    /**
     * @return the path's whole length in bytes, without the NUL, unsigned: {@link #filenameLength()}
     *         when it was read whole; for {@link ReadStatus#TRUNCATED} its length (the kernel's copy
     *         of an exec path is at most 4095 bytes), or {@link ReadStatus#STRING_LENGTH_UNKNOWN}
     *         when the rest could not be read.
     */
    public long filenameFullLength()
    {
        return buffer.getInt(offset + ProcessExecLayout.FILENAME_FULL_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * Copy the filename's bytes (no NUL) into dst.
     *
     * @return bytes copied: {@link #filenameLength()}.
     */
    public int getFilename(final MutableDirectBuffer dst, final int dstIndex)
    {
        final int length = filenameLength();
        dst.putBytes(dstIndex, buffer, offset + ProcessExecLayout.FILENAME_OFFSET, length);
        return length;
    }

    /**
     * Append the filename decoded as UTF-8 (U+FFFD for bytes that do not decode); allocates nothing.
     *
     * @return builder.
     */
    public StringBuilder appendFilename(final StringBuilder builder)
    {
        return Utf8Text.append(buffer, offset + ProcessExecLayout.FILENAME_OFFSET, filenameLength(), builder);
    }

    /** @return the executable's path as given to execve; allocates, so not for the replay loop. */
    public String filename()
    {
        final byte[] bytes = new byte[filenameLength()];
        buffer.getBytes(offset + ProcessExecLayout.FILENAME_OFFSET, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
