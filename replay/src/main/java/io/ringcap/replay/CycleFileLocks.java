package io.ringcap.replay;

import net.openhft.chronicle.queue.impl.StoreFileListener;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Registers a reader with capture's retention: while Chronicle has a cycle file open for this
 * reader, the reader holds a shared advisory lock on it, and retention deletes a cycle file only
 * under an exclusive lock taken without waiting. Chronicle reports files it opens and releases
 * through {@link StoreFileListener}.
 * <p>
 * The locks are POSIX record locks (fcntl): per process, and dropped when the process closes any
 * descriptor of the file, so a lock is kept on a channel of its own, counted over the tailers
 * that have the file open, and closed only when the last one releases it.
 */
final class CycleFileLocks implements StoreFileListener
{
    private static final long WHOLE_FILE = Long.MAX_VALUE;

    private final Map<String, Held> held = new HashMap<>();

    private static final class Held
    {
        final FileChannel channel;
        int users;

        Held(final FileChannel channel)
        {
            this.channel = channel;
        }
    }

    @Override
    public synchronized void onAcquired(final int cycle, final File file)
    {
        final Held existing = held.get(file.getPath());
        if (null != existing)
        {
            existing.users++;
            return;
        }
        try
        {
            final FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
            try
            {
                channel.lock(0, WHOLE_FILE, true); // waits only while retention is deleting this very file
            }
            catch (final IOException | RuntimeException ex)
            {
                channel.close();
                throw ex;
            }
            final Held lock = new Held(channel);
            lock.users = 1;
            held.put(file.getPath(), lock);
        }
        catch (final IOException ex)
        {
            // Deleted meanwhile: Chronicle reports the missing file itself; nothing to protect here.
        }
    }

    @Override
    public synchronized void onReleased(final int cycle, final File file)
    {
        final Held lock = held.get(file.getPath());
        if (null != lock && --lock.users == 0)
        {
            held.remove(file.getPath());
            closeQuietly(lock.channel);
        }
    }

    synchronized void close()
    {
        for (final Held lock : held.values())
        {
            closeQuietly(lock.channel);
        }
        held.clear();
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close(); // releases the lock
        }
        catch (final IOException ignored)
        {
            // nothing to do: the lock goes with the descriptor
        }
    }
}
