package io.ringcap.journal;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.RingRecordFraming;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks that straddle the chunks Chronicle maps a cycle file in. Chronicle's MappedBytes moves its
 * store to the next chunk as soon as a copy's first byte lies past the current chunk's end (in its
 * overlap), so a block whose first bytes are in one chunk and whose payload starts in the next was
 * left outside the store the writer checksummed it through. Before the fix every EVENTS block with
 * a chunk boundary in (start, start + 24] threw "not mapped contiguously" (about one 264-byte
 * excerpt in eleven that crossed a boundary), and so did a CGROUPS block with one at +4 or +8.
 * Here the writer is steered so that boundaries fall at chosen offsets in chosen blocks, then the
 * journal is replayed record by record.
 */
class JournalChunkBoundaryTest
{
    private static final int PAYLOAD = MqNotifyLayout.LENGTH;
    private static final int FRAMED = RingRecordFraming.alignedRecordLength(PAYLOAD);
    private static final int EXCERPT_HEADER = Integer.BYTES; // Chronicle's length word
    private static final int BLOCK_HEADER = JournalFormat.EVENTS_RECORDS_OFFSET;
    private static final int SPAN_CAPACITY = 256 * 1024;
    /** Where a boundary falls, from the block's first byte: -4 is the excerpt's header, 0..23 the block header. */
    private static final int[] SMALL_CHUNK_OFFSETS = {-4, 0, 4, 8, 12, 16, 20, 24, 28, 32, 240, 1000};

    @TempDir
    Path temp;

    /**
     * 1 MiB chunks (256 KiB overlap): a boundary at every 4-byte offset of the EVENTS header and
     * around it, from a heap ring buffer and from a direct one, then a CGROUPS block and the SUMMARY
     * across boundaries; every record replays with its content.
     */
    @Test
    void blocksAcrossSmallChunksAtEveryHeaderOffsetSealAndReplay()
    {
        final Path journal = temp.resolve("journal");
        final Steering steering;
        try (JournalWriter writer = new JournalWriter(journal, RollCycles.FAST_DAILY, null, 1 << 20))
        {
            assertEquals(1 << 20, writer.chunkSize());
            writer.writeMetadata(metadata());
            steering = new Steering(writer, 16 * 1024);
            for (final boolean direct : new boolean[] {false, true})
            {
                for (final int offset : SMALL_CHUNK_OFFSETS)
                {
                    steering.eventsAcross(offset, 5, direct);
                }
            }
            // Table blocks with a boundary in their header (at 4 and 8 Chronicle's copy of the entry's
            // text from a byte array left the store on the next chunk) and at the text's first byte.
            steering.cgroupsAcross(4, 501, "/kubepods/burstable/pod-4");
            steering.cgroupsAcross(8, 502, "/kubepods/burstable/pod-8");
            steering.cgroupsAcross(24, 503, "/kubepods/burstable/pod-24");
            steering.eventsAcross(8, 1, true);
            steering.summaryAcross(8);
        }
        steering.replayAndCheck(journal, Map.of(501L, "/kubepods/burstable/pod-4", 502L, "/kubepods/burstable/pod-8",
            503L, "/kubepods/burstable/pod-24"));
    }

    /**
     * Chronicle's default chunks (64 MiB, 16 MiB overlap), written and read: the reader maps the
     * file in the same chunks, so the replay meets each straddling block where the writer did.
     */
    @Test
    void blocksAcrossDefaultChunksReplayThroughTheTailer()
    {
        final Path journal = temp.resolve("journal");
        final Steering steering;
        try (JournalWriter writer = new JournalWriter(journal))
        {
            assertEquals(64L << 20, writer.chunkSize());
            writer.writeMetadata(metadata());
            steering = new Steering(writer, SPAN_CAPACITY);
            steering.eventsAcross(12, 1, false);  // inside the EVENTS header: the benchmark's failure
            steering.eventsAcross(24, 1, true);   // the payload starts on the boundary
            steering.cgroupsAcross(24, 77, "/system.slice/boundary.scope");
            steering.eventsAcross(-4, 3, true);   // the excerpt's header starts on the boundary
            steering.eventsAcross(100_000, (SPAN_CAPACITY - 8) / FRAMED, false); // mid-payload of a full span
            steering.summaryAcross(16);
        }
        steering.replayAndCheck(journal, Map.of(77L, "/system.slice/boundary.scope"));
    }

