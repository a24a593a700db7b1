package io.ringcap.replay;

import io.ringcap.wire.JournalMetadata;
import static io.ringcap.wire.JournalFormat.BLOCK_CGROUPS;
import static io.ringcap.wire.JournalFormat.BLOCK_EVENTS;
import static io.ringcap.wire.JournalFormat.BLOCK_METADATA;
import static io.ringcap.wire.JournalFormat.BLOCK_PROCESSES;
import static io.ringcap.wire.JournalFormat.BLOCK_SUMMARY;
import static io.ringcap.wire.JournalFormat.BLOCK_TYPE_OFFSET;
import static io.ringcap.wire.JournalFormat.EVENTS_COUNT_OFFSET;
import static io.ringcap.wire.JournalFormat.EVENTS_RECORDS_OFFSET;
import static io.ringcap.wire.JournalFormat.TABLE_COUNT_OFFSET;
import static io.ringcap.wire.JournalFormat.TABLE_ENTRIES_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.RingRecordFraming;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.Wire;
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
 * <p>Not thread safe: one reader per thread, as with a Chronicle tailer.
 */
public final class JournalReader implements AutoCloseable
{
    private static final String QUEUE_FILE_SUFFIX = ".cq4";
    /** Chronicle Queue writes it with the first cycle; read-only without it, Chronicle logs a warning and guesses. */
    private static final String QUEUE_METADATA_FILE = "metadata.cq4t";
    /**
     * How long Chronicle waits for a cycle file's header to appear (default 10 s, met twice on a
     * cycle file of zeros): capture writes headers at once, so a missing one is damage, not a race.
     */
    private static final long HEADER_WAIT_MS = 1_000;
    private static final int BLOCK_TYPE_LENGTH = Integer.BYTES;
    private static final int READ_AHEAD_BYTES = 4096;
    private int readAheadSink;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    /** Flyweight over the excerpt being read, re-wrapped per excerpt: the read loop allocates nothing. */
    private final UnsafeBuffer block = new UnsafeBuffer(0, 0);
    private final JournalMetadata metadata;
    private JournalTables tables;
    private JournalSummary summary;
    private boolean summaryRead;

