package io.ringcap.journal;

import io.ringcap.wire.ReaderSidecar;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a journal's oldest cycle files after each roll until what is left is under a size and
 * newer than an age. Never deletes the newest cycle file (the one being written), and never a
 * cycle file a reader has open: a reader holds a shared advisory (fcntl) lock on the cycle file's
 * sidecar ({@link ReaderSidecar}: {@code <cycle>.cq4.readers}, see {@code CycleFileLocks} in
 * replay) while it has the cycle file open, and a cycle file is deleted only under an exclusive
 * lock on its sidecar taken without waiting; the sidecar goes after it. The first cycle file whose
 * sidecar cannot be locked stops the pass, so a reader's position and everything after it stay. A
 * cycle file without a sidecar (written before sidecars existed) has no reader registered and is
 * deleted as any other. No lock is ever taken on Chronicle's own files: its writer grows a cycle
 * file under an exclusive lock on it, and must never wait for a reader.
 * <p>
 * Each pass also deletes stale sidecars: those whose cycle file is gone and older than the newest
 * cycle file (a sidecar made ahead for a cycle that has not begun stays).
 * <p>
 * A cycle file a registered shipper ({@code ringcap ship}: its checkpoint in the journal directory)
 * has not shipped is deleted all the same (the capture never waits for the network), with one
 * warning line naming the shipper.
 * <p>
 * Chronicle tells it of a roll through {@link StoreFileListener#onReleased}; the pass runs on a
 * thread of its own so the drain never waits for the disk. After each file it deletes, the pass
 * has the writer list the directory again ({@code refreshDirectoryListing}): Chronicle's tailers
 * start from the lowest cycle that listing in {@code metadata.cq4t} names, and a read-only one sent
 * to a deleted file reads nothing. (ringcap's readers no longer rely on it: they start from the first
 * cycle file on disk, {@code CycleFloor} in replay, since a capture killed between a delete and the
 * refresh, or a user deleting old files by hand, leaves the listing naming a deleted file.)
 * <p>
 * No pass runs before {@link #start}, which the capture calls once its writer has made its first
 * append. Until then Chronicle's appender visits the journal's older cycle files: its constructor
 * scans back from the newest for one that ends with an EOF marker, and the first append writes the
 * markers still missing (StoreAppender's normaliseEOFs), opening each cycle file in turn. Each
 * visit lists that cycle as the lowest again (TableDirectoryListing.onRoll), and each store the
 * scan lets go of is reported released, which started a pass in the middle of those visits. That
 * pass deleted a file the appender had just opened and refreshed the listing before the appender
 * lowered it again: {@code metadata.cq4t} named the deleted cycle as the first, and replay found
 * the journal empty (JournalRetentionCaptureTest's --retain-time test: 2 of 15 runs; a third
 * failure, with each event logged, showed that order). A file deleted between Chronicle's
 * existence check and its opening is also made again, empty, by the writer's read-write open
 * (StoreSupplier.acquire; not seen here, it fits the TimeoutException a CI run ended with). From
 * its first append on, the appender only opens the cycle it writes and newer ones, which
 * retention never deletes.
 */
public final class JournalRetention implements StoreFileListener, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    private static final String CYCLE_FILE_GLOB = "*" + ReaderSidecar.CYCLE_FILE_SUFFIX;
    private static final String SIDECAR_GLOB = "*" + ReaderSidecar.CYCLE_FILE_SUFFIX + ReaderSidecar.SUFFIX;
    private static final long CLOSE_WAIT_SECONDS = 5;

    /**
     * @param maxBytes     keep the cycle files' total size at or under this; Long.MAX_VALUE for no limit.
     * @param maxAgeMillis delete cycle files last written longer ago than this; Long.MAX_VALUE for no limit.
     */
    public record Limits(long maxBytes, long maxAgeMillis)
    {
        public static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE);

        public boolean isNone()
        {
            return maxBytes == Long.MAX_VALUE && maxAgeMillis == Long.MAX_VALUE;
        }
    }

    private final Path directory;
    private final Limits limits;
    private final ExecutorService executor;
    private volatile Runnable refreshListing = () -> { };
    private volatile boolean started;

    public JournalRetention(final Path directory, final Limits limits)
    {
        this(directory, limits, Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "ringcap-retention");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /**
     * @param passes runs the passes {@link #start} and each roll ask for, one at a time.
     */
    JournalRetention(final Path directory, final Limits limits, final ExecutorService passes)
    {
        this.directory = directory;
        this.limits = limits;
        this.executor = passes;
    }

    /**
     * Once the writer has made its first append (see the class comment): from here on each roll
     * runs a pass, and one runs now, for what the journal held when the capture began.
     *
     * @param refreshListing run after each file a pass deletes: the writer refreshes Chronicle's
     *                       directory listing, whose lowest cycle readers start from.
     */
    public void start(final Runnable refreshListing)
    {
        this.refreshListing = refreshListing;
        started = true;
        requestPass();
    }

    @Override
    public void onReleased(final int cycle, final File file)
    {
        if (started) // before, the appender is still visiting older cycles: start() runs the pass
        {
            requestPass();
        }
    }

    private void requestPass()
    {
        try
        {
            executor.execute(this::enforce);
        }
        catch (final RejectedExecutionException closing)
        {
            // the capture is stopping: the next one enforces the limits once it has started
        }
    }

    /**
     * One pass: oldest first, delete while over a limit; the listing is refreshed after each file.
     * Runs whether or not {@link #start} was called: tests call it directly, with no writer.
     *
     * @return the files deleted.
     */
    public List<Path> enforce()
    {
        final List<Path> deleted = new ArrayList<>();
        try
        {
            final List<Path> cycles = cycleFiles();
            deleteStaleSidecars(cycles);
            long total = 0;
            for (final Path cycle : cycles)
            {
                total += sizeOf(cycle);
            }
            final long now = System.currentTimeMillis();
            for (int i = 0; i < cycles.size() - 1; i++) // the last is the one being written
            {
                final Path cycle = cycles.get(i);
                final long size = sizeOf(cycle);
                final boolean overSize = total > limits.maxBytes();
                final boolean tooOld = now - lastModified(cycle) > limits.maxAgeMillis();
                if (!overSize && !tooOld)
                {
                    break;
                }
                if (!deleteUnlessOpen(cycle))
                {
                    LOG.info("retention: keeping {} and newer: a reader has it open", cycle);
                    break;
                }
                refreshListing.run(); // at once: a reader opening the journal now starts from the listing's lowest
                total -= size;
                deleted.add(cycle);
                LOG.info("retention: deleted {} ({} bytes, {})", cycle, size, overSize ? "over --retain-size" :
                    "older than --retain-time");
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.warn("retention: cannot enforce limits in {}: {}", directory, ex.toString());
        }
        if (!deleted.isEmpty())
        {
            // a registered shipper (ringcap ship's checkpoint) that is behind loses these: say so, in one line
            final String unshipped = io.ringcap.wire.ShipCheckpoint.unshippedWarning(directory, deleted);
            if (null != unshipped)
            {
                LOG.warn("retention: {}", unshipped);
            }
        }
        return deleted;
    }

    /** Cycle file names sort in time order within a roll cycle, and a journal keeps one roll cycle. */
    private List<Path> cycleFiles() throws IOException
    {
        return sortedFiles(CYCLE_FILE_GLOB);
    }

    private List<Path> sortedFiles(final String glob) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, glob))
        {
            listing.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /**
     * Sidecars of deleted cycle files: left by a pass stopped between the two deletes, or by cycle
     * files deleted by hand. One ahead of the newest cycle file is the next cycle's, made early.
     */
    private void deleteStaleSidecars(final List<Path> cycles) throws IOException
    {
        final String newest = cycles.isEmpty() ? null : cycles.get(cycles.size() - 1).getFileName().toString();
        for (final Path sidecar : sortedFiles(SIDECAR_GLOB))
        {
            if (!ReaderSidecar.isSidecar(sidecar.getFileName().toString()))
            {
                continue; // ".cq4.readers" itself: the glob's * matches nothing too
            }
            final Path cycle = ReaderSidecar.cycleFileOf(sidecar);
            if (null != newest && cycle.getFileName().toString().compareTo(newest) < 0 && !Files.exists(cycle))
            {
                Files.deleteIfExists(sidecar);
                LOG.info("retention: deleted {}: its cycle file is gone", sidecar);
            }
        }
    }

    /**
     * @return false when a reader holds the cycle file's sidecar (or this JVM holds a lock on it).
     */
    private static boolean deleteUnlessOpen(final Path cycle) throws IOException
    {
        final Path sidecar = ReaderSidecar.of(cycle);
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(sidecar, StandardOpenOption.WRITE); // an exclusive lock needs write access
        }
        catch (final NoSuchFileException noSidecar)
        {
            Files.deleteIfExists(cycle); // no reader can have registered with it
            return true;
        }
        try (channel)
        {
            final FileLock lock = channel.tryLock();
            if (null == lock)
            {
                return false;
            }
            try
            {
                Files.deleteIfExists(cycle);
                Files.deleteIfExists(sidecar);
                return true;
            }
            finally
            {
                lock.release();
            }
        }
        catch (final OverlappingFileLockException heldInThisJvm)
        {
            return false;
        }
    }

    private static long sizeOf(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException gone)
        {
            return 0;
        }
    }

    private static long lastModified(final Path file)
    {
        try
        {
            return Files.getLastModifiedTime(file).toMillis();
        }
        catch (final IOException gone)
        {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