    private static JournalMetadata metadata()
    {
        return new JournalMetadata(JournalFormat.FORMAT_VERSION, "host-b", "6.18.0", 1_000L, "tracepoint", 1 << 20, 42, "host");
    }

    /** The record numbered seq: an mq_notify whose every byte past rc_header's type and size depends on seq. */
    static void fillRecord(final UnsafeBuffer buffer, final int offset, final long seq)
    {
        for (int i = 0; i < PAYLOAD; i++)
        {
            buffer.putByte(offset + i, (byte)(seq * 131 + i * 7 + (seq >>> 8)));
        }
        buffer.putShort(offset + EventHeaderLayout.EVENT_TYPE_OFFSET, (short)EventType.MQ_NOTIFY, LITTLE_ENDIAN);
        buffer.putShort(offset + EventHeaderLayout.SIZE_OFFSET, (short)PAYLOAD, LITTLE_ENDIAN);
        buffer.putLong(offset + EventHeaderLayout.ENTRY_NS_OFFSET, seq, LITTLE_ENDIAN);
    }

    /**
     * Writes filler EVENTS blocks until the next block starts where a chunk boundary falls at the
     * wanted offset in it, then that block; remembers every record for the replay.
     */
    private static final class Steering
    {
        private final JournalWriter writer;
        private final long chunk;
        private final int maxFillerSpan;
        private final UnsafeBuffer heapSpan = new UnsafeBuffer(new byte[SPAN_CAPACITY]);
        private final UnsafeBuffer directSpan = new UnsafeBuffer(ByteBuffer.allocateDirect(SPAN_CAPACITY));
        private final List<String> crossings = new ArrayList<>();
        private long records;
        private long summaryEvents;

        Steering(final JournalWriter writer, final int maxFillerSpan)
        {
            this.writer = writer;
            this.chunk = writer.chunkSize();
            this.maxFillerSpan = maxFillerSpan;
        }

        /** An EVENTS block of count records with a chunk boundary at offset from its first byte. */
        void eventsAcross(final int offset, final int count, final boolean direct)
        {
            final int span = count * FRAMED;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                final long start = steerTo(offset);
                if (start < 0)
                {
                    continue;
                }
                final UnsafeBuffer buffer = direct ? directSpan : heapSpan;
                writeSpan(buffer, 0, count);
                final long actualStart = writer.writePosition() - BLOCK_HEADER - span;
                if (actualStart == start)
                {
                    crossings.add("EVENTS+" + offset + (direct ? " direct" : " heap"));
                    return;
                }
            }
            fail("could not place an EVENTS block across a boundary at +" + offset);
        }

