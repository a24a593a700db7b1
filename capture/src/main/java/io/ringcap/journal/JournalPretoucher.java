package io.ringcap.journal;

import org.agrona.concurrent.UnsafeBuffer;

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
    /** Look for a new cycle file (a roll) or a longer one (Chronicle grew it) every this many rounds. */
    private static final int RESCAN_ROUNDS = 50;

    private final Path directory;
    private final LongSupplier writePosition;
    private volatile boolean running = true;
    private Path file;
    private MappedByteBuffer mapping;
    private final UnsafeBuffer pages = new UnsafeBuffer(0, 0);
    private long touchedUpTo;
    private int rounds;

    JournalPretoucher(final Path directory, final LongSupplier writePosition)
    {
        this.directory = directory;
        this.writePosition = writePosition;
    }

    void stop()
    {
        running = false;
    }

    @Override
    public void run()
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
                mapping = null;
            }
            catch (final InternalError ex)
            {
                // SIGBUS touching a page the file system cannot back (disk full): stop quietly; the
                // writer meets the same fault and the capture reports it
                return;
            }
            LockSupport.parkNanos(INTERVAL_NS);
        }
    }

    private void touchAhead() throws IOException
    {
        if (null == mapping || rounds++ % RESCAN_ROUNDS == 0 ||
            writePosition.getAsLong() + AHEAD_BYTES > pages.capacity() && touchedUpTo >= pages.capacity())
        {
            remapIfChanged();
        }
        if (null == mapping)
        {
            return;
        }
        final long from = Math.max(touchedUpTo, writePosition.getAsLong() + PAGE);
        final long to = Math.min(writePosition.getAsLong() + AHEAD_BYTES, pages.capacity());
        for (long page = (from + PAGE - 1) & -PAGE; page + Integer.BYTES <= to; page += PAGE)
        {
            pages.getAndAddInt((int)page, 0);
            touchedUpTo = page + PAGE;
        }
    }

    private void remapIfChanged() throws IOException
    {
        final Optional<Path> newest = newestCycleFile();
        if (newest.isEmpty())
        {
            return;
        }
        final long length = Files.size(newest.get());
        if (null == mapping || !newest.get().equals(file) || mapping.capacity() < Math.min(length, Integer.MAX_VALUE))
        {
            try (FileChannel channel = FileChannel.open(newest.get(), StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, Math.min(length, Integer.MAX_VALUE));
            }
            if (!newest.get().equals(file))
            {
                touchedUpTo = 0;
            }
            file = newest.get();
            pages.wrap(mapping);
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
