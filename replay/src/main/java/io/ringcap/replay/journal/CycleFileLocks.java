package io.ringcap.replay.journal;

import io.ringcap.wire.ReaderSidecar;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import net.openhft.chronicle.queue.impl.StoreFileListener;

/**
 * Registers a reader with capture's retention: while Chronicle has a cycle file open for this
 * reader, the reader holds a shared advisory (fcntl) lock on the cycle file's sidecar
 * ({@link ReaderSidecar}, {@code <cycle>.cq4.readers}), and retention deletes a cycle file only
 * under an exclusive lock on its sidecar taken without waiting. Chronicle reports the files it opens
 * and releases through {@link StoreFileListener}.
 * <p>
 * Never a lock on the cycle file itself: Chronicle's writer grows it a chunk at a time under an
 * exclusive lock, and a reader's lock there stalled the capture's drain thread for as long as the
 * reader had the file open (measured: two followers stopped a 2,000,000-event capture at 278,427
 * events journaled, for good). Nor does a reader wait for its lock: it is taken with tryLock, and
 * the only one who can hold it exclusively is retention, deleting that cycle file that moment. The
 * sidecar is opened read-only, so a reader needs no write access to the journal; without a sidecar
 * (a journal written before sidecars, a capture that could not make one) it goes without a guard.
 * <p>
 * fcntl locks belong to the process and go when it closes any descriptor of the file, and the JDK
 * refuses a second lock on a file from the same JVM: so one channel per sidecar for the whole JVM,
 * counted over every tailer of every reader that has the cycle file open, and closed when the last
 * one releases it.
 */
final class CycleFileLocks implements StoreFileListener
{
    private static final long WHOLE_FILE = Long.MAX_VALUE;
    /** Every sidecar this JVM holds, by absolute path. Guarded by the class. */
    private static final Map<String, Held> HELD = new HashMap<>();

    /** This reader's acquisitions, by sidecar path: how many of the JVM's users are its own. */
    private final Map<String, Integer> mine = new HashMap<>();
    /** Chronicle reports from a background thread: an acquisition can arrive after the reader closed. */
    private boolean closed;

    private static final class Held
    {
        /** Null when the cycle file has no sidecar: no guard, but the count still balances. */
        final FileChannel channel;
        int users;

        Held(final FileChannel channel)
        {
            this.channel = channel;
        }
    }

    @Override
    public void onAcquired(final int cycle, final File file)
    {
        final String sidecar = sidecarOf(file);
        synchronized (CycleFileLocks.class)
        {
            if (closed)
            {
                return;
            }
            mine.merge(sidecar, 1, Integer::sum);
            final Held existing = HELD.get(sidecar);
            if (null != existing)
            {
                existing.users++;
                return;
            }
            final Held held = new Held(lockShared(sidecar));
            held.users = 1;
            HELD.put(sidecar, held);
        }
    }

    @Override
    public void onReleased(final int cycle, final File file)
    {
        final String sidecar = sidecarOf(file);
        synchronized (CycleFileLocks.class)
        {
            final Integer count = mine.get(sidecar);
            if (null == count)
            {
                return;
            }
            if (count == 1)
            {
                mine.remove(sidecar);
            }
            else
            {
                mine.put(sidecar, count - 1);
            }
            release(sidecar);
        }
    }

    /** Releases whatever this reader still holds: its queue is closed. */
    void close()
    {
        synchronized (CycleFileLocks.class)
        {
            for (final Map.Entry<String, Integer> entry : mine.entrySet())
            {
                for (int i = 0; i < entry.getValue(); i++)
                {
                    release(entry.getKey());
                }
            }
            mine.clear();
            closed = true;
        }
    }

    /**
     * @return how many tailers in this JVM have the cycle file open, as Chronicle reported them (tests).
     */
    static int users(final File cycleFile)
    {
        synchronized (CycleFileLocks.class)
        {
            final Held held = HELD.get(sidecarOf(cycleFile));
            return null == held ? 0 : held.users;
        }
    }

    /**
     * @return whether this JVM holds the lock on the sidecar of a cycle file (tests).
     */
    static boolean locked(final File cycleFile)
    {
        synchronized (CycleFileLocks.class)
        {
            final Held held = HELD.get(sidecarOf(cycleFile));
            return null != held && null != held.channel;
        }
    }

    private static void release(final String sidecar)
    {
        final Held held = HELD.get(sidecar);
        if (null != held && --held.users == 0)
        {
            HELD.remove(sidecar);
            if (null != held.channel)
            {
                closeQuietly(held.channel);
            }
        }
    }

    private static String sidecarOf(final File cycleFile)
    {
        return ReaderSidecar.of(cycleFile.toPath().toAbsolutePath().normalize()).toString();
    }

    /**
     * @return the channel holding the lock, or null when there is no sidecar, it cannot be locked,
     *         or retention is deleting the cycle file.
     */
    private static FileChannel lockShared(final String sidecar)
    {
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(Path.of(sidecar), StandardOpenOption.READ);
        }
        catch (final IOException | SecurityException none)
        {
            return null; // no sidecar (or none this user may read): no guard
        }
        try
        {
            // Never waits: the only exclusive holder is retention, deleting this very cycle file.
            if (null != channel.tryLock(0, WHOLE_FILE, true))
            {
                return channel;
            }
        }
        catch (final IOException | OverlappingFileLockException ex)
        {
            // a filesystem without locks: no guard
        }
        closeQuietly(channel);
        return null;
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
