package io.ringcap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalTables;
import io.ringcap.ring.RingBufferReader;
import io.ringcap.ring.SimulatedRingBuffer;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.MqNotifyLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal writer against the replay reader, no kernel: what capture writes, replay reads back. */
class JournalWriterTest
{
    @TempDir
    Path temp;

    @Test
    void spansTablesAndSummaryReadBackExactly() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final SimulatedRingBuffer ring = new SimulatedRingBuffer(1 << 16);
        final RingBufferReader reader = ring.newReader(EventHeaderLayout.LENGTH);
        final Map<Long, String> cgroups = new LinkedHashMap<>();
        for (long id = 1; id <= 2500; id++)
        {
            cgroups.put(id, "/system.slice/unit-" + id + ".scope");
        }

        try (JournalWriter writer = new JournalWriter(journal))
        {
            writer.writeMetadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, "host-a", "6.18.0", 1_000L, "tracepoint", 1 << 16, 42, "host"));
            writer.writeCgroups(cgroups); // more than one block's worth
            writer.writeProcesses(Map.of(7, "/usr/bin/seven"));
            for (int i = 0; i < 100; i++)
            {
                final UnsafeBuffer record = record(1000 + i);
                ring.write(record, 0, record.capacity());
                if (i % 30 == 29)
                {
                    reader.poll(writer, Integer.MAX_VALUE);
                }
            }
            while (reader.poll(writer, Integer.MAX_VALUE) > 0)
            {
                // drain
            }
            assertEquals(100, writer.eventsJournaled());
            writer.writeSummary(100, 3);
        }

        final List<Integer> tids = new ArrayList<>();
        try (JournalReader replay = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            assertEquals(100, replay.forEachRecord((buffer, offset, length) -> tids.add(header.wrap(buffer, offset).hostTid())));
            final JournalTables tables = replay.tables();
            assertEquals(2500, tables.cgroupCount());
            assertEquals("/system.slice/unit-2500.scope", tables.cgroupPath(2500));
            assertEquals("/usr/bin/seven", tables.executable(7));
            assertEquals("host-a", replay.metadata().hostName());
            assertEquals(1_000L, replay.metadata().bootToWallNs());
            assertEquals(100, replay.summary().eventsJournaled());
            assertEquals(100, replay.summary().eventsSubmitted());
            assertEquals(3, replay.summary().eventsDropped());
        }
        for (int i = 0; i < 100; i++)
        {
            assertEquals(1000 + i, tids.get(i), "in ring order");
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
        try (Stream<Path> files = Files.list(journal))
        {
            final List<Path> all = files.toList();
            assertFalse(all.isEmpty());
            for (final Path file : all)
            {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            }
        }
    }

    private static UnsafeBuffer record(final int tid)
    {
        final UnsafeBuffer record = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH]);
        record.putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, (short)EventType.MQ_NOTIFY, ByteOrder.LITTLE_ENDIAN);
        record.putShort(EventHeaderLayout.SIZE_OFFSET, (short)MqNotifyLayout.LENGTH, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.HOST_PID_OFFSET, 7, ByteOrder.LITTLE_ENDIAN);
        record.putInt(EventHeaderLayout.HOST_TID_OFFSET, tid, ByteOrder.LITTLE_ENDIAN);
        return record;
    }
}
