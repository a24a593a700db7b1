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
 * <p>
 * A reader also {@link #pin pins} a sidecar itself, before Chronicle opens the cycle file (see
 * {@link CycleFloor}): Chronicle reports an acquisition only after it has mapped the file, from a
 * background thread (240 ms later, measured in CycleFileLocksTest), and a cycle file deleted between
 * Chronicle's existence check and its open is made again, empty, by Chronicle's read-only reader
 * too ({@code SingleChronicleQueue.StoreSupplier.acquire}: FileNotFoundException, then createFile).
 * A pin taken and the file then seen to exist leaves retention no moment to delete it.
 */
final class CycleFileLocks implements StoreFileListener
{
    private static final long WHOLE_FILE = Long.MAX_VALUE;
    /** Every sidecar this JVM holds, by absolute path. Guarded by the class. */
    private static final Map<String, Held> HELD = new HashMap<>();

    /** This reader's acquisitions, by sidecar path: how many of the JVM's users are its own. */
    private final Map<String, Integer> mine = new HashMap<>();
    /** This reader's pins, by sidecar path. */
    private final Map<String, Integer> pinned = new HashMap<>();
    /** Chronicle reports from a background thread: an acquisition can arrive after the reader closed. */
    private boolean closed;

    private static final class Held
    {
        /** Null when the cycle file has no sidecar: no guard, but the count still balances. */
        final FileChannel channel;
        /** Tailers with the cycle file open, as Chronicle reported them. */
        int users;
        /** Pins taken before Chronicle opens the cycle file. */
        int pins;

        Held(final FileChannel channel)
        {
            this.channel = channel;
        }
    }

    /** What {@link #pin} found. */
    enum Pin
    {
        /** The sidecar is locked shared: retention cannot delete the cycle file until the pin goes. */
        HELD,
        /** No sidecar, or a file system without locks: nothing to hold, as for any reader of such a journal. */
        UNGUARDED,
        /** Retention holds the sidecar exclusively: it is deleting the cycle file this moment. Not pinned. */
        BEING_DELETED
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

    /**
     * Lock a cycle file's sidecar before Chronicle opens the cycle file, and keep it until
     * {@link #unpin}. Synchronous, unlike {@link #onAcquired}. Check that the cycle file exists
     * after the pin: a file that exists then stays while pinned, as far as retention goes.
     *
     * @param cycleFile the cycle file, which may be gone already.
     * @return whether it is pinned: {@link Pin#BEING_DELETED} is not, and needs no unpin.
     */
    Pin pin(final Path cycleFile)
    {
        final String sidecar = sidecarOf(cycleFile.toFile());
        synchronized (CycleFileLocks.class)
        {
            if (closed)
            {
                return Pin.UNGUARDED;
            }
            Held held = HELD.get(sidecar);
            if (null == held)
            {
                final FileChannel channel = openSidecar(sidecar);
                if (null != channel && !tryLockShared(channel))
                {
                    closeQuietly(channel);
                    return Pin.BEING_DELETED;
                }
                held = new Held(null != channel && channel.isOpen() ? channel : null);
                HELD.put(sidecar, held);
            }
            held.pins++;
            pinned.merge(sidecar, 1, Integer::sum);
            return null != held.channel ? Pin.HELD : Pin.UNGUARDED;
        }
    }

    /** Let go of a {@link #pin} that was taken (not one that found the file {@link Pin#BEING_DELETED}). */
    void unpin(final Path cycleFile)
    {
        final String sidecar = sidecarOf(cycleFile.toFile());
        synchronized (CycleFileLocks.class)
        {
            final Integer count = pinned.get(sidecar);
            if (null == count)
            {
                return;
            }
            if (count == 1)
            {
                pinned.remove(sidecar);
            }
            else
            {
                pinned.put(sidecar, count - 1);
            }
            unpinHeld(sidecar);
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
            for (final Map.Entry<String, Integer> entry : pinned.entrySet())
            {
                for (int i = 0; i < entry.getValue(); i++)
                {
                    unpinHeld(entry.getKey());
                }
            }
            pinned.clear();
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

    /**
     * @return whether this JVM holds a pin on the sidecar of a cycle file (tests).
     */
    static boolean pinned(final File cycleFile)
    {
        synchronized (CycleFileLocks.class)
        {
            final Held held = HELD.get(sidecarOf(cycleFile));
            return null != held && held.pins > 0;
        }
    }

    private static void release(final String sidecar)
    {
        final Held held = HELD.get(sidecar);
        if (null != held && held.users > 0)
        {
            held.users--;
            closeIfUnused(sidecar, held);
        }
    }

    private static void unpinHeld(final String sidecar)
    {
        final Held held = HELD.get(sidecar);
        if (null != held && held.pins > 0)
        {
            held.pins--;
            closeIfUnused(sidecar, held);
        }
    }

    private static void closeIfUnused(final String sidecar, final Held held)
    {
        if (held.users == 0 && held.pins == 0)
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
        final FileChannel channel = openSidecar(sidecar);
        if (null == channel)
        {
            return null; // no sidecar (or none this user may read): no guard
        }
        if (tryLockShared(channel) && channel.isOpen())
        {
            return channel;
        }
        closeQuietly(channel);
        return null;
    }

    /** @return the sidecar opened read-only, or null when there is none (or none this user may read). */
    private static FileChannel openSidecar(final String sidecar)
    {
        try
        {
            return FileChannel.open(Path.of(sidecar), StandardOpenOption.READ);
        }
        catch (final IOException | SecurityException none)
        {
            return null;
        }
    }

    /**
     * A shared lock on the whole sidecar, never waiting: the only exclusive holder is retention,
     * deleting this very cycle file.
     *
     * @return false when retention holds it; true when locked, and true with the channel closed
     *         when the file system takes no locks (no guard).
     */
    private static boolean tryLockShared(final FileChannel channel)
    {
        try
        {
            return null != channel.tryLock(0, WHOLE_FILE, true);
        }
        catch (final IOException | OverlappingFileLockException ex)
        {
            closeQuietly(channel); // a filesystem without locks: no guard
            return true;
        }
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
