package io.ringcap.journal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reserves disk space for the journal's cycle file ahead of the writer by writing zeros there with
 * pwrite, so that a full disk is an error code before an excerpt is written, not a SIGBUS after it.
 * <p>
 * Why: Chronicle writes through a shared mapping, and a page the file system cannot back faults
 * with SIGBUS, which the JVM raises as an InternalError at its next safepoint check, not at the
 * faulting copy: the writer may commit (and count) further excerpts whose pages stay zeros. Measured
 * on an 8 MiB tmpfs before this class: the capture reported 35,248 events kept, a copy of the
 * journal replayed 34,494, in place it replayed none.
 * <p>
 * Why zeros written, not fallocate: fallocate leaves unwritten extents on ext4, and the first store
 * to such a page through the mapping still needs blocks for the extent conversion; on a full ext4
 * that store faulted (DiskFullCaptureTest, 16 MiB image: "cannot write the journal (disk full?)").
 * Pages written with pwrite hold their blocks (or, with delayed allocation, their reservation) from
 * then on, on ext4 and on tmpfs alike. The writer never stores past the reserved end, so these zeros
 * never land on data.
 * <p>
 * Costs one pwrite of 1 MiB per 1 MiB of journal on the writer's thread (zeros from one direct
 * buffer), about a millisecond per 8 MiB here.
 */
final class JournalSpaceReservation implements AutoCloseable
{
    private static final int ZEROS = 1 << 20;

    private final ByteBuffer zeros = ByteBuffer.allocateDirect(ZEROS);
    private FileChannel channel;
    private int cycle = Integer.MIN_VALUE;
    private long reservedEnd; // file offset below which every page holds its blocks

    /**
     * Point at the cycle file the appender writes, if it changed.
     *
     * @param file the appender's file, or null when the cycle is unchanged.
     */
    void onCycle(final int cycle, final File file)
    {
        if (cycle == this.cycle)
        {
            return;
        }
        close();
        this.cycle = cycle;
        reservedEnd = 0;
        if (null != file)
        {
            try
            {
                channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE);
            }
            catch (final IOException ex)
            {
                channel = null; // e.g. deleted meanwhile: no reservation for this cycle
            }
        }
    }

    /**
     * @param writePosition where the writer is: nothing below it is ever overwritten with zeros.
     * @return whether the file offsets below end hold their blocks (or cannot be reserved at all).
     */
    boolean isReserved(final long end)
    {
        return end <= reservedEnd || null == channel;
    }

    /**
     * Write zeros from the reserved end (at least the write position) up to {@code end}.
     *
     * @return false when the disk (or quota) is full; the reserved end then stays where the zeros reached.
     */
    boolean reserve(final long writePosition, final long end)
    {
        if (isReserved(end))
        {
            return true;
        }
        long at = Math.max(reservedEnd, writePosition);
        try
        {
            while (at < end)
            {
                zeros.clear().limit((int)Math.min(ZEROS, end - at));
                final int written = channel.write(zeros, at);
                at += written;
                reservedEnd = at;
            }
            return true;
        }
        catch (final IOException ex) // ENOSPC, EDQUOT: the message is the kernel's
        {
            return false;
        }
    }

    /** @return the end of the reserved range, for the pretoucher: Long.MAX_VALUE without reservation. */
    long reservedEnd()
    {
        return null == channel ? Long.MAX_VALUE : reservedEnd;
    }

    @Override
    public void close()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // nothing to do: the descriptor is gone either way
            }
            channel = null;
        }
    }
}