    private JournalReader(final Path directory, final SingleChronicleQueue queue)
    {
        this.directory = directory;
        this.queue = queue;
        this.tailer = queue.createTailer();
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
        requireQueueFiles(directory);
        SingleChronicleQueue queue = null;
        try
        {
            queue = SingleChronicleQueueBuilder.single(directory.toFile()).readOnly(true)
                .timeoutMS(HEADER_WAIT_MS).build();
            return new JournalReader(directory, queue);
        }
        catch (final JournalException ex)
        {
            queue.close();
            throw ex;
        }
        catch (final InternalError ex)
        {
            queue.close();
            throw truncated(directory, ex);
        }
        catch (final Exception ex) // Chronicle throws checked exceptions unchecked (StreamCorruptedException)
        {
            if (queue != null)
            {
                queue.close();
            }
            throw new JournalException(
                directory + " is not a readable Chronicle Queue journal: " + describe(ex), ex);
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
                throw truncated(directory, ex);
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
        try
        {
            return walkRecords(handler);
        }
        catch (final InternalError ex)
        {
            throw truncated(directory, ex);
        }
    }

    private long walkRecords(final RecordHandler handler)
    {
        tables();
        long records = 0;
        long excerpt = startWalk(); // 0, or past excerpts a --since seek skips
        boolean summarySeen = false;

        while (true)
        {
            try (DocumentContext dc = nextExcerpt(tailer, excerpt))
            {
                if (!dc.isPresent())
                {
                    break;
                }

                final long index = dc.index();
                final int blockType = wrapBlock(dc, excerpt);
                if (excerpt == 0)
                {
                    requireMetadataBlock(blockType, index);
                }
                else if (summarySeen)
                {
                    throw corrupt(excerpt, index, 0, "a block follows the SUMMARY block, which must be last");
                }
                else if (blockType == BLOCK_EVENTS)
                {
                    records += deliverEvents(handler, excerpt, index);
                }
                else if (blockType == BLOCK_SUMMARY)
                {
                    summarySeen = true;
                }
                else if (blockType == BLOCK_CGROUPS || blockType == BLOCK_PROCESSES)
                {
                    // context, not events: parsed and checked by tables() before this walk
                }
                else if (blockType == BLOCK_METADATA)
                {
                    throw corrupt(excerpt, index, 0,
                        "a second METADATA block: the journal directory holds more than one capture");
                }
                else
                {
                    throw corrupt(excerpt, index, BLOCK_TYPE_OFFSET, "unknown block type " + hex(blockType));
                }
            }
            excerpt++;
        }

        return records;
    }

    /**
     * The SUMMARY block, which a capture writes last when it stops cleanly.
     *
     * @return the summary, or null when the journal has none (the capture was killed, or is still
     *         running): every complete EVENTS block is still good then.
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
                throw truncated(directory, ex);
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
        tailer.close();
        queue.close();
    }

    /**
     * A queue file cut short: Chronicle maps it in chunks and a read past its end is a SIGBUS, which
     * the JVM raises (possibly a little later, in compiled code) as an InternalError.
     */
    private static JournalException truncated(final Path directory, final InternalError ex)
    {
        if (ex.getMessage() == null || !ex.getMessage().contains("unsafe memory access"))
        {
            throw ex;
        }
        return new JournalException("journal " + directory +
            " cannot be read: a queue file ends before the data it indexes (truncated, or its disk full?)", ex);
    }

    private static void requireQueueFiles(final Path directory)
    {
        if (!Files.exists(directory))
        {
            throw new JournalException("journal directory " + directory + " does not exist");
        }
        if (!Files.isDirectory(directory))
        {
            throw new JournalException(directory + " is not a directory: a journal is a directory");
        }

        // Opening a directory without queue files would look like an empty journal; say what it is.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + QUEUE_FILE_SUFFIX))
        {
            if (!files.iterator().hasNext())
            {
                throw new JournalException(
                    directory + " is not a journal: it holds no Chronicle Queue " + QUEUE_FILE_SUFFIX + " files");
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list journal directory " + directory + ": " + describe(ex), ex);
        }
        if (!Files.isRegularFile(directory.resolve(QUEUE_METADATA_FILE)))
        {
            throw new JournalException(
                directory + " is not a readable Chronicle Queue journal: it has .cq4 files but no " + QUEUE_METADATA_FILE);
        }
    }

    private JournalMetadata readMetadata()
    {
        rewind(tailer);
        try (DocumentContext dc = nextExcerpt(tailer, 0))
        {
            if (!dc.isPresent())
            {
                throw new JournalException("journal " + directory + " is empty: it has no METADATA block");
            }
            final long index = dc.index();
            requireMetadataBlock(wrapBlock(dc, 0), index);
            return parseMetadata(dc.wire(), index);
        }
    }

    private void requireMetadataBlock(final int blockType, final long index)
    {
        if (blockType != BLOCK_METADATA)
        {
            throw corrupt(0, index, BLOCK_TYPE_OFFSET,
                "the first block is of type " + hex(blockType) + ", not METADATA: not a ringcap journal");
        }
    }

    private JournalMetadata parseMetadata(final Wire wire, final long index)
    {
        final WireFields fields = new WireFields(JournalFormat.META_FORMAT_VERSION, JournalFormat.META_HOST_NAME,
            JournalFormat.META_KERNEL_RELEASE, JournalFormat.META_BOOT_TO_WALL_NS, JournalFormat.META_ATTACH_METHOD,
            JournalFormat.META_RING_SIZE, JournalFormat.META_CAPTURE_PID, JournalFormat.META_TARGET);
        fields.read(wire, "METADATA", 0, index);

        // Version first: a journal of another version may well lack or rename the other fields.
        fields.requirePresent(JournalFormat.META_FORMAT_VERSION);
        final int formatVersion = (int)fields.number(JournalFormat.META_FORMAT_VERSION);
        if (formatVersion != JournalFormat.FORMAT_VERSION)
        {
            throw new JournalException("journal " + directory + " has format version " + formatVersion +
                ", but this replay reads version " + JournalFormat.FORMAT_VERSION +
                " only: replay it with the ringcap that captured it");
        }
        fields.requireAllPresent();

        return new JournalMetadata(
            formatVersion,
            fields.text(JournalFormat.META_HOST_NAME),
            fields.text(JournalFormat.META_KERNEL_RELEASE),
            fields.number(JournalFormat.META_BOOT_TO_WALL_NS),
            fields.text(JournalFormat.META_ATTACH_METHOD),
            fields.number(JournalFormat.META_RING_SIZE),
            (int)fields.number(JournalFormat.META_CAPTURE_PID),
            fields.text(JournalFormat.META_TARGET));
    }

    private JournalTables readTables()
    {
        final JournalTables tables = new JournalTables();
        rewind(tailer);
        long excerpt = 0;
        while (true)
        {
            try (DocumentContext dc = nextExcerpt(tailer, excerpt))
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final long index = dc.index();
                final int blockType = wrapBlock(dc, excerpt);
                if (blockType == BLOCK_CGROUPS)
                {
                    readCgroups(tables, excerpt, index);
                }
                else if (blockType == BLOCK_PROCESSES)
                {
                    readProcesses(tables, excerpt, index);
                }
            }
            excerpt++;
        }
        return tables;
    }

    /** int32 count, then count of: int64 cgroup id, int32 n, n bytes of UTF-8 path. */
    private void readCgroups(final JournalTables tables, final long excerpt, final long index)
    {
        final UnsafeBuffer block = this.block;
        final int count = tableCount("CGROUPS", excerpt, index);
        int offset = TABLE_ENTRIES_OFFSET;
        for (int i = 0; i < count; i++)
        {
            final int pathOffset = tableEntryPath("CGROUPS", i, count, offset, Long.BYTES, excerpt, index);
            final int pathLength = block.getInt(pathOffset - Integer.BYTES, LITTLE_ENDIAN);
            tables.putCgroup(block.getLong(offset, LITTLE_ENDIAN), block.getStringWithoutLengthUtf8(pathOffset, pathLength));
            offset = pathOffset + pathLength;
        }
        requireTableEnd("CGROUPS", count, offset, excerpt, index);
    }

    /** int32 count, then count of: int32 host pid, int32 n, n bytes of UTF-8 executable path. */
    private void readProcesses(final JournalTables tables, final long excerpt, final long index)
    {
        final UnsafeBuffer block = this.block;
        final int count = tableCount("PROCESSES", excerpt, index);
        int offset = TABLE_ENTRIES_OFFSET;
        for (int i = 0; i < count; i++)
        {
            final int pathOffset = tableEntryPath("PROCESSES", i, count, offset, Integer.BYTES, excerpt, index);
            final int pathLength = block.getInt(pathOffset - Integer.BYTES, LITTLE_ENDIAN);
            tables.putExecutable(block.getInt(offset, LITTLE_ENDIAN), block.getStringWithoutLengthUtf8(pathOffset, pathLength));
            offset = pathOffset + pathLength;
        }
        requireTableEnd("PROCESSES", count, offset, excerpt, index);
    }

    private int tableCount(final String blockName, final long excerpt, final long index)
    {
        final int blockLength = block.capacity();
        if (blockLength < TABLE_ENTRIES_OFFSET)
        {
            throw corrupt(excerpt, index, 0, "a " + blockName + " block of " + blockLength +
                " bytes is shorter than its " + TABLE_ENTRIES_OFFSET + "-byte header");
        }
        final int count = block.getInt(TABLE_COUNT_OFFSET, LITTLE_ENDIAN);
        if (count < 0)
        {
            throw corrupt(excerpt, index, TABLE_COUNT_OFFSET, "negative " + blockName + " entry count " + count);
        }
        return count;
    }

    /**
     * Check that entry i's key, its int32 path length and its path lie inside the block.
     *
     * @return the offset of the entry's path bytes.
     */
    private int tableEntryPath(
        final String blockName, final int i, final int count, final int offset, final int keyLength,
        final long excerpt, final long index)
    {
        final int blockLength = block.capacity();
        final int left = blockLength - offset;
        if (left < keyLength + Integer.BYTES)
        {
            throw corrupt(excerpt, index, offset, blockName + " entry " + i + " of " + count + " is cut off: " +
                left + " bytes left in the " + blockLength + "-byte block");
        }
        final int pathLength = block.getInt(offset + keyLength, LITTLE_ENDIAN);
        if (pathLength < 0 || pathLength > left - keyLength - Integer.BYTES)
        {
            throw corrupt(excerpt, index, offset + keyLength, blockName + " entry " + i + " of " + count +
                " has a path of " + pathLength + " bytes, but " + (left - keyLength - Integer.BYTES) +
                " bytes are left in the " + blockLength + "-byte block");
        }
        return offset + keyLength + Integer.BYTES;
    }

    private void requireTableEnd(final String blockName, final int count, final int offset, final long excerpt,
        final long index)
    {
        final int blockLength = block.capacity();
        if (offset != blockLength)
        {
            throw corrupt(excerpt, index, offset, (blockLength - offset) + " bytes follow the " + count +
                " entries of the " + blockLength + "-byte " + blockName + " block");
        }
    }

    private JournalSummary readSummary()
    {
        // The summary is the last excerpt when there is one: read backwards rather than walk the journal.
        try (ExcerptTailer backward = backwardTailer())
        {
            try (DocumentContext dc = nextExcerpt(backward, -1))
            {
                if (!dc.isPresent())
                {
                    return null;
                }
                final long index = dc.index();
                if (wrapBlock(dc, -1) != BLOCK_SUMMARY)
                {
                    return null;
                }

                final WireFields fields = new WireFields(JournalFormat.SUMMARY_EVENTS_JOURNALED,
                    JournalFormat.SUMMARY_EVENTS_SUBMITTED, JournalFormat.SUMMARY_EVENTS_DROPPED);
                fields.read(dc.wire(), "SUMMARY", -1, index);
                fields.requireAllPresent();
                return new JournalSummary(
                    fields.number(JournalFormat.SUMMARY_EVENTS_JOURNALED),
                    fields.number(JournalFormat.SUMMARY_EVENTS_SUBMITTED),
                    fields.number(JournalFormat.SUMMARY_EVENTS_DROPPED));
            }
        }
    }

    private void rewind(final ExcerptTailer tailer)
    {
        try
        {
            tailer.toStart();
        }
        catch (final Exception ex) // Chronicle throws checked exceptions unchecked
        {
            throw new JournalException("journal " + directory + ": cannot find its first excerpt: " + describe(ex), ex);
        }
    }

    private ExcerptTailer backwardTailer()
    {
        ExcerptTailer backward = null;
        try
        {
            backward = queue.createTailer();
            backward.direction(TailerDirection.BACKWARD).toEnd();
            return backward;
        }
        catch (final Exception ex) // Chronicle throws checked exceptions unchecked
        {
            if (backward != null)
            {
                backward.close();
            }
            throw new JournalException("journal " + directory + ": cannot find its last excerpt: " + describe(ex), ex);
        }
    }

    private DocumentContext nextExcerpt(final ExcerptTailer from, final long excerpt)
    {
        try
        {
            return from.readingDocument();
        }
        catch (final Exception ex) // Chronicle throws checked exceptions unchecked
        {
            throw new JournalException("journal " + directory + ": cannot read " + excerptName(excerpt) +
                ": " + describe(ex), ex);
        }
    }

    /**
     * Point {@link #block} at the excerpt's bytes and return its block type. The wire stays positioned
     * just after the block type, where METADATA and SUMMARY fields start.
     */
    private int wrapBlock(final DocumentContext dc, final long excerpt)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final long start = bytes.readPosition();
        final long length = bytes.readRemaining();
        if (length < BLOCK_TYPE_LENGTH)
        {
            throw corrupt(excerpt, dc.index(), 0, "an excerpt of " + length + " bytes has no room for a block type");
        }
        if (length > Integer.MAX_VALUE)
        {
            throw corrupt(excerpt, dc.index(), 0, "an excerpt of " + length + " bytes is too large");
        }

        // The two-argument form maps the excerpt contiguously when Chronicle can (up to its overlap
        // size, which bounds an excerpt's size); check rather than read past the mapping.
        final long address = bytes.addressForRead(start, (int)length);
        if (!bytes.bytesStore().inside(start, length))
        {
            throw corrupt(excerpt, dc.index(), 0, "an excerpt of " + length + " bytes is not mapped contiguously");
        }
        block.wrap(address, (int)length);
        bytes.readSkip(BLOCK_TYPE_LENGTH);
        return block.getInt(BLOCK_TYPE_OFFSET, LITTLE_ENDIAN);
    }

