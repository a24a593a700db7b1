package io.ringcap.replay.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.RecordBuilder;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.RingRecordFraming;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalReaderTest
{
    private static final long BOOT_TO_WALL_NS = 1_732_254_337_000_000_000L;

    @TempDir
    Path dir;

    /** Journals assertTableCorrupt made so far, each in its own directory under dir. */
    private int tableJournals;

    @Test
    void readsMetadataWrittenAsCaptureWritesIt()
    {
        final JournalMetadata written = TestJournalWriter.metadata(BOOT_TO_WALL_NS);
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(written);
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            final JournalMetadata read = reader.metadata();
            assertEquals(JournalFormat.FORMAT_VERSION, read.formatVersion());
            assertEquals("build-7", read.hostName());
            assertEquals("6.18.44-test", read.kernelRelease());
            assertEquals(BOOT_TO_WALL_NS, read.bootToWallNs());
            assertEquals("tracepoint", read.attachMethod());
            assertEquals(16L * 1024 * 1024, read.ringSize());
            assertEquals(31337, read.capturePid());
            assertEquals("./mq_notify_cases", read.target());
            assertEquals(written, read);
            assertEquals(0, reader.forEachRecord((buffer, offset, length) -> { }));
            assertNull(reader.summary());
        }
    }

    @Test
    void metadataFieldsAreFoundByNameAndUnknownOnesSkipped()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(wire ->
            {
                wire.write(JournalFormat.META_TARGET).text("host");
                wire.write("addedByANewerCapture").text("ignored");
                wire.write(JournalFormat.META_CAPTURE_PID).int32(7);
                wire.write(JournalFormat.META_RING_SIZE).int64(4096);
                wire.write(JournalFormat.META_ATTACH_METHOD).text("fentry");
                wire.write(JournalFormat.META_BOOT_TO_WALL_NS).int64(-5);
                wire.write(JournalFormat.META_KERNEL_RELEASE).text("6.1.0");
                wire.write(JournalFormat.META_HOST_NAME).text("h");
                wire.write(JournalFormat.META_FORMAT_VERSION).int32(JournalFormat.FORMAT_VERSION);
            });
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(new JournalMetadata(JournalFormat.FORMAT_VERSION, "h", "6.1.0", -5, "fentry", 4096, 7, "host"),
                reader.metadata());
        }
    }

    @Test
    void rejectsAnotherFormatVersion()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(wire -> wire.write(JournalFormat.META_FORMAT_VERSION).int32(1));
        }

        final JournalException ex = assertThrows(JournalException.class, () -> JournalReader.open(dir));
        assertEquals("journal " + dir + " has format version 1, but this replay reads version " + JournalFormat.FORMAT_VERSION + " only: " +
            "replay it with the ringcap that captured it", ex.getMessage());
    }

    @Test
    void rejectsMetadataWithoutAField()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(wire ->
            {
                wire.write(JournalFormat.META_FORMAT_VERSION).int32(JournalFormat.FORMAT_VERSION);
                wire.write(JournalFormat.META_HOST_NAME).text("h");
            });
        }

        final JournalException ex = assertThrows(JournalException.class, () -> JournalReader.open(dir));
        assertOneLine(ex.getMessage());
        assertTrue(ex.getMessage().endsWith("the METADATA block has no kernelRelease field"), ex.getMessage());
    }

    @Test
    void deliversRecordsInOrderSkippingDiscardedOnesAndPadding()
    {
        final RingSpan first = new RingSpan()
            .record(new MqNotifyRecord().pid(1).build())
            .discarded(new UnsafeBuffer(new byte[13]))    // 13 bytes: padded to 16 after its header
            .record(new MqNotifyRecord().pid(2).build());
        final RingSpan second = new RingSpan()
            .discarded(new MqNotifyRecord().pid(99).build())
            .record(new MqNotifyRecord().pid(3).build());
        writeJournal(first, second);

        final List<String> seen = new ArrayList<>();
        final EventHeaderDecoder header = new EventHeaderDecoder();
        try (JournalReader reader = JournalReader.open(dir))
        {
            final long records = reader.forEachRecord((buffer, offset, length) ->
                seen.add(header.wrap(buffer, offset).pid() + "@" + offset + "/" + length));

            assertEquals(3, records);
            final int second1 = JournalFormat.EVENTS_RECORDS_OFFSET + RingRecordFraming.HEADER_LENGTH;
            final int afterDiscard = second1 + MqNotifyLayout.LENGTH + RingRecordFraming.HEADER_LENGTH + 16;
            assertEquals(List.of(
                "1@" + second1 + "/232",
                "2@" + (afterDiscard + RingRecordFraming.HEADER_LENGTH) + "/232",
                "3@" + (second1 + MqNotifyLayout.LENGTH + RingRecordFraming.HEADER_LENGTH) + "/232"), seen);

            seen.clear();
            assertEquals(3, reader.forEachRecord((buffer, offset, length) -> seen.add("again")), "walks again");
            assertEquals(3, seen.size());
            assertEquals(new JournalSummary(3, 4, 1), reader.summary());
        }
    }

    @Test
    void summaryIsNullWhenCaptureDidNotFinish()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .events(new RingSpan().record(new MqNotifyRecord().build()));
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertNull(reader.summary(), "summary before the walk");
            assertEquals(1, reader.forEachRecord((buffer, offset, length) -> { }));
            assertNull(reader.summary());
        }
    }

    @Test
    void readsAJournalOfAnotherRollCycle()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir, RollCycles.FAST_HOURLY))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .events(new RingSpan().record(new MqNotifyRecord().build()).record(new MqNotifyRecord().build()))
                .summary(2, 2, 0);
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(2, reader.forEachRecord((buffer, offset, length) -> { }));
            assertEquals(new JournalSummary(2, 2, 0), reader.summary());
        }
    }

    @Test
    void tablesAreReadFromTheWholeJournalBeforeAnyRecord()
    {
        final UnsafeBuffer inContainer = new MqNotifyRecord().cgroupId(FormatterFixtures.CONTAINER_CGROUP_ID).build();
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .cgroups(FormatterFixtures.cgroups())
                .processes(FormatterFixtures.processes())
                .events(new RingSpan().record(inContainer))
                .cgroups(FormatterFixtures.cgroupsAtStop())  // capture names cgroups made during it at its stop
                .summary(1, 1, 0);
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<String> seen = new ArrayList<>();
            final EventHeaderDecoder header = new EventHeaderDecoder();
            assertEquals(1, reader.forEachRecord((buffer, offset, length) ->
                seen.add(reader.tables().containerId(header.wrap(buffer, offset).cgroupId()))));
            assertEquals(List.of(FormatterFixtures.CONTAINER_ID), seen, "the event sees the cgroup named after it");

            final JournalTables tables = reader.tables();
            assertEquals(3, tables.cgroupCount());
            assertEquals("/", tables.cgroupPath(1));
            assertEquals(FormatterFixtures.SESSION_CGROUP, tables.cgroupPath(RecordBuilder.CGROUP_ID));
            assertEquals("", tables.containerId(RecordBuilder.CGROUP_ID));
            assertEquals(FormatterFixtures.CONTAINER_ID, tables.containerId(FormatterFixtures.CONTAINER_CGROUP_ID));
            assertTrue(tables.hasContainers());
            assertNull(tables.cgroupPath(99));
            assertEquals("", tables.containerId(99));
            assertEquals(2, tables.processCount());
            assertEquals(FormatterFixtures.OLD_PROCESS_EXECUTABLE, tables.executable(FormatterFixtures.OLD_PROCESS_PID));
            assertEquals("/bin/bash", tables.executable(RecordBuilder.HOST_PID));
            assertNull(tables.executable(99));
            assertEquals(new JournalSummary(1, 1, 0), reader.summary());
        }
    }

    @Test
    void laterTableEntriesReplaceEarlierOnes()
    {
        final String container = "/docker/" + FormatterFixtures.CONTAINER_ID;
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .cgroups(Map.of(7L, container, 8L, "/init.scope"))
                .processes(Map.of(10, "/bin/old", 11, "/bin/kept"))
                .cgroups(Map.of(7L, "/user.slice", 8L, container))
                .processes(Map.of(10, "/bin/newé"))
                .cgroups(Map.of())
                .processes(Map.of());
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            final JournalTables tables = reader.tables();
            assertEquals("/user.slice", tables.cgroupPath(7));
            assertEquals("", tables.containerId(7), "no longer a container's");
            assertEquals(FormatterFixtures.CONTAINER_ID, tables.containerId(8));
            assertEquals("/bin/newé", tables.executable(10));
            assertEquals("/bin/kept", tables.executable(11));
            assertEquals(0, reader.forEachRecord((buffer, offset, length) -> { }));
            assertSame(tables, reader.tables(), "read once");
        }
    }

    @Test
    void aJournalWithoutTablesHasEmptyOnes()
    {
        writeJournal(new RingSpan().record(new MqNotifyRecord().build()));

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(0, reader.tables().cgroupCount());
            assertEquals(0, reader.tables().processCount());
            assertFalse(reader.tables().hasContainers());
        }
    }

    @Test
    void corruptTablesAreOneLineNamingExcerptAndOffset()
    {
        // CGROUPS: count 2, one whole entry (id 5, "/a"), then a cut-off one
        assertTableCorrupt(table(JournalFormat.BLOCK_CGROUPS, 2, entry(8, 5, "/a"), new byte[] {1, 2, 3}),
            "offset 26: CGROUPS entry 1 of 2 is cut off: 3 bytes left in the 29-byte block");
        assertTableCorrupt(table(JournalFormat.BLOCK_CGROUPS, 1, withPathLength(entry(8, 5, "/a"), 8, 3)),
            "offset 20: CGROUPS entry 0 of 1 has a path of 3 bytes, but 2 bytes are left in the 26-byte block");
        assertTableCorrupt(table(JournalFormat.BLOCK_CGROUPS, 1, withPathLength(entry(8, 5, "/a"), 8, -1)),
            "offset 20: CGROUPS entry 0 of 1 has a path of -1 bytes, but 2 bytes are left in the 26-byte block");
        assertTableCorrupt(table(JournalFormat.BLOCK_CGROUPS, -1), "offset 8: negative CGROUPS entry count -1");
        assertTableCorrupt(table(JournalFormat.BLOCK_CGROUPS, 0, new byte[] {9}),
            "offset 12: 1 bytes follow the 0 entries of the 13-byte CGROUPS block");
        assertTableCorrupt(intsLittleEndian(JournalFormat.BLOCK_PROCESSES, 0),
            "offset 0: a PROCESSES block of 8 bytes is shorter than its 12-byte header");
        assertTableCorrupt(table(JournalFormat.BLOCK_PROCESSES, 1, withPathLength(entry(4, 10, "/bin/x"), 4, 1000)),
            "offset 16: PROCESSES entry 0 of 1 has a path of 1000 bytes, but 6 bytes are left in the 26-byte block");
        assertTableCorrupt(table(JournalFormat.BLOCK_PROCESSES, Integer.MAX_VALUE, entry(4, 10, "/bin/x")),
            "offset 26: PROCESSES entry 1 of 2147483647 is cut off: 0 bytes left in the 26-byte block");
    }

    @Test
    void aCorruptTableStopsTheWalkBeforeItsFirstRecord()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .events(new RingSpan().record(new MqNotifyRecord().build()))
                .sealed(table(JournalFormat.BLOCK_CGROUPS, 1));
        }

        final List<Integer> delivered = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            final JournalException ex = assertThrows(JournalException.class,
                () -> reader.forEachRecord((buffer, offset, length) -> delivered.add(offset)));
            assertOneLine(ex.getMessage());
            assertTrue(ex.getMessage().contains("excerpt 2 "), ex.getMessage());
            assertMessageEnds(ex, "offset 12: CGROUPS entry 0 of 1 is cut off: 0 bytes left in the 12-byte block");
        }
        assertEquals(List.of(), delivered);
    }

    private void assertTableCorrupt(final byte[] block, final String suffix)
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir.resolve(Integer.toString(tableJournals))))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS)).sealed(block);
        }
        final Path journal = dir.resolve(Integer.toString(tableJournals++));
        try (JournalReader reader = JournalReader.open(journal))
        {
            final JournalException ex = assertThrows(JournalException.class, reader::tables);
            assertOneLine(ex.getMessage());
            assertTrue(ex.getMessage().startsWith("corrupt journal " + journal + ": excerpt 1 (index 0x"),
                ex.getMessage());
            assertMessageEnds(ex, suffix);
        }
    }

    /** A table block: type, count, then the entries' bytes as given. */
    private static byte[] table(final int blockType, final int count, final byte[]... entries)
    {
        int length = 3 * Integer.BYTES;
        for (final byte[] entry : entries)
        {
            length += entry.length;
        }
        final ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(blockType).putInt(0).putInt(count); // the checksum is sealed by TestJournalWriter.sealed
        for (final byte[] entry : entries)
        {
            buffer.put(entry);
        }
        return buffer.array();
    }

    /** One entry: a key of keyLength bytes (int64 cgroup id or int32 pid), int32 n, n bytes. */
    private static byte[] entry(final int keyLength, final long key, final String path)
    {
        final byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final ByteBuffer buffer = ByteBuffer.allocate(keyLength + Integer.BYTES + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        if (keyLength == Long.BYTES)
        {
            buffer.putLong(key);
        }
        else
        {
            buffer.putInt((int)key);
        }
        return buffer.putInt(bytes.length).put(bytes).array();
    }

    private static byte[] withPathLength(final byte[] entry, final int keyLength, final int pathLength)
    {
        ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN).putInt(keyLength, pathLength);
        return entry;
    }

    @Test
    void recordLengthPastTheBlockIsReportedWithExcerptAndOffset()
    {
        final UnsafeBuffer record = new MqNotifyRecord().build();
        final RingSpan span = new RingSpan()
            .record(record)
            .rawRecord(4096, record, MqNotifyLayout.LENGTH);
        final List<Integer> delivered = new ArrayList<>();

        final JournalException ex = assertCorrupt(2, span, delivered);
        assertEquals("corrupt journal " + dir + ": excerpt 1 (index " + indexHex(ex) + "), offset 264: " +
            "ring record length 4096 runs past the end of the 504-byte block", ex.getMessage());
        assertEquals(List.of(JournalFormat.EVENTS_RECORDS_OFFSET + 8), delivered, "the good record before it was delivered");
    }

    @Test
    void busyRecordIsCorrupt()
    {
        final UnsafeBuffer record = new MqNotifyRecord().build();
        final RingSpan span = new RingSpan().rawRecord(MqNotifyLayout.LENGTH | RingRecordFraming.BUSY_BIT, record,
            MqNotifyLayout.LENGTH);

        assertMessageEnds(assertCorrupt(1, span, new ArrayList<>()),
            "offset 24: a ring record is marked BUSY (reserved but never committed)");
    }

    @Test
    void recordCountMustMatch()
    {
        final RingSpan span = new RingSpan()
            .record(new MqNotifyRecord().build())
            .discarded(new MqNotifyRecord().build())
            .record(new MqNotifyRecord().build());

        assertMessageEnds(assertCorrupt(3, span, new ArrayList<>()),
            "offset 16: the EVENTS block declares 3 records but holds 2");
    }

    @Test
    void negativeRecordCountIsCorrupt()
    {
        assertMessageEnds(assertCorrupt(-1, new RingSpan(), new ArrayList<>()), "offset 16: negative record count -1");
    }

    @Test
    void headerSizeMustBeTheTypesLength()
    {
        final RingSpan span = new RingSpan().record(new MqNotifyRecord().size(100).build());

        assertMessageEnds(assertCorrupt(1, span, new ArrayList<>()),
            "offset 32: rc_header.size is 100 but a mq_notify record is 232 bytes");
    }

    @Test
    void ringLengthMustBeTheHeaderSize()
    {
        final UnsafeBuffer longer = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH + 8]);
        longer.putBytes(0, new MqNotifyRecord().build(), 0, MqNotifyLayout.LENGTH);
        final RingSpan span = new RingSpan().record(longer);

        assertMessageEnds(assertCorrupt(1, span, new ArrayList<>()),
            "offset 32: the ring record holds 240 bytes but rc_header.size is 232");
    }

    @Test
    void recordShorterThanAHeaderIsCorrupt()
    {
        final RingSpan span = new RingSpan().record(new UnsafeBuffer(new byte[EventHeaderLayout.LENGTH - 8]));

        assertMessageEnds(assertCorrupt(1, span, new ArrayList<>()),
            "offset 32: a record of 88 bytes is shorter than the 96-byte rc_header");
    }

    @Test
    void unknownEventTypeIsCorrupt()
    {
        final RingSpan span = new RingSpan().record(new MqNotifyRecord().eventType(77).build());

        assertMessageEnds(assertCorrupt(1, span, new ArrayList<>()), "offset 32: unknown event type 77");
        assertEquals(-1, EventType.recordLength(77), "77 must stay unknown for this test");
    }

    @Test
    void cutOffRingHeaderIsCorrupt()
    {
        final RingSpan span = new RingSpan().record(new MqNotifyRecord().build()).rawBytes(new byte[4]);

        assertMessageEnds(assertCorrupt(1, span, new ArrayList<>()),
            "offset 264: a ring record header is cut off: 4 bytes left in the 268-byte block");
    }

    @Test
    void eventsBlockShorterThanItsHeaderIsDamageOfUnknownSize()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS)).sealed(intsLittleEndian(JournalFormat.BLOCK_EVENTS, 0))
                .events(new RingSpan().record(new MqNotifyRecord().build()));
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(1, reader.forEachRecord((buffer, offset, length) -> { }));
            assertEquals(1, reader.damage().size(), reader.damage().toString());
            assertEquals("offset 0: an EVENTS block of 8 bytes is shorter than its 24-byte header",
                reader.damage().get(0).reason());
            assertEquals(-1, reader.damage().get(0).recordsLost(), "its record count is not there to tell");
        }
    }

    @Test
    void anExcerptTooShortForABlockIsSkippedAndReportedAsDamage()
    {
        assertOneDamagedExcerpt(new byte[] {1, 2}, "an excerpt of 2 bytes is too short for a block");
    }

    @Test
    void aBlockOfUnknownTypeIsSkippedAndReportedAsDamage()
    {
        assertOneDamagedExcerpt(intsLittleEndian(0x12345678, 0), "unknown block type 0x12345678");
    }

    @Test
    void aBlockWhoseChecksumFailsIsSkippedAndReportedAsDamage()
    {
        final byte[] unsealed = intsLittleEndian(JournalFormat.BLOCK_CGROUPS, 0x0badc0de, 0);
        assertOneDamagedExcerpt(unsealed, "checksum mismatch");
    }

    @Test
    void recordsMissingWithoutDamagedBytesAreReported()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .events(new RingSpan().record(new MqNotifyRecord().build()))
                .skipRecords(5)
                .events(new RingSpan().record(new MqNotifyRecord().build()))
                .summary(7, 7, 0);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(2, reader.forEachRecord((buffer, offset, length) -> { }));
            assertEquals(1, reader.damage().size(), reader.damage().toString());
            final JournalDamage damage = reader.damage().get(0);
            assertEquals("records missing before this block, no damaged bytes found", damage.reason());
            assertEquals(5, damage.recordsLost());
            assertEquals(damage.from(), damage.to());
        }
    }

    /**
     * METADATA, an EVENTS block of one record, the damaged excerpt, an EVENTS block of two, SUMMARY:
     * three records delivered, one damaged region reported at the damaged excerpt's index, no record lost.
     */
    private void assertOneDamagedExcerpt(final byte[] excerpt, final String reason)
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .events(new RingSpan().record(new MqNotifyRecord().build()))
                .raw(excerpt)
                .events(new RingSpan().record(new MqNotifyRecord().build()).record(new MqNotifyRecord().build()))
                .summary(3, 3, 0);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(3, reader.forEachRecord((buffer, offset, length) -> { }));
            assertEquals(1, reader.damage().size(), reader.damage().toString());
            final JournalDamage damage = reader.damage().get(0);
            assertEquals(reason, damage.reason());
            assertEquals(2, damage.index() & 0xFFFFFFFFL, "the damaged excerpt is the journal's third");
            assertEquals(0, damage.recordsLost());
            assertEquals(damage.from() + ((Integer.BYTES + excerpt.length + 3) & ~3), damage.to(),
                "the damaged region is the excerpt, its header included");
            assertEquals(3, reader.summary().eventsJournaled());
        }
    }

    @Test
    void blockAfterTheSummaryIsCorrupt()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .summary(0, 0, 0)
                .events(new RingSpan().record(new MqNotifyRecord().build()));
        }

        final JournalException ex = walkExpectingFailure();
        assertTrue(ex.getMessage().contains("excerpt 2 "), ex.getMessage());
        assertMessageEnds(ex, "a block follows the SUMMARY block, which must be last");
    }

    @Test
    void aSinceSeekInAJournalOfSeveralSegmentsWalksFromTheStartSoEachSegmentKeepsItsClock()
    {
        final long secondBootToWall = BOOT_TO_WALL_NS + 86_400_000_000_000L;
        final JournalMetadata second = new JournalMetadata(JournalFormat.FORMAT_VERSION, "build-8", "6.18.44-test",
            secondBootToWall, "tracepoint", 16L * 1024 * 1024, 31338, "./mq_cases");
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .events(new RingSpan().record(new MqNotifyRecord().mqdes(1).build()))
                .summary(1, 1, 0)
                .metadata(second)
                .events(new RingSpan().record(new MqNotifyRecord().mqdes(2).build()))
                .events(new RingSpan().record(new MqNotifyRecord().mqdes(3).build()))
                .summary(2, 2, 0);
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.seekSince(secondBootToWall); // a time inside the second segment's clock
            final List<String> seen = new ArrayList<>();
            reader.forEachRecord(
                (buffer, offset, length) -> seen.add("mqdes " +
                    buffer.getInt(offset + MqNotifyLayout.MQDES_OFFSET, ByteOrder.LITTLE_ENDIAN)),
                (segment, metadata) -> seen.add("segment " + segment + " " + metadata.target()));
            assertEquals(0, reader.walkStartExcerpt(), "no seek past a segment's METADATA");
            assertEquals(List.of("segment 1 ./mq_notify_cases", "mqdes 1", "segment 2 ./mq_cases", "mqdes 2", "mqdes 3"),
                seen);
        }
    }

    @Test
    void eachSegmentIsReadWithItsOwnMetadataAndAKilledOneHasNoSummary()
    {
        final long secondBootToWall = BOOT_TO_WALL_NS + 86_400_000_000_000L;
        final JournalMetadata second = new JournalMetadata(JournalFormat.FORMAT_VERSION, "build-8", "6.18.44-test",
            secondBootToWall, "tracepoint", 16L * 1024 * 1024, 31338, "./mq_cases");
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))       // segment 1: killed, no summary
                .events(new RingSpan().record(new MqNotifyRecord().mqdes(1).build()))
                .metadata(second)                                                 // segment 2: clean
                .events(new RingSpan().record(new MqNotifyRecord().mqdes(2).build()))
                .metadata(wire ->                                                 // a new cycle file's restatement
                {
                    wire.write(JournalFormat.META_FORMAT_VERSION).int32(second.formatVersion());
                    wire.write(JournalFormat.META_HOST_NAME).text(second.hostName());
                    wire.write(JournalFormat.META_KERNEL_RELEASE).text(second.kernelRelease());
                    wire.write(JournalFormat.META_BOOT_TO_WALL_NS).int64(second.bootToWallNs());
                    wire.write(JournalFormat.META_ATTACH_METHOD).text(second.attachMethod());
                    wire.write(JournalFormat.META_RING_SIZE).int64(second.ringSize());
                    wire.write(JournalFormat.META_CAPTURE_PID).int32(second.capturePid());
                    wire.write(JournalFormat.META_TARGET).text(second.target());
                    wire.write(JournalFormat.META_CONTINUES).int32(1);
                })
                .events(new RingSpan().record(new MqNotifyRecord().mqdes(3).build()))
                .summary(2, 2, 1);
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<String> seen = new ArrayList<>();
            final long[] bootToWall = {0};
            final long records = reader.forEachRecord(
                (buffer, offset, length) -> seen.add(bootToWall[0] + ":" +
                    buffer.getInt(offset + MqNotifyLayout.MQDES_OFFSET, ByteOrder.LITTLE_ENDIAN)),
                (segment, metadata) ->
                {
                    seen.add("segment " + segment + " " + metadata.target());
                    bootToWall[0] = metadata.bootToWallNs();
                });
            assertEquals(3, records);
            assertEquals(List.of("segment 1 ./mq_notify_cases", BOOT_TO_WALL_NS + ":1",
                "segment 2 ./mq_cases", secondBootToWall + ":2", secondBootToWall + ":3"), seen);
            assertEquals(List.of(
                new JournalSegment(1, TestJournalWriter.metadata(BOOT_TO_WALL_NS), 1, null),
                new JournalSegment(2, second, 2, new JournalSummary(2, 2, 1))), reader.segments());
            assertEquals(new JournalSummary(2, 2, 1), reader.summary(), "totals of the segments' summaries");
            assertEquals(TestJournalWriter.metadata(BOOT_TO_WALL_NS), reader.metadata());
        }
    }

    @Test
    void replayReportsEachSegmentWithoutASummaryAndTheTotals()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .events(new RingSpan().record(new MqNotifyRecord().build()).record(new MqNotifyRecord().build()))
                .metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS + 1))
                .events(new RingSpan().record(new MqNotifyRecord().build()))
                .summary(1, 3, 2)
                .metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS + 2))
                .events(new RingSpan().record(new MqNotifyRecord().build()))
                .summary(1, 1, 0);
        }

        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final int exit = ReplayCommand.run(new String[] {"--journal", dir.toString()},
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err, true));
        assertEquals(ReplayCommand.EXIT_OK, exit);
        assertEquals(List.of("segment 1 ended without a summary (capture killed?); 2 events read",
            "4 events replayed from " + dir + " (3 segments; journaled 2, dropped 2; 1 without a summary)"),
            err.toString().lines().toList());
    }

    @Test
    void aRestatedMetadataAfterTheSummaryIsCorrupt()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS))
                .summary(0, 0, 0)
                .metadata(wire ->
                {
                    wire.write(JournalFormat.META_FORMAT_VERSION).int32(JournalFormat.FORMAT_VERSION);
                    wire.write(JournalFormat.META_HOST_NAME).text("h");
                    wire.write(JournalFormat.META_KERNEL_RELEASE).text("k");
                    wire.write(JournalFormat.META_BOOT_TO_WALL_NS).int64(1);
                    wire.write(JournalFormat.META_ATTACH_METHOD).text("tracepoint");
                    wire.write(JournalFormat.META_RING_SIZE).int64(4096);
                    wire.write(JournalFormat.META_CAPTURE_PID).int32(1);
                    wire.write(JournalFormat.META_TARGET).text("host");
                    wire.write(JournalFormat.META_CONTINUES).int32(1);
                });
        }

        assertMessageEnds(walkExpectingFailure(), "a block follows the SUMMARY block, which must be last");
    }

    @Test
    void firstBlockMustBeMetadata()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.events(new RingSpan().record(new MqNotifyRecord().build()));
        }

        final JournalException ex = assertThrows(JournalException.class, () -> JournalReader.open(dir));
        assertOneLine(ex.getMessage());
        assertTrue(ex.getMessage().startsWith("corrupt journal " + dir + ": excerpt 0 (index 0x"), ex.getMessage());
        assertMessageEnds(ex, "offset 0: the first block is of type 0x52434531, not METADATA: not a ringcap journal");
    }

    @Test
    void missingDirectory()
    {
        final Path missing = dir.resolve("nope");
        final JournalException ex = assertThrows(JournalException.class, () -> JournalReader.open(missing));
        assertEquals("journal directory " + missing + " does not exist", ex.getMessage());
    }

    @Test
    void fileInsteadOfDirectory() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("file"), "x");
        final JournalException ex = assertThrows(JournalException.class, () -> JournalReader.open(file));
        assertEquals(file + " is not a directory: a journal is a directory", ex.getMessage());
    }

    @Test
    void emptyDirectoryAndOtherFilesAreNotAJournal() throws Exception
    {
        final String expected = dir + " is not a journal: it holds no Chronicle Queue .cq4 files";
        assertEquals(expected, assertThrows(JournalException.class, () -> JournalReader.open(dir)).getMessage());

        Files.writeString(dir.resolve("notes.txt"), "not a queue");
        assertEquals(expected, assertThrows(JournalException.class, () -> JournalReader.open(dir)).getMessage());
    }

    @Test
    void garbageQueueFileIsNotAJournal() throws Exception
    {
        Files.write(dir.resolve("20261122.cq4"), "this is not a queue file, just text\n".repeat(200).getBytes());

        final JournalException ex = assertThrows(JournalException.class, () -> JournalReader.open(dir));
        assertOneLine(ex.getMessage());
        assertTrue(ex.getMessage().startsWith(dir + " is not a readable Chronicle Queue journal: "), ex.getMessage());
    }

    private void writeJournal(final RingSpan... spans)
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS));
            int records = 0;
            for (final RingSpan span : spans)
            {
                writer.events(span);
                records += span.deliveredRecords();
            }
            writer.summary(records, records + 1, 1);
        }
    }

    /**
     * A block whose checksum holds but whose content is wrong: the records before the fault are
     * delivered, the rest is one damaged region naming the offset; returned as the line replay
     * prints, less its prefix, to compare.
     */
    private JournalException assertCorrupt(final int declaredCount, final RingSpan span, final List<Integer> delivered)
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(TestJournalWriter.metadata(BOOT_TO_WALL_NS)).events(declaredCount, span).summary(1, 1, 0);
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            final long records = reader.forEachRecord((buffer, offset, length) -> delivered.add(offset));
            assertEquals(delivered.size(), records);
            assertEquals(1, reader.damage().size(), reader.damage().toString());
            final JournalDamage damage = reader.damage().get(0);
            assertEquals(1, damage.index() & 0xFFFFFFFFL, "the EVENTS block is excerpt 1");
            assertEquals(declaredCount >= records ? declaredCount - records : -1, damage.recordsLost());
            final String message = "corrupt journal " + dir + ": excerpt 1 (index 0x" + Long.toHexString(damage.index()) +
                "), " + damage.reason();
            assertOneLine(message);
            return new JournalException(message);
        }
    }

    private JournalException walkExpectingFailure()
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            final JournalException ex = assertThrows(JournalException.class,
                () -> reader.forEachRecord((buffer, offset, length) -> { }));
            assertOneLine(ex.getMessage());
            return ex;
        }
    }

    private static String indexHex(final JournalException ex)
    {
        final String message = ex.getMessage();
        final int start = message.indexOf("(index ") + "(index ".length();
        final String index = message.substring(start, message.indexOf(')', start));
        assertTrue(index.matches("0x[0-9a-f]+"), index);
        return index;
    }

    private static void assertMessageEnds(final JournalException ex, final String suffix)
    {
        assertTrue(ex.getMessage().endsWith(suffix), () -> "message: " + ex.getMessage());
    }

    private static void assertOneLine(final String message)
    {
        assertFalse(message.contains("\n"), message);
        assertFalse(message.isBlank());
    }

    private static byte[] intsLittleEndian(final int... values)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (final int value : values)
        {
            buffer.putInt(value);
        }
        return buffer.array();
    }
}
