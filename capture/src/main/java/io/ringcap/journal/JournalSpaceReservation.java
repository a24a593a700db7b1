package io.ringcap.journal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.File;

/**
 * Reserves disk space for the journal's cycle file ahead of the writer: zeros written there with
 * pwrite and forced to disk with sync_file_range, so that a full disk is an error code before an
 * excerpt is written, not a SIGBUS after it.
 * <p>
 * Why: Chronicle writes through a shared mapping, and a page the file system cannot back faults
 * with SIGBUS, which the JVM raises as an InternalError at its next safepoint check, not at the
 * faulting copy: the writer may commit (and count) further excerpts whose pages stay zeros. Measured
 * on an 8 MiB tmpfs before this class: the capture reported 35,248 events kept, a copy of the
 * journal replayed 34,494, in place it replayed none.
 * <p>
 * Why not less: fallocate leaves unwritten extents on ext4, and the first store to such a page
 * through the mapping still needs blocks for the extent conversion (a full 16 MiB ext4 faulted).
 * Zeros written with pwrite alone hold only a delayed-allocation reservation until writeback; on a
 * nearly full ext4 under write load (a dd beside it) the mapping still faulted in 3 of 5 runs.
 * Written back with sync_file_range, the blocks are allocated and written, and a store through the
 * mapping needs nothing more (0 of 10 runs faulted; without the sync 10 of 12 faulted, and a copy
 * that faulted left zeros which the checksum, computed after it over the same pages, sealed:
 * replay reports such a block's records after the fault as damage). The sync is done only while
 * the file system has less than {@link #SYNC_BELOW_BYTES} usable. The writer never stores past the
 * reserved end, so these zeros never land on data.
 * <p>
 * Cost, on the writer's thread: one pwrite of zeros per 1 MiB of journal; near a full disk also a
 * sync_file_range per 8 MiB (the journal's bytes then reach the disk twice). Moving it to the
 * pretoucher's thread was tried: on a full ext4 under load the mapping then faulted in 3 of 7 runs.
 */
final class JournalSpaceReservation implements AutoCloseable
{
    private static final int ZEROS = 1 << 20;
    private static final long PAGE = 4096;
    /**
     * Below this much usable space the zeros are also forced to disk (see the class comment); above
     * it the kernel's own reservation at pwrite (ext4's delayed allocation, tmpfs's pages) holds, and
     * the zeros are usually overwritten before writeback, so the journal is not written twice.
     */
    static final long SYNC_BELOW_BYTES = 256L << 20;
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SYNC_FILE_RANGE_WAIT_BEFORE = 1;
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final int SYNC_FILE_RANGE_WAIT_AFTER = 4;
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;

    private final Memory zeros = new Memory(ZEROS);
    private java.nio.file.FileStore store;
    private int fd = -1;
    private int cycle = Integer.MIN_VALUE;
    private long reservedEnd; // file offset below which every page holds its blocks

    static
    {
        Native.register("c");
    }

    JournalSpaceReservation()
    {
        zeros.clear();
    }

    private static native int open(String path, int flags) throws LastErrorException;

    private static native long pwrite(int fd, Memory buffer, long count, long offset) throws LastErrorException;

    private static native int sync_file_range(int fd, long offset, long count, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

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
                fd = open(file.getPath(), O_WRONLY | O_CLOEXEC);
                store = java.nio.file.Files.getFileStore(file.toPath());
            }
            catch (final java.io.IOException ex)
            {
                store = null; // cannot tell the free space: always sync
            }
            catch (final LastErrorException ex)
            {
                fd = -1; // e.g. deleted meanwhile: no reservation for this cycle
            }
        }
    }

    /** @return whether the file offsets below end hold their blocks (or cannot be reserved at all). */
    boolean isReserved(final long end)
    {
        return end <= reservedEnd || fd < 0;
    }

    /**
     * Write zeros from the reserved end (at least the write position) up to {@code end}, and wait
     * until they are on disk.
     *
     * @param writePosition where the writer is: nothing below it is ever overwritten with zeros.
     * @return false when the disk (or quota) is full; the reserved end then stays where it was.
     */
    boolean reserve(final long writePosition, final long end)
    {
        if (isReserved(end))
        {
            return true;
        }
        // Whole pages: a store to a page faults unless all of its blocks are backed, and file
        // systems with blocks smaller than a page (ext4 on a small device: 1 KiB) back them apart.
        final long pageEnd = (end + PAGE - 1) & -PAGE;
        final long from = Math.max(reservedEnd, writePosition);
        long at = from;
        try
        {
            while (at < pageEnd)
            {
                at += pwrite(fd, zeros, Math.min(ZEROS, pageEnd - at), at);
            }
            if (usableSpace() < SYNC_BELOW_BYTES)
            {
                sync_file_range(fd, from, at - from,
                    SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
            }
            reservedEnd = at;
            return true;
        }
        catch (final LastErrorException ex)
        {
            if (ex.getErrorCode() == ENOSPC || ex.getErrorCode() == EDQUOT)
            {
                return false;
            }
            throw new IllegalStateException("cannot reserve journal space: " + ex.getMessage(), ex);
        }
    }

    /** statvfs: once per reservation (8 MiB of journal), so its small allocation does not matter. */
    private long usableSpace()
    {
        try
        {
            return null == store ? 0 : store.getUsableSpace();
        }
        catch (final java.io.IOException ex)
        {
            return 0;
        }
    }

    /** @return the end of the reserved range, for the pretoucher: Long.MAX_VALUE without reservation. */
    long reservedEnd()
    {
        return fd < 0 ? Long.MAX_VALUE : reservedEnd;
    }

    @Override
    public void close()
    {
        if (fd >= 0)
        {
            try
            {
                close(fd);
            }
            catch (final LastErrorException ignored)
            {
                // nothing to do: the descriptor is gone either way
            }
            fd = -1;
        }
    }
}
