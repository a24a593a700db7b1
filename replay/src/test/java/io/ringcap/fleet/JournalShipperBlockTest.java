package io.ringcap.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.Records;
import io.ringcap.replay.RingSpan;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.RingRecordFraming;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The time a shipped EVENTS block carries (its Kafka record timestamp, what --since seeks by) is the
 * latest entry of the records replay would deliver from it: DISCARDed ones are not records, and a
 * length that runs past the block ends the walk.
 */
class JournalShipperBlockTest
{
    @Test
    void theLatestEntryOfTheDeliveredRecordsNotOfADiscardedOne()
    {
        final RingSpan span = new RingSpan()
            .record(new MqNotifyRecord().entryNs(100).build())
            .discarded(new MqNotifyRecord().entryNs(999).build())
            .record(new Records.MqOpen().entryNs(300).build())
            .record(new Records.Gap().entryNs(200).build());
        assertEquals(300, JournalShipper.latestEntryNs(block(span)));
    }

    @Test
    void aLengthPastTheBlockEndsTheWalk()
    {
        final UnsafeBuffer late = new MqNotifyRecord().entryNs(500).build();
        final RingSpan span = new RingSpan()
            .record(new MqNotifyRecord().entryNs(100).build())
            .rawRecord(late.capacity() + 4096, late, late.capacity());
        assertEquals(100, JournalShipper.latestEntryNs(block(span)), "the record whose length runs past is not read");
    }

    @Test
    void aBlockWithoutRecordsHasNoTime()
    {
        assertEquals(Long.MIN_VALUE, JournalShipper.latestEntryNs(block(new RingSpan())));
        assertEquals(Long.MIN_VALUE, JournalShipper.latestEntryNs(new byte[JournalFormat.EVENTS_RECORDS_OFFSET - 1]));
        final RingSpan cut = new RingSpan().rawBytes(new byte[RingRecordFraming.HEADER_LENGTH - 1]);
        assertEquals(Long.MIN_VALUE, JournalShipper.latestEntryNs(block(cut)), "a header cut off");
    }

    private static byte[] block(final RingSpan span)
    {
        final byte[] records = span.bytes();
        final byte[] block = new byte[JournalFormat.EVENTS_RECORDS_OFFSET + records.length];
        System.arraycopy(records, 0, block, JournalFormat.EVENTS_RECORDS_OFFSET, records.length);
        return block;
    }
}
