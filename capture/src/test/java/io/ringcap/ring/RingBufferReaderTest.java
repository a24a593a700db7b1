package io.ringcap.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.wire.RingRecordFraming;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RingBufferReaderTest
{
    private static final int CAPACITY = 4096;
    private static final int MIN_PAYLOAD = 16;

    private final SimulatedRingBuffer ring = new SimulatedRingBuffer(CAPACITY);
    private final RingBufferReader reader = ring.newReader(MIN_PAYLOAD);
    private final Collector collector = new Collector();

    @Test
    void deliversCommittedRecordsInOrderAndReleasesTheirSpace()
    {
        assertTrue(ring.write(payload(1, 24), 0, 24));
        assertTrue(ring.write(payload(2, 120), 0, 120));
        assertTrue(ring.write(payload(3, 17), 0, 17)); // padded to 8

        final int consumed = reader.poll(collector, Integer.MAX_VALUE);

        assertEquals(8 + 24 + 8 + 120 + 8 + 24, consumed);
        assertEquals(1, collector.spans);
        assertEquals(3, collector.recordsReported);
        assertEquals(3, collector.payloads.size());
        assertArrayEquals(bytes(payload(1, 24), 24), collector.payloads.get(0));
        assertArrayEquals(bytes(payload(2, 120), 120), collector.payloads.get(1));
        assertArrayEquals(bytes(payload(3, 17), 17), collector.payloads.get(2));
        assertEquals(ring.producerPosition(), ring.consumerPosition());
        assertEquals(0, reader.poll(collector, Integer.MAX_VALUE));
    }

    @Test
    void busyRecordStopsTheReaderUntilCommitted()
    {
        assertTrue(ring.write(payload(1, 32), 0, 32));
        final long busy = ring.reserve(32);
        ring.putPayload(busy, 0, payload(2, 32), 0, 32);
        assertTrue(ring.write(payload(3, 32), 0, 32)); // committed, but after the BUSY one

        assertEquals(40, reader.poll(collector, Integer.MAX_VALUE));
        assertEquals(1, collector.payloads.size());
        assertEquals(busy, ring.consumerPosition(), "consumer stops at the BUSY record");
        assertEquals(0, reader.poll(collector, Integer.MAX_VALUE), "still BUSY: nothing more");

        ring.commit(busy);
        assertEquals(80, reader.poll(collector, Integer.MAX_VALUE));
        assertEquals(3, collector.payloads.size());
        assertEquals(2, collector.payloads.get(1)[0]);
        assertEquals(3, collector.payloads.get(2)[0]);
    }

    @Test
    void discardedRecordsAreSkippedButTheirSpaceIsReleased()
    {
        assertTrue(ring.write(payload(1, 24), 0, 24));
        final long discarded = ring.reserve(48);
        ring.putPayload(discarded, 0, payload(9, 48), 0, 48);
        ring.discard(discarded);
        assertTrue(ring.write(payload(3, 24), 0, 24));

        assertEquals(32 + 56 + 32, reader.poll(collector, Integer.MAX_VALUE));
        assertEquals(2, collector.recordsReported, "the span's count leaves the DISCARD out");
        assertEquals(2, collector.payloads.size());
        assertEquals(1, collector.payloads.get(0)[0]);
        assertEquals(3, collector.payloads.get(1)[0]);
        assertEquals(ring.producerPosition(), ring.consumerPosition());
    }

    @Test
    void recordThatWrapsTheEndIsReadWhole()
    {
        ring.resetPositions(10L * CAPACITY - 40); // 40 bytes before the end, positions far past one lap
        assertTrue(ring.write(payload(1, 24), 0, 24)); // ends 8 bytes before the end
        assertTrue(ring.write(payload(2, 100), 0, 100)); // header at the last 8 bytes, payload wraps

        assertEquals(32 + 112, reader.poll(collector, Integer.MAX_VALUE));
        assertEquals(2, collector.payloads.size());
        assertArrayEquals(bytes(payload(2, 100), 100), collector.payloads.get(1));
        assertEquals(10L * CAPACITY + 104, ring.consumerPosition());
    }

    @Test
    void lengthRunningPastTheProducerIsReportedNotRead()
    {
        assertTrue(ring.write(payload(1, 24), 0, 24));
        final long bad = ring.producerPosition();
        assertTrue(ring.write(payload(2, 24), 0, 24));
        ring.putLengthWord(bad, 5000); // longer than the ring

        final RingBufferCorruptionException ex =
            assertThrows(RingBufferCorruptionException.class, () -> reader.poll(collector, Integer.MAX_VALUE));

        assertEquals(bad, ex.position());
        assertEquals(5000, ex.lengthField());
        assertTrue(ex.getMessage().contains("position " + bad), ex.getMessage());
        assertEquals(1, collector.payloads.size(), "the good record before it is delivered");
        assertEquals(bad, ring.consumerPosition(), "and released; the corrupt one is not");
    }

    @Test
    void payloadShorterThanARecordHeaderIsReported()
    {
        assertTrue(ring.write(payload(1, 8), 0, 8));

        final RingBufferCorruptionException ex =
            assertThrows(RingBufferCorruptionException.class, () -> reader.poll(collector, Integer.MAX_VALUE));

        assertEquals(0, ex.position());
        assertEquals(0, collector.payloads.size());
        assertEquals(0, ring.consumerPosition());
    }

    @Test
    void producerPositionBeyondOneRingIsReported()
    {
        ring.putProducerPosition(CAPACITY + 8L);

        assertThrows(RingBufferCorruptionException.class, () -> reader.poll(collector, Integer.MAX_VALUE));
        assertEquals(0, collector.spans);
        assertEquals(0, ring.consumerPosition());
    }

    @Test
    void spansAreCappedAtMaxSpanBytes()
    {
        for (int i = 0; i < 10; i++)
        {
            assertTrue(ring.write(payload(i, 56), 0, 56)); // 64 bytes each
        }

        assertEquals(192, reader.poll(collector, 200));
        assertEquals(3, collector.recordsReported);
        assertEquals(448, reader.poll(collector, Integer.MAX_VALUE));
        assertEquals(10, collector.payloads.size());
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i, collector.payloads.get(i)[0]);
        }
    }

    @Test
    void consumerPositionMovesOnlyAfterTheHandlerReturns()
    {
        assertTrue(ring.write(payload(1, 24), 0, 24));
        final long[] seenInside = new long[1];

        reader.poll((buffer, offset, length, records) -> seenInside[0] = ring.consumerPosition(), Integer.MAX_VALUE);

        assertEquals(0, seenInside[0]);
        assertEquals(32, ring.consumerPosition());
    }

    @Test
    void fullRingRefusesReservationsUntilTheReaderReleasesSpace()
    {
        int written = 0;
        while (ring.write(payload(written, 120), 0, 120))
        {
            written++;
        }
        assertEquals(CAPACITY / 128, written);

        reader.poll(collector, Integer.MAX_VALUE);

        assertEquals(written, collector.payloads.size());
        assertTrue(ring.write(payload(0, 120), 0, 120));
    }

    private static UnsafeBuffer payload(final int tag, final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        buffer.putByte(0, (byte)tag);
        for (int i = 1; i < length; i++)
        {
            buffer.putByte(i, (byte)(tag * 31 + i));
        }
        return buffer;
    }

    private static byte[] bytes(final DirectBuffer buffer, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    /** Walks each span with the kernel's framing, as replay does. */
    private static final class Collector implements RingSpanHandler
    {
        final List<byte[]> payloads = new ArrayList<>();
        int spans;
        int recordsReported;

        @Override
        public void onSpan(final DirectBuffer buffer, final int offset, final int length, final int records)
        {
            spans++;
            recordsReported += records;
            int position = offset;
            while (position < offset + length)
            {
                final int lengthField = buffer.getInt(position);
                final int payload = RingRecordFraming.payloadLength(lengthField);
                if ((lengthField & RingRecordFraming.DISCARD_BIT) == 0)
                {
                    final byte[] bytes = new byte[payload];
                    buffer.getBytes(position + RingRecordFraming.HEADER_LENGTH, bytes);
                    payloads.add(bytes);
                }
                position += RingRecordFraming.alignedRecordLength(payload);
            }
            assertEquals(offset + length, position, "span ends on a record boundary");
        }
    }
}
