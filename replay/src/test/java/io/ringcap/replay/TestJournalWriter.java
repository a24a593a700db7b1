package io.ringcap.replay;

import io.ringcap.wire.JournalChecksum;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;

/**
 * Writes journals for tests the way capture writes them (see {@link JournalFormat}): each excerpt
 * the 8-byte block header (block type, CRC32C sealed last), then binary-wire fields (METADATA,
 * SUMMARY), the first record number, a count and a span of ring-framed records (EVENTS), or a
 * count and table entries (CGROUPS, PROCESSES, byte for byte as capture's JournalWriter writes them).
 * {@link #raw} writes an excerpt unsealed: damage by construction.
 */
public final class TestJournalWriter implements AutoCloseable
{
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final JournalChecksum checksum = new JournalChecksum();
    private long recordsInSegment;

    private TestJournalWriter(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.appender = queue.createAppender();
    }

    public static TestJournalWriter create(final Path directory)
    {
        return new TestJournalWriter(SingleChronicleQueueBuilder.single(directory.toFile()).build());
    }

    public static TestJournalWriter create(final Path directory, final RollCycle rollCycle)
    {
        return new TestJournalWriter(
            SingleChronicleQueueBuilder.single(directory.toFile()).rollCycle(rollCycle).build());
    }

    /**
     * As {@link #create(Path, RollCycle)}, on a clock the test sets: a journal of several cycle
     * files written in milliseconds (advance the clock a cycle's length between blocks).
     */
    public static TestJournalWriter create(final Path directory, final RollCycle rollCycle, final TimeProvider clock)
    {
        return new TestJournalWriter(
            SingleChronicleQueueBuilder.single(directory.toFile()).rollCycle(rollCycle).timeProvider(clock).build());
    }

    public static JournalMetadata metadata(final long bootToWallNs)
    {
        return new JournalMetadata(JournalFormat.FORMAT_VERSION, "build-7", "6.18.44-test", bootToWallNs,
            "tracepoint", 16L * 1024 * 1024, 31337, "./mq_notify_cases");
    }

    /** A CGROUPS block: int32 count, then per entry int64 id, int32 n, n bytes of UTF-8 path. */
    public TestJournalWriter cgroups(final Map<Long, String> cgroups)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = begin(bytes, JournalFormat.BLOCK_CGROUPS);
            bytes.writeInt(cgroups.size());
            for (final Map.Entry<Long, String> cgroup : cgroups.entrySet())
            {
                final byte[] path = cgroup.getValue().getBytes(StandardCharsets.UTF_8);
                bytes.writeLong(cgroup.getKey());
                bytes.writeInt(path.length);
                bytes.write(path);
            }
            seal(bytes, start);
        }
        return this;
    }

    /** A PROCESSES block: int32 count, then per entry int32 host pid, int32 n, n bytes of UTF-8 path. */
    public TestJournalWriter processes(final Map<Integer, String> executables)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = begin(bytes, JournalFormat.BLOCK_PROCESSES);
            bytes.writeInt(executables.size());
            for (final Map.Entry<Integer, String> process : executables.entrySet())
            {
                final byte[] path = process.getValue().getBytes(StandardCharsets.UTF_8);
                bytes.writeInt(process.getKey());
                bytes.writeInt(path.length);
                bytes.write(path);
            }
            seal(bytes, start);
        }
        return this;
    }

    /** METADATA with every field, in the order JournalFormat lists them, as capture writes it. */
    public TestJournalWriter metadata(final JournalMetadata metadata)
    {
        recordsInSegment = 0; // a new segment numbers its records from 0
        return metadata(wire -> writeFields(wire, metadata, false));
    }

    /**
     * The segment's METADATA restated at the start of a new cycle file ({@link JournalFormat#META_CONTINUES}),
     * as capture writes it after each roll: the segment goes on, its records keep their numbering.
     */
    public TestJournalWriter restatedMetadata(final JournalMetadata metadata)
    {
        return metadata(wire -> writeFields(wire, metadata, true));
    }

    private static void writeFields(final Wire wire, final JournalMetadata metadata, final boolean continues)
    {
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
    }

    /** METADATA with whatever fields the test writes. */
    public TestJournalWriter metadata(final Consumer<Wire> fields)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final long start = begin(dc.wire().bytes(), JournalFormat.BLOCK_METADATA);
            fields.accept(dc.wire());
            seal(dc.wire().bytes(), start);
        }
        return this;
    }

    /** An EVENTS block declaring the span's own count of delivered records. */
    public TestJournalWriter events(final RingSpan span)
    {
        return events(span.deliveredRecords(), span);
    }

    /** An EVENTS block declaring any count. */
    public TestJournalWriter events(final int declaredCount, final RingSpan span)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = begin(bytes, JournalFormat.BLOCK_EVENTS);
            bytes.writeLong(recordsInSegment);
            bytes.writeInt(declaredCount);
            bytes.writeInt(0);
            bytes.write(span.bytes());
            seal(bytes, start);
        }
        recordsInSegment += declaredCount;
        return this;
    }

    public TestJournalWriter summary(final long journaled, final long submitted, final long dropped)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final long start = begin(dc.wire().bytes(), JournalFormat.BLOCK_SUMMARY);
            dc.wire().write(JournalFormat.SUMMARY_EVENTS_JOURNALED).int64(journaled);
            dc.wire().write(JournalFormat.SUMMARY_EVENTS_SUBMITTED).int64(submitted);
            dc.wire().write(JournalFormat.SUMMARY_EVENTS_DROPPED).int64(dropped);
            seal(dc.wire().bytes(), start);
        }
        return this;
    }

    /** A summary as the capture writes it when the journal holds gap records. */
    public TestJournalWriter summary(final long journaled, final long submitted, final long dropped, final long gapRecords)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final long start = begin(dc.wire().bytes(), JournalFormat.BLOCK_SUMMARY);
            dc.wire().write(JournalFormat.SUMMARY_EVENTS_JOURNALED).int64(journaled);
            dc.wire().write(JournalFormat.SUMMARY_EVENTS_SUBMITTED).int64(submitted);
            dc.wire().write(JournalFormat.SUMMARY_EVENTS_DROPPED).int64(dropped);
            dc.wire().write(JournalFormat.SUMMARY_GAP_RECORDS).int64(gapRecords);
            seal(dc.wire().bytes(), start);
        }
        return this;
    }

    /**
     * An excerpt of the given bytes with a valid checksum: a block whose content is wrong although
     * nothing damaged it (a writer's bug); at least the 8-byte block header.
     */
    public TestJournalWriter sealed(final byte[] excerpt)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.writePosition();
            bytes.write(excerpt);
            seal(bytes, start);
        }
        return this;
    }

    /** Skip record numbers, as if the blocks holding them were never written. */
    public TestJournalWriter skipRecords(final long records)
    {
        recordsInSegment += records;
        return this;
    }

    private static long begin(final Bytes<?> bytes, final int blockType)
    {
        final long start = bytes.writePosition();
        bytes.writeInt(blockType);
        bytes.writeInt(0);
        return start;
    }

    private void seal(final Bytes<?> bytes, final long start)
    {
        checksum.seal(bytes.addressForWrite(start), (int)(bytes.writePosition() - start));
    }

    /** An excerpt of arbitrary bytes, unsealed: a damaged block unless by chance its checksum fits. */
    public TestJournalWriter raw(final byte[] excerpt)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(excerpt);
        }
        return this;
    }

    public void close()
    {
        appender.close();
        queue.close();
    }
}
