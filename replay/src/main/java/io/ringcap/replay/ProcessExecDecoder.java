package io.ringcap.replay;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.ProcessExecLayout;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * Flyweight over {@code struct rc_process_exec} ({@link ProcessExecLayout}): a traced process exec'd.
 */
public final class ProcessExecDecoder
{
    private DirectBuffer buffer;
    private int offset;

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

    /** @return how the filename was read: a {@link io.ringcap.wire.ReadStatus} constant. */
    public int filenameStatus()
    {
        return buffer.getInt(offset + ProcessExecLayout.FILENAME_STATUS_OFFSET, LITTLE_ENDIAN);
    }

    /** @return filename bytes, without the NUL, never more than the field holds. */
    public int filenameLength()
    {
        final int length = buffer.getInt(offset + ProcessExecLayout.FILENAME_LENGTH_OFFSET, LITTLE_ENDIAN);
        return Math.max(0, Math.min(length, ProcessExecLayout.FILENAME_CAPACITY - 1));
    }

    /** @return the executable's path as given to execve; allocates. */
    public String filename()
    {
        final byte[] bytes = new byte[filenameLength()];
        buffer.getBytes(offset + ProcessExecLayout.FILENAME_OFFSET, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
