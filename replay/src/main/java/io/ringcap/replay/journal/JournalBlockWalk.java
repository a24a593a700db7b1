package io.ringcap.replay.journal;

import static io.ringcap.wire.JournalFormat.BLOCK_TYPE_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.JournalChecksum;
import io.ringcap.wire.JournalFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One walk over a journal's blocks, in journal order, delivering only intact blocks (checksum
 * verified, {@link JournalChecksum}) and reporting every damaged region once.
 * <p>
 * Chronicle's tailer reads the journal while it is whole: it is the fast path, and the one that
 * follows a live capture. Where it cannot go on, the walk reads the rest of that cycle file with a
 * {@link CycleFileScan} and then moves the tailer to the next cycle:
 * <ul>
 *   <li>a block fails its checksum, has an unknown type or is too short (the damage may be in the
 *       excerpt header, so the tailer's next position cannot be trusted either);</li>
 *   <li>the tailer finds no more excerpts in a cycle, but the cycle's header says more was written
 *       (a zeroed hole: to Chronicle a zero header is the end of the queue);</li>
 *   <li>a cycle file is shorter than the data its header says it holds (truncated), or its header is
 *       unreadable: then the whole file is scanned and Chronicle never maps it.</li>
 * </ul>
 * While following, a cycle is checked for holes only once a later cycle exists: the live cycle's
 * end is where the writer is.
 * <p>
 * Not thread safe. The block is valid until the next call of {@link #next()}.
 */
final class JournalBlockWalk implements AutoCloseable
{
    private static final int NO_CYCLE = Integer.MIN_VALUE;
    /** A cycle file shorter than this cannot hold Chronicle's header and index area: never mapped by Chronicle. */
    private static final long MIN_CHRONICLE_FILE = 1L << 20;

    /** Told of each damaged region, in journal order. */
    interface DamageListener
    {
        /**
         * @param file    the cycle file.
         * @param from    first damaged byte.
         * @param to      end of the damaged bytes (exclusive).
         * @param index   the Chronicle index of the first damaged excerpt when its header was intact, else -1.
         * @param reason  what was wrong.
         */
        void onDamage(Path file, long from, long to, long index, String reason);
    }

    private final SingleChronicleQueue queue;
    private final CycleFloor floor;
    private final Map<Integer, Path> cycleFiles;
    /** Cycle to {@link #dataEnd}, kept by the reader across walks of a journal not being followed. */
    private final Map<Integer, Long> dataEnds;
    private final ExcerptTailer tailer;
    private final DamageListener damage;
    private final boolean following;
    private final UnsafeBuffer block;
    private final JournalChecksum checksum = new JournalChecksum();
    private final CycleFileScan.DamageSink scanDamage;

    private DocumentContext dc;
    private CycleFileScan scan;
    private int cycle = NO_CYCLE;          // the cycle the tailer's last block was in
    private long chainEnd = -1;            // the aligned end of the last intact block in the cycle
    private long pendingIndex = -1;        // index of a damaged excerpt, for the scan's first report
    private long index;
    private int blockType;
    private long blockOffset;
    private int blockCycle = NO_CYCLE;         // the cycle of the block delivered last
    private int previousBlockCycle = NO_CYCLE; // and of the one before it
    private boolean noCycleFiles;              // startAtBeginning found none: nothing to read

    /**
     * @param floor     finds and pins the first cycle file on disk, where {@link #startAtBeginning} starts.
     * @param tailer    positioned where the walk starts (at the start, or where a seek put it); null
     *                  when Chronicle cannot make one (it opens the first cycle to do so): then every
     *                  cycle file is scanned.
     * @param damage    told of damaged regions; may be null (a pass that only looks for tables).
     * @param following whether the journal may still be written.
     * @param block     the flyweight to point at each block.
     */
    JournalBlockWalk(final SingleChronicleQueue queue, final CycleFloor floor, final Map<Integer, Path> cycleFiles,
        final Map<Integer, Long> dataEnds, final ExcerptTailer tailer, final DamageListener damage,
        final boolean following, final UnsafeBuffer block)
    {
        this.queue = queue;
        this.floor = floor;
        this.cycleFiles = cycleFiles;
        this.dataEnds = dataEnds;
        this.tailer = tailer;
        this.damage = damage;
        this.following = following;
        this.block = block;
        this.scanDamage = (from, to, reason) ->
        {
            if (null != damage)
            {
                damage.onDamage(scan.file(), from, to, pendingIndex, reason);
            }
            pendingIndex = -1;
        };
    }

    /** @return the block's Chronicle index, or -1 for a block the scan found. */
    long index()
    {
        return index;
    }

    int blockType()
    {
        return blockType;
    }

    /** @return the block's Chronicle header's file offset. */
    long blockOffset()
    {
        return blockOffset;
    }

    /** @return the cycle of the current block. */
    int cycle()
    {
        return null != scan ? scan.cycle() : cycle;
    }

    /**
     * @return the cycle of the block before the current one, or {@link Integer#MIN_VALUE} for the
     *         walk's first: with {@link #cycle()}, whether the walk crossed into another cycle file,
     *         and over cycle numbers that have no file.
     */
    int previousBlockCycle()
    {
        return previousBlockCycle;
    }

    /**
     * Move to the next intact block.
     *
     * @return true with the block wrapped; false at the end (or, following, when nothing new is there yet).
     */
    boolean next()
    {
        closeDocument();
        if (noCycleFiles)
        {
            return false;
        }
        while (true)
        {
            if (null != scan)
            {
                if (scan.next(scanDamage))
                {
                    index = -1;
                    blockOffset = scan.blockOffset();
                    return wrap(scan.blockAddress(), scan.blockLength());
                }
                final int scanned = scan.cycle();
                closeScan();
                if (!moveToCycleAfter(scanned))
                {
                    return false;
                }
                continue;
            }

            if (null == tailer)
            {
                return false;
            }
            final DocumentContext next;
            try
            {
                next = tailer.readingDocument();
            }
            catch (final RuntimeException | InternalError ex) // Chronicle met a header it cannot follow
            {
                final String reason = "Chronicle cannot read on: " + JournalException.describe(ex);
                if (cycle != NO_CYCLE && moreWrittenThanRead(cycle))
                {
                    startScan(cycle, Math.max(0, chainEnd), reason);
                    continue;
                }
                if (cycle != NO_CYCLE && moveToCycleAfter(cycle))
                {
                    continue;
                }
                throw new JournalException(reason, ex);
            }
            if (!next.isPresent())
            {
                next.close();
                if (cycle != NO_CYCLE && (!following || laterCycleExists(cycle)) && moreWrittenThanRead(cycle))
                {
                    startScan(cycle, chainEnd, null);
                    continue;
                }
                return false;
            }
            dc = next;
            final long at = dc.index();
            final int atCycle = queue.rollCycle().toCycle(at);
            if (atCycle != cycle)
            {
                if (cycle != NO_CYCLE && moreWrittenThanRead(cycle))
                {
                    // a hole at the end of the last cycle: scan it, then come back here
                    closeDocument();
                    startScan(cycle, chainEnd, null);
                    continue;
                }
                cycle = atCycle;
                chainEnd = -1;
                if (needsScan(atCycle)) // truncated or unreadable: Chronicle must not read on in it
                {
                    closeDocument();
                    startScan(atCycle, 0, null);
                    continue;
                }
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            final long length = bytes.readRemaining();
            if (length >= JournalFormat.BLOCK_HEADER_LENGTH && length <= Integer.MAX_VALUE &&
                bytes.bytesStore().inside(start, length))
            {
                final long address = bytes.addressForRead(start, (int)length);
                final int type = block(address, (int)length);
                if (JournalFormat.isBlockType(type) && checksum.verify(address, (int)length))
                {
                    index = at;
                    blockOffset = start - Integer.BYTES;
                    chainEnd = (start + length + 3) & ~3L;
                    bytes.readSkip(JournalFormat.BLOCK_HEADER_LENGTH);
                    return wrap(address, (int)length);
                }
            }
            // Damaged: the tailer's framing past here is not to be trusted; scan from the last intact block.
            pendingIndex = at;
            final long damagedAt = start - Integer.BYTES;
            closeDocument();
            startScan(cycle, chainEnd >= 0 ? chainEnd : damagedAt, damageReason(bytes, start, length));
        }
    }

    private String damageReason(final Bytes<?> bytes, final long start, final long length)
    {
        if (length < JournalFormat.BLOCK_HEADER_LENGTH)
        {
            return "an excerpt of " + length + " bytes is too short for a block";
        }
        if (length > Integer.MAX_VALUE || !bytes.bytesStore().inside(start, length))
        {
            return "an excerpt of " + length + " bytes is not mapped contiguously";
        }
        final int type = bytes.readInt(start);
        return JournalFormat.isBlockType(type) ? "checksum mismatch" : "unknown block type 0x" + Integer.toHexString(type);
    }

    private int block(final long address, final int length)
    {
        block.wrap(address, length);
        return block.getInt(BLOCK_TYPE_OFFSET, LITTLE_ENDIAN);
    }

    private boolean wrap(final long address, final int length)
    {
        blockType = block(address, length);
        previousBlockCycle = blockCycle;
        blockCycle = cycle();
        return true;
    }

    /**
     * Start at the journal's first block: that of the first cycle file on disk (pinned by the floor),
     * through the tailer, or with a scan when Chronicle cannot read that file. Not the first cycle of
     * Chronicle's listing, which may name a file deleted since (see {@link CycleFloor}): a tailer
     * sent there (toStart) finds nothing and reads nothing.
     */
    void startAtBeginning()
    {
        closeDocument();
        closeScan();
        cycle = NO_CYCLE;
        blockCycle = NO_CYCLE;
        previousBlockCycle = NO_CYCLE;
        noCycleFiles = false;
        int first = floor.pinFirst();
        while (first != CycleFloor.NONE)
        {
            if (null == tailer || needsScan(first))
            {
                startScan(first, 0, null);
                return;
            }
            try
            {
                if (tailer.moveToCycle(first))
                {
                    return;
                }
            }
            catch (final RuntimeException | InternalError ex) // Chronicle cannot open the first cycle
            {
                startScan(first, 0, "Chronicle cannot open it: " + JournalException.describe(ex));
                return;
            }
            if (Files.exists(cycleFiles.get(first)))
            {
                startScan(first, 0, "Chronicle cannot open it");
                return;
            }
            first = floor.pinFirstFrom(first + 1); // deleted by hand meanwhile: the next one is the first
        }
        noCycleFiles = true;
    }

    /** Whether Chronicle must not read this cycle: file too short, header unreadable, or truncated. */
    private boolean needsScan(final int cycleNumber)
    {
        return dataEnd(cycleNumber) == -2;
    }

    /**
     * The end of a cycle's data by its header: the end of its last excerpt.
     *
     * @return the offset; -1 when the header cannot tell; -2 when Chronicle must not map the file.
     */
    private long dataEnd(final int cycleNumber)
    {
        if (!following)
        {
            final Long known = dataEnds.get(cycleNumber);
            if (null != known)
            {
                return known;
            }
            final long end = readDataEnd(cycleNumber);
            dataEnds.put(cycleNumber, end);
            return end;
        }
        return readDataEnd(cycleNumber);
    }

    /** {@link #dataEnd}, read from the cycle's header: opens Chronicle's store, so not per block. */
    private long readDataEnd(final int cycleNumber)
    {
        final Path file = cycleFiles.get(cycleNumber);
        if (null == file)
        {
            return -1;
        }
        final long fileLength;
        try
        {
            fileLength = Files.size(file);
        }
        catch (final IOException ex)
        {
            return -1;
        }
        if (fileLength < MIN_CHRONICLE_FILE)
        {
            return -2;
        }
        SingleChronicleQueueStore store = null;
        try
        {
            store = queue.storeForCycle(cycleNumber, queue.epoch(), false, null);
            if (null == store)
            {
                return -2;
            }
            final long writePosition = store.writePosition();
            if (writePosition + Integer.BYTES > fileLength)
            {
                return -2;
            }
            // Read through Chronicle's mapping, not a descriptor of our own: closing any descriptor
            // of a file drops this process's fcntl locks on it.
            final MappedBytes bytes = store.bytes();
            try
            {
                final long end = writePosition + Integer.BYTES + (bytes.readVolatileInt(writePosition) & 0x3FFFFFFF);
                return end > fileLength ? -2 : end;
            }
            finally
            {
                bytes.releaseLast();
            }
        }
        catch (final RuntimeException | InternalError ex)
        {
            return -2;
        }
        finally
        {
            if (null != store)
            {
                queue.closeStore(store);
            }
        }
    }

    private boolean moreWrittenThanRead(final int cycleNumber)
    {
        final long end = dataEnd(cycleNumber);
        return end == -2 || end > chainEnd;
    }

    private boolean laterCycleExists(final int cycleNumber)
    {
        try
        {
            return queue.nextCycle(cycleNumber, TailerDirection.FORWARD) > cycleNumber;
        }
        catch (final Exception ex) // Chronicle's ParseException: a file name it cannot read
        {
            return false;
        }
    }

    private void startScan(final int cycleNumber, final long from, final String reason)
    {
        final Path file = cycleFiles.get(cycleNumber);
        if (null == file)
        {
            throw new JournalException("the cycle file of cycle " + cycleNumber + " is missing");
        }
        final long end = dataEnd(cycleNumber);
        try
        {
            scan = new CycleFileScan(file, cycleNumber, Math.max(0, from), end == -2 ? -1 : end, reason);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + file + ": " + JournalException.describe(ex), ex);
        }
        cycle = cycleNumber;
    }

    /**
     * Put the tailer at the first cycle after the scanned one.
     *
     * @return false when there is none.
     */
    private boolean moveToCycleAfter(final int scanned)
    {
        int nextCycle;
        try
        {
            nextCycle = queue.nextCycle(scanned, TailerDirection.FORWARD);
        }
        catch (final Exception ex)
        {
            return false;
        }
        while (nextCycle > scanned)
        {
            if (null == tailer || needsScan(nextCycle))
            {
                startScan(nextCycle, 0, null);
                return true;
            }
            try
            {
                if (tailer.moveToCycle(nextCycle))
                {
                    cycle = NO_CYCLE;
                    return true;
                }
            }
            catch (final RuntimeException | InternalError ex)
            {
                startScan(nextCycle, 0, null);
                return true;
            }
            try
            {
                final int after = queue.nextCycle(nextCycle, TailerDirection.FORWARD);
                if (after <= nextCycle)
                {
                    return false;
                }
                nextCycle = after;
            }
            catch (final Exception ex)
            {
                return false;
            }
        }
        return false;
    }

    private void closeDocument()
    {
        if (null != dc)
        {
            final DocumentContext open = dc;
            dc = null;
            open.close();
        }
    }

    private void closeScan()
    {
        if (null != scan)
        {
            scan.close();
            scan = null;
        }
    }

    @Override
    public void close()
    {
        closeDocument();
        closeScan();
    }
}
