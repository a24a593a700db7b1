package io.ringcap.replay.journal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * A journal's Chronicle Queue opened read-only the way {@link JournalReader} opens it, with the
 * reader sidecar locks ({@link CycleFileLocks}) that keep capture's retention off the cycle files it
 * has open: for readers of raw excerpts outside this package (ringcap ship).
 */
public final class ReadOnlyJournalQueue implements AutoCloseable
{
    private static final long HEADER_WAIT_MS = 1_000;
    private final CycleFileLocks locks = new CycleFileLocks();
    private final SingleChronicleQueue queue;

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
    }

    public SingleChronicleQueue queue()
    {
        return queue;
    }

    public void close()
    {
        queue.close();
        locks.close();
    }
}
