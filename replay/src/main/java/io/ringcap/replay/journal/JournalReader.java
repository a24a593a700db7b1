package io.ringcap.replay.journal;

import static io.ringcap.wire.JournalFormat.BLOCK_CGROUPS;
import static io.ringcap.wire.JournalFormat.BLOCK_EVENTS;
import static io.ringcap.wire.JournalFormat.BLOCK_METADATA;
import static io.ringcap.wire.JournalFormat.BLOCK_PROCESSES;
import static io.ringcap.wire.JournalFormat.BLOCK_SUMMARY;
import static io.ringcap.wire.JournalFormat.BLOCK_TYPE_OFFSET;
import static io.ringcap.wire.JournalFormat.EVENTS_COUNT_OFFSET;
import static io.ringcap.wire.JournalFormat.EVENTS_FIRST_RECORD_OFFSET;
import static io.ringcap.wire.JournalFormat.EVENTS_RECORDS_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal written by capture (layout: {@link JournalFormat}) without root, BPF or libbpf:
 * the journal is a Chronicle Queue opened read-only.
 *
 * <pre>{@code
 * try (JournalReader reader = JournalReader.open(Path.of("journal")))
 * {
 *     JournalMetadata metadata = reader.metadata();
 *     JournalTables tables = reader.tables();   // cgroups and executables, from the whole journal
 *     long records = reader.forEachRecord((buffer, offset, length) -> ...);
 *     JournalSummary summary = reader.summary(); // null: capture did not stop cleanly
 * }
 * }</pre>
 *
 * Nothing read from the journal is trusted: every block and every ring record is bounds-checked
 * before it is looked at, and {@link #forEachRecord(RecordHandler)} only delivers records whose
 * {@code rc_header} names a known event type of exactly the length that type has, so decoders
 * may read any field of it. A journal that fails a check raises a {@link JournalException} naming
 * the excerpt and the byte offset in it.
 *
 * <p>The CGROUPS and PROCESSES tables are read in a pass of their own before the first record is
 * delivered ({@link #tables()}): capture writes cgroups created during the capture at its stop,
 * after the events that ran in them, so one pass in journal order would meet those events first.
 * The pass maps each excerpt and reads its block type; only the few table excerpts are parsed.
 *
 * <p>A journal holds one segment per capture written into it (see {@link JournalFormat}); each
 * segment's records are read with its own METADATA, announced to a {@link SegmentListener} before
 * its first record. {@link #metadata()} is the first segment's: the first METADATA of the oldest
 * cycle file, which is where the journal starts once retention has deleted older cycles.
 *
 * <p>While open, the reader holds a shared advisory lock on the sidecar ({@code <cycle>.cq4.readers})
 * of each cycle file Chronicle has open for it, never on the cycle file, which Chronicle's writer
 * locks to grow it ({@link CycleFileLocks}): capture's retention deletes no cycle file a reader has
 * open, and no reader holds up the capture.
 *
 * <p>Not thread safe: one reader per thread, as with a Chronicle tailer.
 */
public final class JournalReader implements AutoCloseable
{
    private static final int NO_CYCLE = Integer.MIN_VALUE;
    private static final int CONTINUES_SEGMENT = 0;
    private static final int OPENS_SEGMENT = 1;
    private static final int OPENS_SEGMENT_START_LOST = 2;
    /**
     * How long Chronicle waits for a cycle file's header to appear (default 10 s, met twice on a
     * cycle file of zeros): capture writes headers at once, so a missing one is damage, not a race.
     */
    private static final long HEADER_WAIT_MS = 1_000;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    /** Flyweight over the excerpt being read, re-wrapped per excerpt: the read loop allocates nothing. */
    private final UnsafeBuffer block = new UnsafeBuffer(0, 0);
    private final EventsBlock events = new EventsBlock();
    /** Parses METADATA, SUMMARY and table blocks out of {@link #block}. */
    private JournalBlockParser blocks;
    private final JournalMetadata metadata;
    private JournalTables tables;
    private JournalSummary summary;
    private boolean summaryRead;
    private int segmentsInJournal; // counted by the summary pass
    private final CycleFileLocks cycleLocks;
    private final List<JournalSegment> segments = new ArrayList<>();
    private final Map<Integer, Path> cycleFiles;
    /** The first cycle file on disk, pinned from open on; moved on as the walk of records enters later cycles. */
    private final CycleFloor floor;
    private final List<JournalDamage> damage = new ArrayList<>();
    private final Map<Integer, Long> dataEnds = new HashMap<>();

    /** False when the journal starts with a restatement: its segment's first cycle files are gone. */
    private boolean firstMetadataOpensSegment;
    // --since seek (JournalTimeSeek): the walk's start, set before forEachRecord.
    private JournalTimeSeek timeSeek;
    private long seekSinceBootNs = Long.MIN_VALUE;
    private long walkStartExcerpt = -1;

    private JournalReader(final Path directory, final SingleChronicleQueue queue, final CycleFileLocks cycleLocks)
    {
        this.directory = directory;
        this.queue = queue;
        this.cycleLocks = cycleLocks;
        this.cycleFiles = JournalFiles.cycleFiles(directory, queue);
        this.floor = new CycleFloor(directory, queue, cycleLocks, cycleFiles);
        floor.pinFirst(); // before the tailer: Chronicle opens a cycle file to make one
        this.tailer = createTailer(queue);
        this.blocks = new JournalBlockParser(directory, queue.wireType(), block);
        this.metadata = readMetadata();
    }

    /**
     * Open a journal read-only and read its METADATA block.
     *
     * @param directory the journal directory capture wrote.
     * @return a reader positioned before the first record.
     * @throws JournalException when the directory is missing, is not a ringcap journal, or its
     *                          METADATA block is unreadable or of another format version.
     */
    public static JournalReader open(final Path directory)
    {
        JournalFiles.requireQueueFiles(directory);
        SingleChronicleQueue queue = null;
        final CycleFileLocks cycleLocks = new CycleFileLocks();
        try
        {
            queue = SingleChronicleQueueBuilder.single(directory.toFile()).readOnly(true)
                .timeoutMS(HEADER_WAIT_MS).storeFileListener(cycleLocks).build();
            return new JournalReader(directory, queue, cycleLocks);
        }
        catch (final JournalException ex)
        {
            queue.close();
            cycleLocks.close();
            throw ex;
        }
        catch (final InternalError ex)
        {
            queue.close();
            cycleLocks.close();
            throw JournalFiles.truncated(directory, ex);
        }
        catch (final Exception ex) // Chronicle throws checked exceptions unchecked (StreamCorruptedException)
        {
            if (queue != null)
            {
                queue.close();
            }
            cycleLocks.close();
            throw new JournalException(
                directory + " is not a readable Chronicle Queue journal: " + JournalException.describe(ex), ex);
        }
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return the METADATA block, read by {@link #open(Path)}.
     */
    public JournalMetadata metadata()
    {
        return metadata;
    }

    /**
     * The CGROUPS and PROCESSES blocks of the whole journal, read on first call with a pass over it.
     *
     * @return the tables; empty when the journal has no such blocks.
     * @throws JournalException when a table block is corrupt.
     */
    public JournalTables tables()
    {
        if (tables == null)
        {
            try
            {
                tables = readTables();
            }
            catch (final InternalError ex)
            {
                throw JournalFiles.truncated(directory, ex);
            }
        }
        return tables;
    }

    /**
     * Deliver every record of every EVENTS block, in journal order, skipping records the BPF side
     * discarded. May be called again: each call starts from the beginning of the journal. Reads
     * {@link #tables()} first if they have not been read, so a corrupt table stops the walk before
     * its first record.
     *
     * @param handler receives each record; it may throw to stop the walk.
     * @return the number of records delivered.
     * @throws JournalException on a corrupt block or record; records before it were delivered.
     */
    public long forEachRecord(final RecordHandler handler)
    {
        return forEachRecord(handler, null);
    }

    /**
     * {@link #forEachRecord(RecordHandler)}, telling the listener of each segment before its first record.
     *
     * @param segments told of segment 1 before anything else, then of each new segment; may be null.
     */
    public long forEachRecord(final RecordHandler handler, final SegmentListener segments)
    {
        try
        {
            return walkRecords(handler, segments, null, null, null);
        }
        catch (final InternalError ex)
        {
            throw JournalFiles.truncated(directory, ex);
        }
    }

    /**
     * As {@link #forEachRecord(RecordHandler, SegmentListener)}, then keep reading records as a
     * capture appends them (also across cycle rolls and new segments), like {@code tail -f}, until
     * stop says so. New CGROUPS and PROCESSES entries join {@link #tables()} as they arrive.
     *
     * @param idle    how to wait when there is nothing new (a backoff, not a spin).
     * @param caughtUp called each time the reader has read everything there is (flush output here).
     * @param stop    checked whenever there is nothing new; true ends the walk.
     * @return the number of records delivered.
     */
    public long follow(final RecordHandler handler, final SegmentListener segments, final IdleStrategy idle,
        final Runnable caughtUp, final BooleanSupplier stop)
    {
        try
        {
            return walkRecords(handler, segments, idle, caughtUp, stop);
        }
        catch (final InternalError ex)
        {
            throw JournalFiles.truncated(directory, ex);
        }
    }

    /**
     * The segments the last walk met, in journal order; complete once a walk has ended.
     *
     * @return each segment with its METADATA, the records read from it and its SUMMARY (null: the
     *         capture was killed, or is still running).
     */
    public List<JournalSegment> segments()
    {
        return List.copyOf(segments);
    }

    private long walkRecords(final RecordHandler handler, final SegmentListener listener, final IdleStrategy idle,
        final Runnable caughtUp, final BooleanSupplier stop)
    {
        final boolean following = null != idle;
        final JournalTables tables = tables();
        segments.clear();
        damage.clear();
        long records = 0;
        long excerpt = startWalk(); // 0, or past excerpts a --since seek skips
        boolean summarySeen = false;
        JournalMetadata segmentMetadata = metadata;
        long segmentRecords = 0;
        JournalSummary segmentSummary = null;
        boolean caughtUpTold = false;
        final DamageAccounting accounting =
            new DamageAccounting(cycleFiles, cycle -> JournalFiles.cycleFileName(queue, cycle), damage,
                excerpt == 0 && firstMetadataOpensSegment);
        if (null != listener)
        {
            listener.onSegment(1, segmentMetadata);
        }

        int lastCycle = NO_CYCLE;
        try (JournalBlockWalk walk = new JournalBlockWalk(queue, floor, cycleFiles, dataEnds, tailer, accounting,
            following, block))
        {
            if (excerpt == 0)
            {
                walk.startAtBeginning();
            }
            while (true)
            {
                if (!walk.next())
                {
                    if (!following)
                    {
                        break;
                    }
                    if (!caughtUpTold)
                    {
                        caughtUp.run();
                        caughtUpTold = true;
                    }
                    if (stop.getAsBoolean())
                    {
                        break;
                    }
                    idle.idle();
                    continue;
                }
                if (following)
                {
                    idle.reset();
                    caughtUpTold = false;
                }

                final long index = walk.index();
                final int blockType = walk.blockType();
                final int blockCycle = walk.cycle();
                if (blockCycle != lastCycle)
                {
                    floor.moveTo(blockCycle); // once per cycle: retention may have the files this walk has read
                    if (afterMissingCycles(walk))
                    {
                        accounting.onCycleGap(walk.previousBlockCycle(), blockCycle);
                    }
                    lastCycle = blockCycle;
                }
                final int segmentStart = blockType == BLOCK_METADATA && excerpt > 0 ?
                    segmentStart(excerpt, index, walk, segmentMetadata, summarySeen) : CONTINUES_SEGMENT;
                final boolean opensSegment = segmentStart != CONTINUES_SEGMENT;
                if (summarySeen && !opensSegment)
                {
                    throw corrupt(excerpt, index, 0, "a block follows the SUMMARY block, which must be last");
                }
                else if (blockType == BLOCK_EVENTS)
                {
                    // A block whose checksum holds can still be wrong inside: a copy that faulted on a
                    // full disk leaves zeros that the checksum, computed after it, seals. Its records
                    // up to the fault are real and delivered; the rest is reported as damage.
                    events.reset();
                    int declared = -1;
                    try
                    {
                        final long first = firstRecord(excerpt, index);
                        declared = block.getInt(EVENTS_COUNT_OFFSET, LITTLE_ENDIAN);
                        accounting.onEvents(first, declared, walk, index);
                        events.deliver(block, handler);
                    }
                    catch (final EventsBlock.ContentException ex)
                    {
                        accounting.onContentDamage(walk, index, ex.offset, ex.detail, block.capacity(),
                            declared >= events.delivered() ? declared - events.delivered() : -1);
                    }
                    records += events.delivered();
                    segmentRecords += events.delivered();
                }
                else if (blockType == BLOCK_SUMMARY)
                {
                    summarySeen = true;
                    segmentSummary = blocks.parseSummary(excerpt, index);
                    accounting.onSummary(segmentSummary.eventsJournaled() + segmentSummary.gapRecords());
                }
                else if (blockType == BLOCK_CGROUPS)
                {
                    if (following) // new entries arrive while following; tables() read the earlier ones
                    {
                        blocks.readCgroups(tables, excerpt, index);
                    }
                }
                else if (blockType == BLOCK_PROCESSES)
                {
                    if (following)
                    {
                        blocks.readProcesses(tables, excerpt, index);
                    }
                }
                else if (blockType == BLOCK_METADATA)
                {
                    if (opensSegment)
                    {
                        if (segmentStart == OPENS_SEGMENT_START_LOST)
                        {
                            accounting.onSegmentStartLost(summarySeen);
                        }
                        accounting.onSegment();
                        segments.add(new JournalSegment(segments.size() + 1, segmentMetadata, segmentRecords,
                            segmentSummary));
                        segmentMetadata = blocks.lastMetadata();
                        segmentRecords = 0;
                        segmentSummary = null;
                        summarySeen = false;
                        if (null != listener)
                        {
                            listener.onSegment(segments.size() + 1, segmentMetadata);
                        }
                    }
                    // else the segment's METADATA, restated at the start of a cycle file
                }
                excerpt++;
            }
        }
        if (!following)
        {
            accounting.onNewestMissing(newestMissing(lastCycle));
        }
        accounting.onEnd();
        segments.add(new JournalSegment(segments.size() + 1, segmentMetadata, segmentRecords, segmentSummary));
        return records;
    }

    /**
     * The newest cycle Chronicle's listing names, when its file is gone and the walk ended before it:
     * the capture wrote it (Chronicle lists a cycle once its file is made, and retention never deletes
     * the newest), so what it held is lost.
     *
     * @return its file name, or null.
     */
    private String newestMissing(final int lastCycleRead)
    {
        final int newest;
        try
        {
            newest = queue.lastCycle();
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
        if (newest == Integer.MIN_VALUE || newest == Integer.MAX_VALUE || lastCycleRead == NO_CYCLE ||
            newest <= lastCycleRead)
        {
            return null;
        }
        final String name = JournalFiles.cycleFileName(queue, newest);
        return Files.exists(directory.resolve(name)) ? null : name;
    }

    /**
     * The damaged regions the last walk met, in journal order, each with the records it held where
     * that can be told; complete once a walk has ended.
     */
    public List<JournalDamage> damage()
    {
        return List.copyOf(damage);
    }

    /** int64 first record of an EVENTS block, once its header is known to be there. */
    private long firstRecord(final long excerpt, final long index)
    {
        if (block.capacity() < EVENTS_RECORDS_OFFSET)
        {
            throw EventsBlock.content(0, "an EVENTS block of " + block.capacity() +
                " bytes is shorter than its " + EVENTS_RECORDS_OFFSET + "-byte header");
        }
        return block.getLong(EVENTS_FIRST_RECORD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * The SUMMARY blocks, which a capture writes last in its segment when it stops cleanly, summed
     * over the journal's segments.
     *
     * @return the totals, or null when no segment has a summary (the capture was killed, or is
     *         still running): every complete EVENTS block is still good then. {@link #segments()}
     *         says which segments have one.
     */
    public JournalSummary summary()
    {
        if (!summaryRead)
        {
            try
            {
                summary = readSummary();
            }
            catch (final InternalError ex)
            {
                throw JournalFiles.truncated(directory, ex);
            }
            summaryRead = true;
        }
        return summary;
    }

    /**
     * Close the queue; buffers handed to a {@link RecordHandler} are invalid afterwards.
     */
    public void close()
    {
        if (null != tailer)
        {
            tailer.close();
        }
        queue.close();
        floor.close();
        cycleLocks.close();
    }

    /**
     * The first METADATA of the oldest cycle file: normally its first excerpt; a roll between a
     * restated METADATA and a span can put EVENTS before it (see {@link JournalFormat}).
     */
    private JournalMetadata readMetadata()
    {
        long excerpt = 0;
        int firstCycle = 0;
        int firstBlockType = 0;
        long firstIndex = 0;
        try (JournalBlockWalk walk = new JournalBlockWalk(queue, floor, cycleFiles, dataEnds, tailer, null, false, block))
        {
            walk.startAtBeginning();
            while (walk.next())
            {
                final int cycle = walk.cycle();
                final int blockType = walk.blockType();
                if (excerpt == 0)
                {
                    firstCycle = cycle;
                    firstBlockType = blockType;
                    firstIndex = walk.index();
                }
                else if (cycle != firstCycle)
                {
                    break;
                }
                if (blockType == BLOCK_METADATA)
                {
                    final JournalBlockParser.ParsedMetadata first = blocks.parseMetadata(excerpt, walk.index());
                    firstMetadataOpensSegment = !first.continues;
                    return first.metadata;
                }
                excerpt++;
            }
        }
        if (excerpt == 0)
        {
            throw new JournalException("journal " + directory + " is empty: it has no intact METADATA block");
        }
        throw corrupt(0, firstIndex, BLOCK_TYPE_OFFSET,
            "the first block is of type " + hex(firstBlockType) + ", not METADATA: not a ringcap journal");
    }

    private JournalTables readTables()
    {
        final JournalTables tables = new JournalTables();
        long excerpt = 0;
        try (JournalBlockWalk walk = new JournalBlockWalk(queue, floor, cycleFiles, dataEnds, tailer, null, false, block))
        {
            walk.startAtBeginning();
            while (walk.next())
            {
                final int blockType = walk.blockType();
                if (blockType == BLOCK_CGROUPS)
                {
                    blocks.readCgroups(tables, excerpt, walk.index());
                }
                else if (blockType == BLOCK_PROCESSES)
                {
                    blocks.readProcesses(tables, excerpt, walk.index());
                }
                excerpt++;
            }
        }
        return tables;
    }

    private JournalSummary readSummary()
    {
        // A pass reading block types only: SUMMARY blocks end segments anywhere in the journal.
        JournalSummary total = null;
        long excerpt = 0;
        try (ExcerptTailer pass = createTailer(queue);
            JournalBlockWalk walk = new JournalBlockWalk(queue, floor, cycleFiles, dataEnds, pass, null, false, block))
        {
            walk.startAtBeginning();
            boolean summarySeen = false;
            JournalMetadata current = null;
            while (walk.next())
            {
                final int blockType = walk.blockType();
                if (blockType == BLOCK_METADATA)
                {
                    if (excerpt == 0)
                    {
                        segmentsInJournal++;
                        current = blocks.parseMetadata(excerpt, walk.index()).metadata;
                    }
                    else if (segmentStart(excerpt, walk.index(), walk, current, summarySeen) != CONTINUES_SEGMENT)
                    {
                        segmentsInJournal++;
                        current = blocks.lastMetadata();
                        summarySeen = false;
                    }
                }
                if (blockType == BLOCK_SUMMARY)
                {
                    summarySeen = true;
                    final JournalSummary one = blocks.parseSummary(excerpt, walk.index());
                    total = null == total ? one : new JournalSummary(total.eventsJournaled() + one.eventsJournaled(),
                        total.eventsSubmitted() + one.eventsSubmitted(), total.eventsDropped() + one.eventsDropped(),
                        total.gapRecords() + one.gapRecords());
                }
                excerpt++;
            }
        }
        return total;
    }

    /**
     * Whether the walk's block is the first of a cycle file that follows cycle numbers without a file
     * (deleted, or quiet: a capture makes no file for a cycle it writes nothing in).
     */
    private static boolean afterMissingCycles(final JournalBlockWalk walk)
    {
        final int previous = walk.previousBlockCycle();
        return previous != NO_CYCLE && walk.cycle() - 1 > previous;
    }

    /**
     * What a METADATA block after the journal's first does. A restatement (continuesSegment) goes on
     * with the segment, unless it opens a cycle file after missing cycles and does not go on with the
     * segment read so far (that one ended with its SUMMARY, or is another capture's): then it restates
     * a segment whose start was in the missing files.
     *
     * @return {@link #CONTINUES_SEGMENT}, {@link #OPENS_SEGMENT} or {@link #OPENS_SEGMENT_START_LOST}.
     */
    private int segmentStart(final long excerpt, final long index, final JournalBlockWalk walk,
        final JournalMetadata current, final boolean summarySeen)
    {
        final JournalBlockParser.ParsedMetadata parsed = blocks.parseMetadata(excerpt, index);
        if (!parsed.continues)
        {
            return OPENS_SEGMENT;
        }
        return afterMissingCycles(walk) && (summarySeen || !parsed.metadata.equals(current)) ?
            OPENS_SEGMENT_START_LOST : CONTINUES_SEGMENT;
    }

    /**
     * @return a tailer, or null when Chronicle cannot make one: it opens the first cycle file to do
     *         so, and a damaged header there throws. The walks then scan every cycle file.
     */
    private static ExcerptTailer createTailer(final SingleChronicleQueue queue)
    {
        try
        {
            return queue.createTailer();
        }
        catch (final RuntimeException | InternalError ex)
        {
            return null;
        }
    }

    private JournalException corrupt(final long excerpt, final long index, final int offset, final String detail)
    {
        return new JournalException("corrupt journal " + directory + ": " + excerptName(excerpt) +
            " (index " + hex(index) + "), offset " + offset + ": " + detail);
    }

    private static String excerptName(final long excerpt)
    {
        return excerpt < 0 ? "last excerpt" : "excerpt " + excerpt;
    }

    private static String hex(final long value)
    {
        return "0x" + Long.toHexString(value);
    }

    private static String hex(final int value)
    {
        return "0x" + Integer.toHexString(value);
    }

    /**
     * Excerpts (blocks) of the journal before the one the current or last walk is at: with
     * {@link #excerptCount()}, how far a walk has got, for a progress display. Index arithmetic on
     * Chronicle's index, no read: cheap enough a few times a second, not per record.
     *
     * @return excerpts passed, or 0 when that cannot be told.
     */
    public long excerptsRead()
    {
        try
        {
            final long first = firstIndex();
            if (null == tailer)
            {
                return 0;
            }
            final long at = tailer.index();
            return first == Long.MAX_VALUE || at <= first ? 0 : queue.countExcerpts(first, at);
        }
        catch (final RuntimeException ex) // a progress display must not stop a replay
        {
            return 0;
        }
    }

    /** The first excerpt of the first cycle file on disk (not of Chronicle's listing: see {@link CycleFloor}). */
    private long firstIndex()
    {
        final int first = floor.first();
        return first == CycleFloor.NONE ? Long.MAX_VALUE : queue.rollCycle().toIndex(first, 0);
    }

    /**
     * @return excerpts in the whole journal (METADATA to SUMMARY), or 0 when that cannot be told.
     */
    public long excerptCount()
    {
        try
        {
            final long first = firstIndex();
            final long last = queue.lastIndex();
            return first == Long.MAX_VALUE || last < first ? 0 : queue.countExcerpts(first, last) + 1;
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }

    /**
     * Let {@link #forEachRecord} start near the first record entered at or after a time rather than
     * at the beginning, found through Chronicle's index ({@link JournalTimeSeek}). The walk still
     * delivers records entered before it from the excerpt it starts at: the caller keeps filtering
     * by time, and gets exactly the records a walk from the beginning would have matched. Records
     * before the start are not delivered at all, so what they would teach a formatter (an exec's
     * executable, a notification registration) is not known to it.
     *
     * @param sinceEpochNs --since in nanoseconds since the epoch; Long.MIN_VALUE for the beginning.
     */
    public void seekSince(final long sinceEpochNs)
    {
        long bootNs = Long.MIN_VALUE;
        if (sinceEpochNs != Long.MIN_VALUE)
        {
            try
            {
                bootNs = Math.subtractExact(sinceEpochNs, metadata.bootToWallNs());
            }
            catch (final ArithmeticException ex)
            {
                bootNs = Long.MIN_VALUE; // no such time in this capture: walk it all
            }
        }
        seekSinceBootNs = bootNs;
        walkStartExcerpt = -1;
    }

    /**
     * @return the excerpt the last walk started at: 0 from the beginning, more when a
     *         {@link #seekSince} let it skip the excerpts before.
     */
    public long walkStartExcerpt()
    {
        return Math.max(0, walkStartExcerpt);
    }

    /** @return the search of the last {@link #seekSince}, or null: for tests. */
    JournalTimeSeek timeSeek()
    {
        return timeSeek;
    }

    /**
     * Position the tailer where a walk starts; @return that excerpt's number. A journal of several
     * segments is walked from its start: a seek past a segment's METADATA would time that segment's
     * records with another capture's clock.
     */
    private long startWalk()
    {
        if (seekSinceBootNs == Long.MIN_VALUE || null == tailer)
        {
            return 0;
        }
        floor.pinFirst(); // what a previous walk moved on from; the seek maps the cycles from here
        summary(); // the pass that counts segments
        if (segmentsInJournal > 1)
        {
            walkStartExcerpt = 0;
            return 0;
        }
        if (timeSeek == null)
        {
            timeSeek = new JournalTimeSeek(queue, floor);
        }
        if (walkStartExcerpt < 0)
        {
            try
            {
                walkStartExcerpt = timeSeek.startOrdinal(seekSinceBootNs);
            }
            catch (final RuntimeException | InternalError ex) // an index Chronicle cannot follow: walk it all
            {
                walkStartExcerpt = 0;
            }
        }
        if (walkStartExcerpt <= 0 || null == tailer || !tailer.moveToIndex(timeSeek.index(walkStartExcerpt)))
        {
            return 0; // from the beginning: the walk positions the tailer
        }
        return walkStartExcerpt;
    }
}
