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
 * Chronicle tells it of a roll through {@link StoreFileListener#onReleased}, on the appending
 * (drain) thread; the pass runs on a thread of its own so the drain never waits for the disk.
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
    private volatile Runnable afterDeleting = () -> { };

    public JournalRetention(final Path directory, final Limits limits)
    {
        this.directory = directory;
        this.limits = limits;
        this.executor = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "ringcap-retention");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param action run after a pass deleted files: the writer refreshes Chronicle's directory
     *               listing, whose lowest cycle readers start from.
     */
    public void afterDeleting(final Runnable action)
    {
        afterDeleting = action;
    }

    @Override
    public void onReleased(final int cycle, final File file)
    {
        try
        {
            executor.execute(this::enforce);
        }
        catch (final RejectedExecutionException closing)
        {
            // the capture is stopping: the next one enforces the limits after its first roll
        }
    }

    /**
     * One pass: oldest first, delete while over a limit.
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
            afterDeleting.run();
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
