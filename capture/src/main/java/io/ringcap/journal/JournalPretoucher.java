package io.ringcap.journal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Faults in the journal's next pages ahead of the writer, from a thread of its own. The first write
 * to a page of a file-backed mapping takes the filesystem's page fault (block reservation, journal
 * handle), which measured up to tens of milliseconds on this machine's disk: on the drain thread
 * that is latency, on this thread it is not. (Chronicle Queue's own pretoucher is Enterprise-only.)
 * <p>
 * Each page ahead of the write position is touched with an atomic add of zero: it dirties the page
 * without changing a byte, so it cannot corrupt a concurrent write even if the writer got there
 * first. Only pages inside the file's current length are touched (Chronicle extends the file ahead
 * of itself in chunks).
 */
final class JournalPretoucher implements Runnable
{
    static final long AHEAD_BYTES = 32L << 20;
    private static final int PAGE = 4096;
    private static final long INTERVAL_NS = 2_000_000L;
    /**
     * Look for a new cycle file this often (rounds of INTERVAL_NS) even when nothing says there is
     * one: a safety net only. A roll shows as the write position going back (a new file starts near
     * 0), and growth as the position nearing the mapped end; listing the directory every round would
     * allocate on every round, and the capture should run without a GC.
     */
    private static final int RESCAN_ROUNDS = 5_000;

    /**
     * The file is mapped a window at a time, from the page of the write position: a daily cycle file
     * grows past what one mapping can hold (2 GiB), and a window bounds the address space held.
     */
    private static final long WINDOW_BYTES = 4 * AHEAD_BYTES;

    private final Path directory;
    private final LongSupplier writePosition;
    private final LongSupplier reservedEnd;
    private volatile boolean running = true;
    private Path file;
    private MappedByteBuffer mapping;
    private long windowStart;       // file offset of the mapping's first byte
    private final UnsafeBuffer pages = new UnsafeBuffer(0, 0);
    private long touchedUpTo;       // file offset
    private int rounds;
    private long lastWritePosition;

    /**
     * @param reservedEnd the end of the disk space the writer has reserved: pages past it are not
     *                    touched (on a full disk a touch there would fault, and would take blocks the
     *                    writer's reservation needs).
     */
    JournalPretoucher(final Path directory, final LongSupplier writePosition, final LongSupplier reservedEnd)
    {
        this.directory = directory;
        this.writePosition = writePosition;
        this.reservedEnd = reservedEnd;
    }

    void stop()
    {
        running = false;
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                try
                {
                    touchAhead();
                }
                catch (final IOException | RuntimeException ex)
                {
                    // a cycle file rolled or vanished under us: look again next time
                    unmap();
                    file = null;
                }
                LockSupport.parkNanos(INTERVAL_NS);
            }
            unmap();
        }
        catch (final Error ex)
        {
            // SIGBUS touching a page the file system cannot back (disk full), raised by the JVM at the
            // touch or later (at a park, in an unmapping): stop quietly. Pretouching only saves the
            // writer page faults; the writer reserves its space itself (JournalSpaceReservation) and
            // reports a full disk.
        }
    }

    private void touchAhead() throws IOException
    {
        final long position = writePosition.getAsLong();
        final boolean rolled = position < lastWritePosition;
        lastWritePosition = position;
        if (null == file || rolled || ++rounds % RESCAN_ROUNDS == 0)
        {
            findNewestFile();
        }
        if (null == file)
        {
            return;
        }
        final long windowEnd = windowStart + pages.capacity();
        if (null == mapping || position + AHEAD_BYTES > windowEnd && touchedUpTo >= windowEnd || position < windowStart)
        {
            remap(position);
        }
        if (null == mapping)
        {
            return;
        }
        final long from = Math.max(touchedUpTo, position + PAGE);
        final long to = Math.min(Math.min(position + AHEAD_BYTES, windowStart + pages.capacity()), reservedEnd.getAsLong());
        for (long page = (from + PAGE - 1) & -PAGE; page + Integer.BYTES <= to; page += PAGE)
        {
            pages.getAndAddInt((int)(page - windowStart), 0);
            touchedUpTo = page + PAGE;
        }
    }

    private void findNewestFile() throws IOException
    {
        final Optional<Path> newest = newestCycleFile();
        if (newest.isPresent() && !newest.get().equals(file))
        {
            unmap();
            file = newest.get();
            touchedUpTo = 0;
        }
    }

    /** Map the window from the write position's page, as far as the file goes now. */
    private void remap(final long position) throws IOException
    {
        final long start = Math.max(0, position) & -PAGE;
        final long length = Math.min(WINDOW_BYTES, Files.size(file) - start);
        if (length <= 0 || (null != mapping && start == windowStart && length <= pages.capacity()))
        {
            return; // the file has not grown yet: nothing new to map
        }
        unmap();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            mapping = channel.map(FileChannel.MapMode.READ_WRITE, start, length);
        }
        windowStart = start;
        pages.wrap(mapping);
    }

    private void unmap()
    {
        if (null != mapping)
        {
            // A SIGBUS of a touch is raised by the JVM at this thread's next native transition. Let
            // that be this yield, inside run()'s catch, not the unmapping: JDK 17's Cleaner answers
            // an error in an unmapper with System.exit(1) (seen on a full ext4).
            Thread.yield();
            pages.wrap(0, 0);
            IoUtil.unmap(mapping);
            mapping = null;
        }
    }

    private Optional<Path> newestCycleFile() throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4"))
                .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
