package io.ringcap.journal;

import net.openhft.chronicle.queue.impl.StoreFileListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

/**
 * Deletes a journal's oldest cycle files after each roll until what is left is under a size and
 * newer than an age. Never deletes the newest cycle file (the one being written), and never a
 * cycle file a reader has open: replay holds a shared advisory lock on each cycle file it has open
 * (see {@code JournalReader}), and a file is deleted only under an exclusive lock taken without
 * waiting. The first file that cannot be locked stops the pass, so a reader's position and
 * everything after it stay.
 * <p>
 * Chronicle tells it of a roll through {@link StoreFileListener#onReleased}, on the appending
 * (drain) thread; the pass runs on a thread of its own so the drain never waits for the disk.
 */
public final class JournalRetention implements StoreFileListener, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    private static final String CYCLE_FILE_GLOB = "*.cq4";
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
            afterDeleting.run();
        }
        return deleted;
    }

    /** Cycle file names sort in time order within a roll cycle, and a journal keeps one roll cycle. */
    private List<Path> cycleFiles() throws IOException
    {
        final List<Path> cycles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, CYCLE_FILE_GLOB))
        {
            files.forEach(cycles::add);
        }
        cycles.sort(null);
        return cycles;
    }

    private static boolean deleteUnlessOpen(final Path cycle) throws IOException
    {
        try (FileChannel channel = FileChannel.open(cycle, StandardOpenOption.WRITE))
        {
            final FileLock lock = channel.tryLock();
            if (null == lock)
            {
                return false;
            }
            try
            {
                Files.delete(cycle);
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
        catch (final NoSuchFileException gone)
        {
            return true;
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