    private long deliverEvents(final RecordHandler handler, final long excerpt, final long index)
    {
        final UnsafeBuffer block = this.block;
        final int blockLength = block.capacity();
        if (blockLength < EVENTS_RECORDS_OFFSET)
        {
            throw corrupt(excerpt, index, 0, "an EVENTS block of " + blockLength +
                " bytes is shorter than its " + EVENTS_RECORDS_OFFSET + "-byte header");
        }
        final int declared = block.getInt(EVENTS_COUNT_OFFSET, LITTLE_ENDIAN);
        if (declared < 0)
        {
            throw corrupt(excerpt, index, EVENTS_COUNT_OFFSET, "negative record count " + declared);
        }

        int delivered = 0;
        int offset = EVENTS_RECORDS_OFFSET;
        int readAhead = 0;
        while (offset < blockLength)
        {
            // Each record's length locates the next, so the walk waits on one cache miss per
            // record; touching memory a few records ahead lets the hardware fetch in parallel.
            readAhead += block.getByte(Math.min(offset + READ_AHEAD_BYTES, blockLength - 1));
            if (blockLength - offset < RingRecordFraming.HEADER_LENGTH)
            {
                throw corrupt(excerpt, index, offset, "a ring record header is cut off: " +
                    (blockLength - offset) + " bytes left in the " + blockLength + "-byte block");
            }
            final int lengthField = block.getInt(offset + RingRecordFraming.LENGTH_OFFSET, LITTLE_ENDIAN);
            if ((lengthField & RingRecordFraming.BUSY_BIT) != 0)
            {
                throw corrupt(excerpt, index, offset, "a ring record is marked BUSY (reserved but never committed)");
            }
            final int payloadLength = RingRecordFraming.payloadLength(lengthField);
            final int recordLength = RingRecordFraming.alignedRecordLength(payloadLength);
            if (recordLength > blockLength - offset)
            {
                throw corrupt(excerpt, index, offset, "ring record length " + payloadLength +
                    " runs past the end of the " + blockLength + "-byte block");
            }

            if ((lengthField & RingRecordFraming.DISCARD_BIT) == 0)
            {
                final int recordOffset = offset + RingRecordFraming.HEADER_LENGTH;
                checkRecord(recordOffset, payloadLength, excerpt, index);
                handler.onRecord(block, recordOffset, payloadLength);
                delivered++;
            }
            offset += recordLength;
        }

        readAheadSink = readAhead; // keeps the read-ahead loads from being optimised away
        if (delivered != declared)
        {
            throw corrupt(excerpt, index, EVENTS_COUNT_OFFSET, "the EVENTS block declares " + declared +
                " records but holds " + delivered);
        }
        return delivered;
    }

