package io.ringcap.replay.journal;

import static io.ringcap.wire.JournalFormat.BLOCK_EVENTS;
import static io.ringcap.wire.JournalFormat.BLOCK_TYPE_OFFSET;
import static io.ringcap.wire.JournalFormat.EVENTS_RECORDS_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.RingRecordCursor;
import java.util.NavigableSet;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Finds where a walk for {@code --since} may start instead of the journal's beginning: a binary
 * search over the excerpts through Chronicle's index ({@link ExcerptTailer#moveToIndex}), keyed by
 * the exit time of each EVENTS excerpt's first record. O(log n) excerpts are read, n the journal's.
 *
 * <p>Why exit time, and why it is safe. Ring records are reserved at syscall exit, and exit_ns is
 * taken right after the reservation, inside the BPF program (which nothing preempts); the ring hands
 * out reservations in order across CPUs. So in journal order exit_ns only runs behind by the
 * microseconds between two programs' reservation and clock read, far less than
 * {@link #ORDER_MARGIN_NS}. The search picks the last excerpt whose first record exited before
 * since - margin: every record before that one exited, hence entered, before since, and the
 * record-level --since filter would have dropped it. The walk from there keeps that filter, so it
 * delivers exactly the records a scan from the beginning matches. (Entry time cannot be the key:
 * a blocking mq_timedreceive enters long before the records around it.)
 *
 * <p>Excerpts that are not EVENTS blocks (METADATA and the tables at the start, CGROUPS at the end),
 * EVENTS blocks without a record, and anything that does not check out are not keys: the search
 * looks at the next excerpt, and with none, treats the rest as later than since. Doubt only ever
 * makes the walk start earlier, never later.
 */
final class JournalTimeSeek
{
    /** How far exit_ns may run behind in journal order, with room to spare. */
    static final long ORDER_MARGIN_NS = TimeUnit.SECONDS.toNanos(1);
    /** An excerpt without a key: not an EVENTS block with a record. */
    private static final long NO_KEY = Long.MIN_VALUE;

    private final SingleChronicleQueue queue;
    private final CycleFloor floor;
    private final UnsafeBuffer block = new UnsafeBuffer(0, 0);
    private final RingRecordCursor records = new RingRecordCursor();
    /** Per cycle of the journal, in order: the cycle and the ordinal of its first excerpt. */
    private int[] cycles = new int[0];
    private long[] cycleFirstOrdinals = new long[0];
    private long excerpts;
    /** Excerpts read by the last search: the test's proof that it seeks rather than scans. */
    int excerptsVisited;

    private final io.ringcap.wire.JournalChecksum checksum = new io.ringcap.wire.JournalChecksum();

    /**
     * @param floor where the journal starts: its first cycle file on disk, pinned.
     */
    JournalTimeSeek(final SingleChronicleQueue queue, final CycleFloor floor)
    {
        this.queue = queue;
        this.floor = floor;
    }

    /**
     * @param sinceBootNs --since, as CLOCK_BOOTTIME of the capture.
     * @return the ordinal (excerpt number, 0 the METADATA block) of the excerpt to start the walk at;
     *         0 when no excerpt can be skipped.
     */
    long startOrdinal(final long sinceBootNs)
    {
        excerptsVisited = 0;
        if (sinceBootNs == Long.MIN_VALUE)
        {
            return 0;
        }
        final long target = sinceBootNs - ORDER_MARGIN_NS;
        if (target > sinceBootNs) // underflow: since is at the very beginning of boot time
        {
            return 0;
        }
        mapCycles();

        try (ExcerptTailer tailer = queue.createTailer())
        {
            long found = 0; // the last ordinal known to start before target; 0: none, start at the beginning
            long low = 1;   // excerpt 0 is METADATA
            long high = excerpts - 1;
            while (low <= high)
            {
                final long middle = (low + high) >>> 1;
                long probe = middle;
                long key = NO_KEY;
                while (probe <= high && (key = firstExitNs(tailer, probe)) == NO_KEY)
                {
                    probe++;
                }
                if (key == NO_KEY || key >= target)
                {
                    high = middle - 1;
                }
                else
                {
                    found = probe;
                    low = probe + 1;
                }
            }
            return found;
        }
    }

    /** @return the Chronicle index of an excerpt given by its ordinal. */
    long index(final long ordinal)
    {
        int cycle = cycles.length - 1;
        while (cycle > 0 && cycleFirstOrdinals[cycle] > ordinal)
        {
            cycle--;
        }
        final RollCycle rollCycle = queue.rollCycle();
        return rollCycle.toIndex(cycles[cycle], ordinal - cycleFirstOrdinals[cycle]);
    }

    /**
     * The cycles from the first cycle file on disk (not the first of Chronicle's listing, which may
     * name a deleted file: see {@link CycleFloor}) to the listing's last.
     */
    private void mapCycles()
    {
        final int first = floor.first();
        final int last = queue.lastCycle();
        excerpts = 0;
        if (first == Integer.MAX_VALUE || last < first)
        {
            cycles = new int[0];
            cycleFirstOrdinals = new long[0];
            return;
        }
        final NavigableSet<Long> present = queue.listCyclesBetween(first, last);
        cycles = new int[present.size()];
        cycleFirstOrdinals = new long[present.size()];
        try (ExcerptTailer tailer = queue.createTailer())
        {
            int i = 0;
            for (final Long cycle : present)
            {
                cycles[i] = cycle.intValue();
                cycleFirstOrdinals[i] = excerpts;
                excerpts += Math.max(0, tailer.excerptsInCycle(cycle.intValue())); // -1: gone since the listing
                i++;
            }
        }
    }

    /** @return exit_ns of the excerpt's first record, or NO_KEY. */
    private long firstExitNs(final ExcerptTailer tailer, final long ordinal)
    {
        excerptsVisited++;
        if (!tailer.moveToIndex(index(ordinal)))
        {
            return NO_KEY;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return NO_KEY;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            final long length = bytes.readRemaining();
            if (length < EVENTS_RECORDS_OFFSET || length > Integer.MAX_VALUE)
            {
                return NO_KEY;
            }
            final long address = bytes.addressForRead(start, (int)length);
            if (!bytes.bytesStore().inside(start, length))
            {
                return NO_KEY;
            }
            if (!checksum.verify(address, (int)length)) // a damaged block is no key: never steer the search by it
            {
                return NO_KEY;
            }
            block.wrap(address, (int)length);
            if (block.getInt(BLOCK_TYPE_OFFSET, LITTLE_ENDIAN) != BLOCK_EVENTS)
            {
                return NO_KEY;
            }

            // The first record the BPF side did not discard; every length checked before it is used.
            final RingRecordCursor records = this.records.wrap(block, EVENTS_RECORDS_OFFSET, block.capacity());
            if (!records.next() || records.payloadLength() < EventHeaderLayout.LENGTH)
            {
                return NO_KEY;
            }
            return block.getLong(records.recordOffset() + EventHeaderLayout.EXIT_NS_OFFSET, LITTLE_ENDIAN);
        }
        catch (final RuntimeException ex) // doubt: not a key; the walk reports real damage itself
        {
            return NO_KEY;
        }
    }
}
