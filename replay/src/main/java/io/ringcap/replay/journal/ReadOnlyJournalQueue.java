package io.ringcap.replay.journal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * A journal's Chronicle Queue opened read-only the way {@link JournalReader} opens it, with the
 * reader sidecar locks ({@link CycleFileLocks}) that keep capture's retention off the cycle files it
 * has open, and a {@link CycleFloor}: for readers of raw excerpts outside this package (ringcap ship).
 * Position tailers with {@link #moveToFirstCycleFrom}, not {@code toStart()}: Chronicle's listing
 * may name a first cycle file that is gone.
 */
public final class ReadOnlyJournalQueue implements AutoCloseable
{
    private static final long HEADER_WAIT_MS = 1_000;
    private final CycleFileLocks locks = new CycleFileLocks();
    private final SingleChronicleQueue queue;
    private final CycleFloor floor;

    /** Open the journal, which {@link JournalReader#open} has accepted. */
    public ReadOnlyJournalQueue(final Path directory)
    {
        SingleChronicleQueue opened = null;
        try
        {
            opened = SingleChronicleQueueBuilder.single(directory.toFile()).readOnly(true).timeoutMS(HEADER_WAIT_MS)
                .storeFileListener(locks).build();
        }
        catch (final RuntimeException ex)
        {
            locks.close();
            throw new JournalException(directory + " is not a readable Chronicle Queue journal: " +
                JournalException.describe(ex), ex);
        }
        queue = opened;
        try
        {
            floor = new CycleFloor(directory, queue, locks, JournalFiles.cycleFiles(directory, queue));
            floor.pinFirst(); // before any tailer: Chronicle opens a cycle file to make one
        }
        catch (final RuntimeException ex) // the directory cannot be listed
        {
            queue.close();
            locks.close();
            throw ex;
        }
    }

    public SingleChronicleQueue queue()
    {
        return queue;
    }

    /**
     * Put a tailer at the start of the first cycle file on disk at or after a cycle (pinned, so that
     * retention keeps it and what follows), skipping cycle files that are gone.
     *
     * @param cycle the cycle to start at, or Integer.MIN_VALUE for the journal's first file.
     * @return false when no cycle file from there on is left: the tailer was not moved.
     */
    public boolean moveToFirstCycleFrom(final ExcerptTailer tailer, final int cycle)
    {
        int first = floor.pinFirstFrom(cycle);
        while (first != CycleFloor.NONE)
        {
            if (tailer.moveToCycle(first))
            {
                return true;
            }
            first = floor.pinFirstFrom(first + 1); // gone between the listing and Chronicle's look
        }
        return false;
    }

    /**
     * The reader has moved on to a later cycle: let retention have the files before it. Once per cycle.
     */
    public void advanceFloor(final int cycle)
    {
        floor.moveTo(cycle);
    }

    public void close()
    {
        queue.close();
        floor.close();
        locks.close();
    }
}