    /**
     * What decoders rely on: a known type whose rc_header.size is that type's length and the ring's length.
     */
    private void checkRecord(final int offset, final int length, final long excerpt, final long index)
    {
        if (length < EventHeaderLayout.LENGTH)
        {
            throw corrupt(excerpt, index, offset, "a record of " + length + " bytes is shorter than the " +
                EventHeaderLayout.LENGTH + "-byte rc_header");
        }
        final int eventType = block.getShort(offset + EventHeaderLayout.EVENT_TYPE_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        final int expectedLength = EventType.recordLength(eventType);
        if (expectedLength < 0)
        {
            throw corrupt(excerpt, index, offset, "unknown event type " + eventType);
        }
        final int size = block.getShort(offset + EventHeaderLayout.SIZE_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        if (size != expectedLength)
        {
            throw corrupt(excerpt, index, offset, "rc_header.size is " + size + " but a " +
                EventType.name(eventType) + " record is " + expectedLength + " bytes");
        }
        if (size != length)
        {
            throw corrupt(excerpt, index, offset, "the ring record holds " + length +
                " bytes but rc_header.size is " + size);
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

    static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        final String text = message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
        final int newline = text.indexOf('\n');
        // Chronicle quotes bytes it read from the file: keep NULs and other controls off the terminal.
        return (newline < 0 ? text : text.substring(0, newline)).replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * The named fields of a METADATA or SUMMARY block. Read by name, not position, so that the
     * writer's field order does not matter and unknown fields (from a newer writer) are skipped;
     * every field asked for must be present.
     */
    private final class WireFields
    {
        private final String[] names;
        private final Object[] values;
        private String blockName;
        private long excerpt;
        private long index;

        WireFields(final String... names)
        {
            this.names = names;
            this.values = new Object[names.length];
        }

        void read(final Wire wire, final String blockName, final long excerpt, final long index)
        {
            this.blockName = blockName;
            this.excerpt = excerpt;
            this.index = index;
            final StringBuilder name = new StringBuilder();
            try
            {
                while (wire.bytes().readRemaining() > 0)
                {
                    final ValueIn in = wire.read(name);
                    final int i = indexOf(name);
                    if (i < 0)
                    {
                        in.skipValue();
                    }
                    else if (isNumber(names[i]))
                    {
                        values[i] = in.int64();
                    }
                    else
                    {
                        values[i] = in.text();
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                throw corrupt(excerpt, index, 0, "the " + blockName + " block is unreadable: " + describe(ex));
            }
        }

        void requirePresent(final String name)
        {
            if (values[indexOf(name)] == null)
            {
                throw corrupt(excerpt, index, 0, "the " + blockName + " block has no " + name + " field");
            }
        }

        void requireAllPresent()
        {
            for (final String name : names)
            {
                requirePresent(name);
            }
        }

        long number(final String name)
        {
            return (Long)values[indexOf(name)];
        }

        String text(final String name)
        {
            return (String)values[indexOf(name)];
        }

        private int indexOf(final CharSequence name)
        {
            for (int i = 0; i < names.length; i++)
            {
                if (names[i].contentEquals(name))
                {
                    return i;
                }
            }
            return -1;
        }

        private boolean isNumber(final String name)
        {
            return !(JournalFormat.META_HOST_NAME.equals(name) ||
                JournalFormat.META_KERNEL_RELEASE.equals(name) ||
                JournalFormat.META_ATTACH_METHOD.equals(name) ||
                JournalFormat.META_TARGET.equals(name));
        }
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
            final long first = queue.firstIndex();
            final long at = tailer.index();
            return first == Long.MAX_VALUE || at <= first ? 0 : queue.countExcerpts(first, at);
        }
        catch (final RuntimeException ex) // a progress display must not stop a replay
        {
            return 0;
        }
    }

    /**
     * @return excerpts in the whole journal (METADATA to SUMMARY), or 0 when that cannot be told.
     */
    public long excerptCount()
    {
        try
        {
            final long first = queue.firstIndex();
            final long last = queue.lastIndex();
            return first == Long.MAX_VALUE || last < first ? 0 : queue.countExcerpts(first, last) + 1;
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }

    // --since seek (JournalTimeSeek): the walk's start, set before forEachRecord.
    private JournalTimeSeek timeSeek;
    private long seekSinceBootNs = Long.MIN_VALUE;
    private long walkStartExcerpt = -1;

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

    /** Position the tailer where a walk starts; @return that excerpt's number. */
    private long startWalk()
    {
        rewind(tailer);
        if (seekSinceBootNs == Long.MIN_VALUE)
        {
            return 0;
        }
        if (timeSeek == null)
        {
            timeSeek = new JournalTimeSeek(queue);
        }
        if (walkStartExcerpt < 0)
        {
            walkStartExcerpt = timeSeek.startOrdinal(seekSinceBootNs);
        }
        if (walkStartExcerpt > 0 && !tailer.moveToIndex(timeSeek.index(walkStartExcerpt)))
        {
            rewind(tailer);
            return 0;
        }
        return walkStartExcerpt;
    }
}
