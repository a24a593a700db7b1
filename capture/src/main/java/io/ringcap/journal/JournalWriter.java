package io.ringcap.journal;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.linux.LibC;
import io.ringcap.ring.RingSpanHandler;
import io.ringcap.wire.JournalChecksum;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.internal.NativeBytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends ring spans to a Chronicle Queue journal in the format of {@link JournalFormat}: one
 * EVENTS excerpt per span, the span copied verbatim (one memcpy from the mapped ring into the
 * mapped queue file), so the journal costs one excerpt per poll, not one per event.
 * <p>
 * Journal files are private: the directory is created 0700 and the process umask is set to 077
 * while the queue creates its files, so they are 0600.
 * <p>
 * A journal directory may already hold earlier captures: this one appends a segment of its own
 * (METADATA first, SUMMARY last). A capture killed with kill -9 leaves Chronicle's write lock held
 * by its dead pid and the excerpt incomplete. Building the writable queue takes the lock over at
 * once when that pid is dead (Chronicle 2026.4 checks /proc and logs "Forced unlocking ... which is
 * now dead"); the next append writes over the torn excerpt, which no reader ever sees.
 * DeadWriterLockTest times the takeover alone, after a warm-up writer: under 7.5 s (measured
 * 0.02-0.06 s; cold, with class loading, 0.6-0.8 s), where Chronicle's lock timeout would be 15 s.
 * <p>
 * Every cycle file starts with METADATA (a restatement, {@link JournalFormat#META_CONTINUES}) and
 * the tables, so a journal whose older cycles were deleted still replays.
 * <p>
 * Every block is sealed with its CRC32C ({@link JournalChecksum}) computed over the bytes as they
 * lie in the mapped file, after the copy: replay verifies it before decoding a byte. Every EVENTS
 * block carries the number of records journaled before it, so replay can say exactly how many
 * records a damaged region held.
 * <p>
 * Disk space is reserved ({@link JournalSpaceReservation}: zeros written ahead) before an EVENTS block is written, with
 * {@link #TAIL_RESERVE} more for what the capture writes at stop (gaps, tables, SUMMARY): a full
 * disk refuses the span with a {@link JournalFullException} before anything of it is written, so
 * {@link #eventsJournaled()} is what replays.
 * <p>
 * Not thread-safe: the thread that drains the ring owns it.
 */
public final class JournalWriter implements RingSpanHandler, AutoCloseable
{
    private static final int PRIVATE_UMASK = 077;
    private static final int TABLE_ENTRIES_PER_BLOCK = 1024;
    /** Reserved past every EVENTS block for the stop's gap records, CGROUPS and SUMMARY blocks. */
    static final long TAIL_RESERVE = 256 * 1024;
    /**
     * How far ahead one reservation reaches: once per 8 MiB of journal, about 25,000 events here.
     * Near a full disk the writer falls back to reserving just what the span needs.
     */
    private static final long RESERVE_AHEAD = 8L << 20;

    private final Path directory;
    private final RollCycle rollCycle;
    private static final int NO_CYCLE = Integer.MIN_VALUE;

    private int reservedCycle = NO_CYCLE;
    private Object advisedStore; // the chunk mapping readahead was last turned off on
    private boolean diskTight;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final JournalPretoucher pretoucher;
    private final Thread pretoucherThread;
    // Written only by the thread that owns the writer, read by the pretoucher and the status line:
    // ordered stores (lazySet), so the hot path pays no fence for them.
    private final AtomicLong writePosition = new AtomicLong(); // where the appender writes next
    private final AtomicLong eventsJournaled = new AtomicLong();
    private final AtomicLong bytesJournaled = new AtomicLong();
    private final AtomicLong reservedEnd = new AtomicLong(); // for the pretoucher: touch no unreserved page
    private boolean closed;
    // What a new cycle file restates; written on the owning thread only.
    private JournalMetadata segmentMetadata;
    private final Map<Long, String> cgroups = new LinkedHashMap<>();
    private final Map<Integer, String> processes = new LinkedHashMap<>();
    private int lastCycle = NO_CYCLE;
    private final JournalChecksum checksum = new JournalChecksum();
    private final UnsafeBuffer block = new UnsafeBuffer(0, 0); // an EVENTS block in the mapped file, while written
    private final JournalSpaceReservation reservation = new JournalSpaceReservation();

    public JournalWriter(final Path directory)
    {
        this(directory, RollCycles.FAST_DAILY, null);
    }

    /**
     * @param rollCycle how often the queue starts a new file.
     * @param listener  told when a cycle file is acquired and released, or null.
     */
    public JournalWriter(final Path directory, final RollCycle rollCycle, final StoreFileListener listener)
    {
        this(directory, rollCycle, listener, 0);
    }

    /**
     * @param blockSize Chronicle's chunk size (it maps a cycle file a chunk at a time, each with a
     *                  quarter chunk of overlap), or 0 for Chronicle's default (64 MiB): tests use
     *                  small chunks to cross many chunk boundaries cheaply.
     */
    JournalWriter(final Path directory, final RollCycle rollCycle, final StoreFileListener listener, final long blockSize)
    {
        this.directory = directory;
        this.rollCycle = rollCycle;
        LibC.umask(PRIVATE_UMASK); // stays: every file this capture makes is private
        try
        {
            if (!Files.isDirectory(directory))
            {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + directory + ": " + ex.getMessage(), ex);
        }
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.single(directory.toFile())
            .rollCycle(rollCycle);
        if (blockSize > 0)
        {
            builder.blockSize(blockSize);
        }
        if (null != listener)
        {
            builder.storeFileListener(listener);
        }
        queue = builder.build(); // takes over a dead writer's lock at once (see the class comment)
        appender = queue.createAppender();
        pretoucher = new JournalPretoucher(directory, writePosition::get, reservedEnd::get);
        pretoucherThread = new Thread(pretoucher, "ringcap-pretouch");
        pretoucherThread.setDaemon(true);
        pretoucherThread.start();
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * The METADATA block that opens this capture's segment; restated at the start of every cycle file.
     */
    public void writeMetadata(final JournalMetadata metadata)
    {
        segmentMetadata = metadata;
        writeMetadata(metadata, false);
        lastCycle = appender.cycle();
    }

    private void writeMetadata(final JournalMetadata metadata, final boolean continues)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Wire wire = dc.wire();
            final long start = beginBlock(wire.bytes(), JournalFormat.BLOCK_METADATA);
            wire.write(JournalFormat.META_FORMAT_VERSION).int32(metadata.formatVersion());
            wire.write(JournalFormat.META_HOST_NAME).text(metadata.hostName());
            wire.write(JournalFormat.META_KERNEL_RELEASE).text(metadata.kernelRelease());
            wire.write(JournalFormat.META_BOOT_TO_WALL_NS).int64(metadata.bootToWallNs());
            wire.write(JournalFormat.META_ATTACH_METHOD).text(metadata.attachMethod());
            wire.write(JournalFormat.META_RING_SIZE).int64(metadata.ringSize());
            wire.write(JournalFormat.META_CAPTURE_PID).int32(metadata.capturePid());
            wire.write(JournalFormat.META_TARGET).text(metadata.target());
            if (continues)
            {
                wire.write(JournalFormat.META_CONTINUES).int32(1);
            }
            seal(wire.bytes(), start);
        }
    }

    /**
     * A new cycle file begins: restate METADATA and the tables in it so it replays on its own once
     * older cycles are deleted. Once per cycle, so its allocation does not matter.
     */
    private void restateSegment()
    {
        writeMetadata(segmentMetadata, true);
        lastCycle = appender.cycle(); // the METADATA's: a table block a roll moves on restates in the next cycle
        writeTable(JournalFormat.BLOCK_CGROUPS, cgroups, (bytes, id) -> bytes.writeLong(id));
        writeTable(JournalFormat.BLOCK_PROCESSES, processes, (bytes, pid) -> bytes.writeInt(pid));
    }

    /**
     * One clock read per append: Chronicle rolls on the next append once the cycle changes, and the
     * new file must open with METADATA (a roll between the two leaves an excerpt before it, which
     * replay attributes to the METADATA that follows).
     */
    private void restateOnNewCycle()
    {
        if (lastCycle != NO_CYCLE && queue.cycle() != lastCycle)
        {
            restateSegment();
        }
    }

    /**
     * A document for the next block in a cycle file that holds the segment's METADATA. Chronicle
     * rolls inside writingDocument() when the clock has passed into a new cycle, which it can do
     * after {@link #restateOnNewCycle} looked: the block then opened a cycle file without METADATA
     * (seen: a restatement's CGROUPS block), and once retention had deleted the cycle before it,
     * replay refused the journal. The empty document is rolled back and the segment restated first.
     * Allocates nothing unless it restates.
     */
    private DocumentContext writingDocument()
    {
        DocumentContext dc = appender.writingDocument();
        while (lastCycle != NO_CYCLE && appender.cycle() != lastCycle)
        {
            dc.rollbackOnClose();
            dc.close();
            restateSegment();
            dc = appender.writingDocument();
        }
        return dc;
    }

    /**
     * Chronicle keeps the lowest and highest cycle in metadata.cq4t, and readers start from that
     * lowest cycle: after retention deleted cycle files, list the directory again. Any thread.
     */
    public void refreshDirectoryListing()
    {
        try
        {
            if (!queue.isClosed())
            {
                queue.refreshDirectoryListing();
                return;
            }
        }
        catch (final IllegalStateException closedMeanwhile) // Chronicle's ClosedIllegalStateException
        {
            // fall through: the last retention pass runs once the writer has closed the queue
        }
        try (SingleChronicleQueue writable = SingleChronicleQueueBuilder.single(directory.toFile())
            .rollCycle(rollCycle).build())
        {
            writable.refreshDirectoryListing();
        }
    }

    /**
     * One EVENTS excerpt holding the span as the ring framed it. Allocates nothing.
     * <p>
     * The whole block is written through one address, that of the chunk mapping holding its first
     * byte ({@link #blockAddress}), and no call on Chronicle's bytes that could move their store
     * (and release its mapping) comes between taking that address and the checksum over it.
     * Chronicle's own copies ({@code unsafeWrite}, {@code write(byte[])}) move the store to the next
     * chunk when their first byte lies past the chunk's end, which left a block whose 24-byte header
     * held a chunk boundary outside the store it was sealed through (JournalChunkBoundaryTest).
     */
    @Override
    public void onSpan(final DirectBuffer ring, final int offset, final int length, final int records)
    {
        restateOnNewCycle();
        try (DocumentContext dc = writingDocument())
        {
            try
            {
                final Bytes<?> bytes = dc.wire().bytes();
                final long start = bytes.writePosition();
                final int blockLength = JournalFormat.EVENTS_RECORDS_OFFSET + length;
                if (!reserve(start, start + blockLength + TAIL_RESERVE))
                {
                    dc.rollbackOnClose();
                    throw new JournalFullException(directory);
                }
                final long address = blockAddress(bytes, start, blockLength);
                noReadahead(bytes);
                final UnsafeBuffer block = this.block;
                block.wrap(address, blockLength);
                block.putInt(JournalFormat.BLOCK_TYPE_OFFSET, JournalFormat.BLOCK_EVENTS, LITTLE_ENDIAN);
                block.putInt(JournalFormat.BLOCK_CHECKSUM_OFFSET, 0, LITTLE_ENDIAN); // sealed below
                block.putLong(JournalFormat.EVENTS_FIRST_RECORD_OFFSET, eventsJournaled.get(), LITTLE_ENDIAN);
                block.putInt(JournalFormat.EVENTS_COUNT_OFFSET, records, LITTLE_ENDIAN);
                block.putInt(JournalFormat.EVENTS_COUNT_OFFSET + Integer.BYTES, 0, LITTLE_ENDIAN);
                block.putBytes(JournalFormat.EVENTS_RECORDS_OFFSET, ring, offset, length);
                checksum.seal(address, blockLength);
                block.wrap(0, 0); // the address is not used past here
                bytes.writeSkip(blockLength); // the store holds [start, start + blockLength): it stays
                writePosition.lazySet(start + blockLength);
            }
            catch (final JournalFullException ex)
            {
                throw ex;
            }
            catch (final RuntimeException | Error ex) // e.g. SIGBUS on a full disk: never commit a partial excerpt
            {
                dc.rollbackOnClose();
                throw ex;
            }
        }
        eventsJournaled.lazySet(eventsJournaled.get() + records);
        bytesJournaled.lazySet(bytesJournaled.get() + length);
    }

    /** {@link #writeSummary(long, long, long)} for a journal without gap records. */
    public void writeSummary(final long eventsSubmitted, final long eventsDropped)
    {
        writeSummary(eventsSubmitted, eventsDropped, 0);
    }

    /**
     * The SUMMARY block: events journaled (the records journaled less the gap records among them),
     * the BPF counters, and the gap records.
     *
     * @param gapRecords gap records among the records journaled: the BPF programs' and the capture's.
     */
    public void writeSummary(final long eventsSubmitted, final long eventsDropped, final long gapRecords)
    {
        restateOnNewCycle();
        try (DocumentContext dc = writingDocument())
        {
            final Wire wire = dc.wire();
            final long start = beginBlock(wire.bytes(), JournalFormat.BLOCK_SUMMARY);
            wire.write(JournalFormat.SUMMARY_EVENTS_JOURNALED).int64(eventsJournaled.get() - gapRecords);
            wire.write(JournalFormat.SUMMARY_EVENTS_SUBMITTED).int64(eventsSubmitted);
            wire.write(JournalFormat.SUMMARY_EVENTS_DROPPED).int64(eventsDropped);
            wire.write(JournalFormat.SUMMARY_GAP_RECORDS).int64(gapRecords);
            seal(wire.bytes(), start);
        }
    }

    /**
     * Hands the writer to the calling thread: Chronicle appenders check they stay on one thread,
     * and the capture moves the writer from its main thread to the drain thread and back.
     */
    public void claimForCurrentThread()
    {
        appender.singleThreadedCheckReset();
    }

    /**
     * CGROUPS blocks: cgroup id to path, for replay's container ids; split so no excerpt grows large
     * (replay maps each excerpt in one piece).
     */
    public void writeCgroups(final Map<Long, String> cgroups)
    {
        restateOnNewCycle();
        this.cgroups.putAll(cgroups);
        writeTable(JournalFormat.BLOCK_CGROUPS, cgroups, (bytes, id) -> bytes.writeLong(id));
    }

    /**
     * PROCESSES blocks: host pid to executable, for processes running before the capture began.
     */
    public void writeProcesses(final Map<Integer, String> executables)
    {
        restateOnNewCycle();
        processes.putAll(executables);
        writeTable(JournalFormat.BLOCK_PROCESSES, executables, (bytes, pid) -> bytes.writeInt(pid));
    }

    private <K> void writeTable(final int blockType, final Map<K, String> table, final KeyWriter<K> keyWriter)
    {
        if (table.isEmpty())
        {
            return;
        }
        final Iterator<Map.Entry<K, String>> entries = table.entrySet().iterator();
        do
        {
            try (DocumentContext dc = writingDocument())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                final long start = beginBlock(bytes, blockType);
                final long countPosition = bytes.writePosition();
                bytes.writeInt(0);
                int count = 0;
                while (count < TABLE_ENTRIES_PER_BLOCK && entries.hasNext())
                {
                    final Map.Entry<K, String> entry = entries.next();
                    final byte[] text = entry.getValue().getBytes(StandardCharsets.UTF_8);
                    keyWriter.write(bytes, entry.getKey());
                    bytes.writeInt(text.length);
                    bytes.write(text);
                    count++;
                }
                bytes.writeInt(countPosition, count);
                seal(bytes, start);
            }
        }
        while (entries.hasNext());
    }

    /**
     * Block type and a checksum placeholder, after a best-effort reservation: these blocks are
     * written at start, at a roll and at stop, into the tail EVENTS blocks keep reserved.
     *
     * @return the block's first file offset, for {@link #seal}.
     */
    private long beginBlock(final Bytes<?> bytes, final int blockType)
    {
        noReadahead(bytes);
        final long start = bytes.writePosition();
        reserve(start, start + TAIL_RESERVE);
        bytes.writeInt(blockType);
        bytes.writeInt(0);
        return start;
    }

    /**
     * Readahead off on each chunk Chronicle maps, once, before the first block is written into it
     * ({@link JournalReadahead}: with it on, the writer's own faults zero-filled the file's holes
     * ahead of it, most of the drain's time on this machine kind). Allocates nothing.
     */
    private void noReadahead(final Bytes<?> bytes)
    {
        final Object store = bytes.bytesStore();
        if (store != advisedStore)
        {
            advisedStore = store;
            if (store instanceof NativeBytesStore)
            {
                final NativeBytesStore<?> mapped = (NativeBytesStore<?>)store;
                JournalReadahead.disable(mapped.address, mapped.realCapacity());
            }
        }
    }

    /**
     * Checksum the block from start to the write position, as it lies in the mapped file. The wire
     * may have left the store on a later chunk (a byte-array copy starting past a chunk's end moves
     * it on: a table block with a boundary at byte 4 or 8 did), so the address is taken again for the
     * block's start; Chronicle maps that chunk again if it let it go.
     */
    private void seal(final Bytes<?> bytes, final long start)
    {
        final long length = bytes.writePosition() - start;
        checksum.seal(blockAddress(bytes, start, length), (int)length);
        writePosition.lazySet(start + length);
    }

    /**
     * The address of a block's first byte in a mapping that holds the whole block, valid while
     * {@code bytes} stay on their store: the bytes hold a reference on the store they point at
     * (Chronicle unmaps a chunk once no bytes or queue hold it), and they move on only when a read
     * or write falls outside it, which no access inside the block checked here does.
     * <p>
     * Chronicle maps a cycle file in chunks (64 MiB by default), each mapping running a quarter chunk
     * (16 MiB) past the chunk's end. {@code addressForWrite(start)} moves the store to the chunk
     * holding start when start lies outside the current chunk proper (before it, or in its overlap),
     * so the mapping then reaches at least an overlap past start: any block up to 16 MiB (spans are
     * at most 256 KiB) lies in it. Allocates nothing; maps a chunk only when the store had moved.
     *
     * @throws IllegalStateException when the block does not fit the mapping (longer than the overlap):
     *                               before anything of an EVENTS block is written.
     */
    private static long blockAddress(final Bytes<?> bytes, final long start, final long length)
    {
        final long address = bytes.addressForWrite(start);
        if (length > Integer.MAX_VALUE || !bytes.bytesStore().inside(start, length))
        {
            throw new IllegalStateException("a journal block of " + length + " bytes at offset " + start +
                " does not fit Chronicle's mapping of the chunk holding its start");
        }
        return address;
    }

    /**
     * @param position the block's start: nothing is written below it yet, and nothing there is zeroed.
     * @return false when the disk is full; allocates nothing.
     */
    private boolean reserve(final long position, final long end)
    {
        reservation.onCycle(appender.cycle(), currentFileOnNewCycle());
        if (reservation.isReserved(end))
        {
            return true;
        }
        if (reservation.reserve(position, Math.max(end, end - TAIL_RESERVE + RESERVE_AHEAD)))
        {
            reservedEnd.lazySet(diskTight ? 0 : reservation.reservedEnd());
            return true;
        }
        // Less than RESERVE_AHEAD left on the disk: the pretoucher stops (on a nearly full ext4 its
        // touches faulted even in reserved pages), and the writer reserves what each span needs.
        diskTight = true;
        reservedEnd.lazySet(0);
        return reservation.reserve(position, end);
    }


    /** The appender's file once per cycle (Chronicle's currentFile() allocates). */
    private java.io.File currentFileOnNewCycle()
    {
        final int cycle = appender.cycle();
        if (cycle == reservedCycle)
        {
            return null;
        }
        reservedCycle = cycle;
        return appender.currentFile();
    }

    @FunctionalInterface
    private interface KeyWriter<K>
    {
        void write(Bytes<?> bytes, K key);
    }

    /**
     * @return records journaled so far, gap records included; from another thread, possibly a span
     *         behind the writer.
     */
    public long eventsJournaled()
    {
        return eventsJournaled.get();
    }

    /** @return the file offset after the last block written (where the next excerpt's header goes), for tests. */
    long writePosition()
    {
        return writePosition.get();
    }

    /** @return the size of the chunks Chronicle maps the cycle file in (page aligned), for tests. */
    long chunkSize()
    {
        return queue.blockSize();
    }

    /** @return bytes journaled so far; from another thread, possibly a span behind the writer. */
    public long bytesJournaled()
    {
        return bytesJournaled.get();
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            pretoucher.stop();
            LockSupport.unpark(pretoucherThread);
            try
            {
                pretoucherThread.join(1000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            appender.close();
            queue.close();
            reservation.close();
        }
    }
}
