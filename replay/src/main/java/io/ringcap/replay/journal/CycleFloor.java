package io.ringcap.replay.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The oldest cycle file a reader may still open, found on disk and pinned ({@link CycleFileLocks#pin})
 * before Chronicle is let near it.
 * <p>
 * Readers start from the first cycle file that exists, not from the lowest cycle of Chronicle's
 * listing ({@code metadata.cq4t}): that listing is refreshed by a writer only, so it names a deleted
 * file after retention was stopped between a delete and its refresh, or after a user deleted old
 * cycle files by hand. A read-only tailer started there finds no file, and reads nothing: replay took
 * the journal for an empty one.
 * <p>
 * Retention deletes the oldest cycle files first and stops at the first whose sidecar a reader
 * holds, so a pin on the floor keeps every file from there on until the reader moves the floor on,
 * one cycle at a time, as its walk enters the next (never behind what the walk still needs). A file
 * deleted by hand while a reader runs is not guarded: nothing can stop that.
 * <p>
 * Not thread safe; allocates when it lists the directory or moves, once per walk or cycle.
 */
final class CycleFloor implements AutoCloseable
{
    static final int NONE = Integer.MAX_VALUE;
    /**
     * How long to wait for a deletion under way: retention holds a sidecar exclusively for no more
     * than two unlinks. Bounded: an exclusive holder that does not let go is passed over.
     */
    private static final long DELETION_WAIT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long DELETION_POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final CycleFileLocks locks;
    private final Map<Integer, Path> cycleFiles;
    private int cycle = NONE;
    private Path pinnedFile;
    private int first = NONE;

    /**
     * @param cycleFiles the reader's cycle number to file map, which {@link #pinFirst} refreshes.
     */
    CycleFloor(final Path directory, final SingleChronicleQueue queue, final CycleFileLocks locks,
        final Map<Integer, Path> cycleFiles)
    {
        this.directory = directory;
        this.queue = queue;
        this.locks = locks;
        this.cycleFiles = cycleFiles;
    }

    /**
     * List the directory again and pin the first cycle file in it that is there once pinned.
     *
     * @return its cycle, or {@link #NONE} when no cycle file is left.
     */
    int pinFirst()
    {
        return pinFirstFrom(Integer.MIN_VALUE);
    }

    /**
     * As {@link #pinFirst}, from a cycle on: the first cycle file at or after it.
     *
     * @return its cycle, or {@link #NONE}: then the floor is left where it was.
     */
    int pinFirstFrom(final int from)
    {
        final Map<Integer, Path> present = new TreeMap<>(JournalFiles.cycleFiles(directory, queue));
        cycleFiles.putAll(present);
        for (final Map.Entry<Integer, Path> candidate : present.entrySet())
        {
            if (candidate.getKey() >= from && pin(candidate.getKey(), candidate.getValue(), true))
            {
                first = candidate.getKey();
                return first;
            }
        }
        return NONE;
    }

    /**
     * @return the cycle the last {@link #pinFirst} found, where the journal starts for the walk
     *         after it; {@link #NONE} before one, or when it found none.
     */
    int first()
    {
        return first;
    }

    /** @return the cycle pinned now, or {@link #NONE}. */
    int cycle()
    {
        return cycle;
    }

    /**
     * The walk is reading a later cycle: pin it and let go of the one before, so retention may
     * delete what the walk has read. Chronicle has the cycle file open already; a file gone by now
     * was read through its mapping and leaves the floor where it was.
     */
    void moveTo(final int cycleNumber)
    {
        if (cycleNumber == cycle || (cycle != NONE && cycleNumber < cycle))
        {
            return;
        }
        Path file = cycleFiles.get(cycleNumber);
        if (null == file)
        {
            file = directory.resolve(JournalFiles.cycleFileName(queue, cycleNumber));
        }
        pin(cycleNumber, file, false);
    }

    /**
     * Pin one cycle file; on success it becomes the floor and the old floor is let go.
     *
     * @param waitForDeletion whether to wait out a deletion under way, and then find the file gone
     *                        (rather than letting Chronicle, which has not seen the listing change,
     *                        open a file that vanishes under it): where a walk starts, which is what
     *                        retention deletes first. A later cycle is never being deleted while the
     *                        floor below it is pinned.
     */
    private boolean pin(final int cycleNumber, final Path file, final boolean waitForDeletion)
    {
        CycleFileLocks.Pin pin = locks.pin(file);
        final long deadline = System.nanoTime() + DELETION_WAIT_NS;
        while (pin == CycleFileLocks.Pin.BEING_DELETED && waitForDeletion && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(DELETION_POLL_NS);
            pin = locks.pin(file);
        }
        if (pin == CycleFileLocks.Pin.BEING_DELETED)
        {
            return false;
        }
        if (!Files.exists(file)) // checked under the pin: deleted before it
        {
            locks.unpin(file);
            return false;
        }
        final Path before = pinnedFile;
        pinnedFile = file;
        cycle = cycleNumber;
        if (null != before)
        {
            locks.unpin(before);
        }
        return true;
    }

    @Override
    public void close()
    {
        if (null != pinnedFile)
        {
            locks.unpin(pinnedFile);
            pinnedFile = null;
            cycle = NONE;
        }
    }
}
