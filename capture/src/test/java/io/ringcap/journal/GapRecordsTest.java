package io.ringcap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSummary;
import io.ringcap.ring.RingBufferReader;
import io.ringcap.ring.SimulatedRingBuffer;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventHeaderRecord;
import io.ringcap.wire.EventType;
import io.ringcap.wire.GapLayout;
import io.ringcap.wire.GapRecord;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.MqNotifyLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gap records capture writes at stop, no kernel: framed as the ring frames them, with the fields
 * rc_report_gap sets and zeros elsewhere; the summary counts them apart from events.
 */
class GapRecordsTest
{
    @TempDir
    Path temp;

    @Test
    void gapRecordsAtStopReadBackAsTheBpfProgramsWriteThem()
    {
        final Path journal = temp.resolve("journal");
        final SimulatedRingBuffer ring = new SimulatedRingBuffer(1 << 12);
        final RingBufferReader reader = ring.newReader(EventHeaderLayout.LENGTH);
        try (JournalWriter writer = new JournalWriter(journal))
        {
            writer.writeMetadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, "h", "6.18.0", 0, "tracepoint",
                1 << 12, 1, "host"));
            final UnsafeBuffer event = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH]);
            event.putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, (short)EventType.MQ_NOTIFY, ByteOrder.LITTLE_ENDIAN);
            event.putShort(EventHeaderLayout.SIZE_OFFSET, (short)MqNotifyLayout.LENGTH, ByteOrder.LITTLE_ENDIAN);
            ring.write(event, 0, event.capacity());
            reader.poll(writer, Integer.MAX_VALUE);

            final UnsafeBuffer span = new UnsafeBuffer(new byte[2 * GapRecords.FRAMED_LENGTH + 8]);
            span.setMemory(0, span.capacity(), (byte)0x5a); // whatever was there before is overwritten
            int length = GapRecords.write(span, 0, 0, 7, 1_000, 2_000, 3_000);
            length += GapRecords.write(span, length, 1, 5, 1_500, 1_600, 3_000);
            assertEquals(2 * 128, length, "120-byte records, 8-byte ring header, 8-byte aligned");
            writer.onSpan(span, 0, length, 2);
            writer.writeSummary(1, 12, 2);
        }

        final List<String> records = new ArrayList<>();
        final EventHeaderRecord header = new EventHeaderRecord();
        final GapRecord gap = new GapRecord();
        try (JournalReader replay = JournalReader.open(journal))
        {
            replay.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.eventType() != EventType.GAP)
                {
                    records.add(EventType.name(header.eventType()));
                    return;
                }
                assertEquals(GapLayout.LENGTH, length);
                assertEquals(GapLayout.LENGTH, header.size());
                for (int at = EventHeaderLayout.RETVAL_OFFSET; at < EventHeaderLayout.LENGTH; at++)
                {
                    assertEquals(0, buffer.getByte(offset + at), "no task in a gap's header: byte " + at);
                }
                assertEquals(0, header.flags());
                gap.wrap(buffer, offset);
                records.add("gap cpu=" + header.cpu() + " dropped=" + gap.dropped() + " first=" + gap.firstNs() +
                    " last=" + gap.lastNs() + " entry=" + header.entryNs() + " exit=" + header.exitNs());
            });
            assertEquals(new JournalSummary(1, 1, 12, 2), replay.summary(), "events journaled: gaps not counted");
        }
        assertEquals(List.of("mq_notify",
            "gap cpu=0 dropped=7 first=1000 last=2000 entry=1000 exit=3000",
            "gap cpu=1 dropped=5 first=1500 last=1600 entry=1500 exit=3000"), records);
    }
}