        void cgroupsAcross(final int offset, final long id, final String path)
        {
            final int length = JournalFormat.TABLE_ENTRIES_OFFSET + Long.BYTES + Integer.BYTES +
                path.getBytes(StandardCharsets.UTF_8).length;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                final long start = steerTo(offset);
                if (start < 0)
                {
                    continue;
                }
                writer.writeCgroups(Map.of(id, path));
                if (writer.writePosition() - length == start)
                {
                    crossings.add("CGROUPS+" + offset);
                    return;
                }
            }
            fail("could not place a CGROUPS block across a boundary at +" + offset);
        }

        void summaryAcross(final int offset)
        {
            final long start = steerTo(offset);
            assertTrue(start >= 0, "steered to the SUMMARY's boundary");
            summaryEvents = records;
            writer.writeSummary(records, 0);
            assertTrue(writer.writePosition() > start + offset, "the SUMMARY reaches past the boundary");
            crossings.add("SUMMARY+" + offset);
        }

        /**
         * Fillers until the next block starts `offset` bytes before a chunk boundary.
         *
         * @return that block's start, or -1 when Chronicle put something else in the way.
         */
        private long steerTo(final int offset)
        {
            final long next = nextBlockStart();
            // the first boundary far enough ahead to fill up to with whole filler excerpts
            final long boundary = (next + offset + 2 * maxFillerSpan) / chunk * chunk + chunk;
            final long start = boundary - offset;
            while (true)
            {
                final long gap = start - nextBlockStart();
                if (gap == 0)
                {
                    return start;
                }
                // A filler excerpt takes 4 + 24 + L bytes, L a multiple of 8 of at least 8, so each
                // filler turns the gap's residue mod 8 from 4 to 0 or back: one that cannot close
                // the gap leaves room for two more (residue 0) or for one (residue 4).
                final long last = gap - EXCERPT_HEADER - BLOCK_HEADER;
                final int align = RingRecordFraming.ALIGNMENT;
                final long fill;
                if (last % align == 0 && last >= align && last <= maxFillerSpan)
                {
                    fill = last;
                }
                else if (last % align == 0 && last > maxFillerSpan)
                {
                    fill = Math.min(maxFillerSpan, last - 2 * (EXCERPT_HEADER + BLOCK_HEADER + align));
                }
                else if (last % align == Integer.BYTES && last - (EXCERPT_HEADER + BLOCK_HEADER + align) >= align)
                {
                    fill = Math.min(maxFillerSpan, last - (EXCERPT_HEADER + BLOCK_HEADER + align));
                }
                else
                {
                    return -1; // no fillers fit: Chronicle wrote something of its own in the way
                }
                writeFiller((int)fill);
            }
        }

        /** Where the next block would start: Chronicle puts excerpt headers on 4-byte boundaries. */
        private long nextBlockStart()
        {
            return (writer.writePosition() + Integer.BYTES - 1 & -Integer.BYTES) + EXCERPT_HEADER;
        }

        /** A span of `length` bytes: real records, then one discarded ring record for the rest. */
        private void writeFiller(final int length)
        {
            final int count = length / FRAMED;
            final int rest = length - count * FRAMED;
            fillRecords(heapSpan, 0, count);
            if (rest > 0)
            {
                heapSpan.putInt(count * FRAMED + RingRecordFraming.LENGTH_OFFSET,
                    (rest - RingRecordFraming.HEADER_LENGTH) | RingRecordFraming.DISCARD_BIT, LITTLE_ENDIAN);
                heapSpan.putInt(count * FRAMED + 4, 0, LITTLE_ENDIAN);
            }
            writer.onSpan(heapSpan, 0, length, count);
        }

        private void writeSpan(final UnsafeBuffer buffer, final int offset, final int count)
        {
            fillRecords(buffer, offset, count);
            writer.onSpan(buffer, offset, count * FRAMED, count);
        }

        private void fillRecords(final UnsafeBuffer buffer, final int offset, final int count)
        {
            for (int i = 0; i < count; i++)
            {
                final int at = offset + i * FRAMED;
                buffer.putInt(at + RingRecordFraming.LENGTH_OFFSET, PAYLOAD, LITTLE_ENDIAN);
                buffer.putInt(at + 4, 0, LITTLE_ENDIAN);
                fillRecord(buffer, at + RingRecordFraming.HEADER_LENGTH, records++);
            }
        }

        void replayAndCheck(final Path journal, final Map<Long, String> cgroups)
        {
            final UnsafeBuffer expected = new UnsafeBuffer(new byte[PAYLOAD]);
            final long[] seen = {0};
            try (JournalReader replay = JournalReader.open(journal))
            {
                final long delivered = replay.forEachRecord((DirectBuffer buffer, int offset, int length) ->
                {
                    assertEquals(PAYLOAD, length, "record " + seen[0]);
                    fillRecord(expected, 0, seen[0]);
                    for (int i = 0; i < PAYLOAD; i++)
                    {
                        if (expected.getByte(i) != buffer.getByte(offset + i))
                        {
                            fail("record " + seen[0] + " differs at byte " + i);
                        }
                    }
                    seen[0]++;
                });
                assertEquals(List.of(), replay.damage(), "no damage reported");
                assertEquals(records, delivered, "records replayed");
                assertEquals(records, seen[0]);
                assertEquals(summaryEvents, replay.summary().eventsJournaled());
                // The tailer read to the end: no block sent the walk to its damaged-file scan.
                assertEquals(replay.excerptCount(), replay.excerptsRead(), "excerpts read through Chronicle's tailer");
                for (final Map.Entry<Long, String> entry : cgroups.entrySet())
                {
                    assertEquals(entry.getValue(), replay.tables().cgroupPath(entry.getKey()));
                }
            }
            assertTrue(crossings.size() > 0);
            System.out.println("JournalChunkBoundaryTest: " + records + " records, blocks across boundaries: " + crossings);
        }
    }
}
