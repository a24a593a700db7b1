package io.ringcap.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ringcap.wire.RingRecordFraming;
import java.time.Duration;
import java.util.SplittableRandom;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Property test over {@link SimulatedRingBuffer} (no kernel): thousands of rings filled from a
 * fixed seed with well-formed records (committed, discarded, still BUSY, wrapping the end) and
 * with what a broken or hostile producer could write (random length words, random producer
 * positions). Whatever the ring holds, the reader
 * <ul>
 * <li>never reads outside the data area (the simulated data area is an {@link UnsafeBuffer} of
 * exactly two rings with bounds checks on: a stray read is an IndexOutOfBoundsException);</li>
 * <li>delivers spans that start at the consumer position, end on a record boundary and stay
 * within [consumer, producer];</li>
 * <li>reports impossible headers as {@link RingBufferCorruptionException} and nothing else;</li>
 * <li>terminates: each poll loop is bounded.</li>
 * </ul>
 * For well-formed rings it must also deliver exactly the committed records before the first BUSY.
 */
class RingBufferReaderFuzzTest
{
    private static final long SEED = 0x5EED_2026_1122L;
    private static final int ITERATIONS = 20_000;
    private static final int MIN_PAYLOAD = 16;

    @Test
    void boundsChecksAreOnSoAStrayReadWouldThrow()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.getInt(6),
            "this test relies on Agrona bounds checks (agrona.disable.bounds.checks must not be set)");
    }

    @Test
    void anyRingContentIsReadInBoundsAndCorruptionIsTheOnlyFailure()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        {
            final SplittableRandom random = new SplittableRandom(SEED);
            final SimulatedRingBuffer[] rings = {
                new SimulatedRingBuffer(4096), new SimulatedRingBuffer(8192), new SimulatedRingBuffer(1 << 16)};
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[1 << 16]);
            for (int i = 0; i < payload.capacity(); i++)
            {
                payload.putByte(i, (byte)random.nextInt());
            }

            int corruptions = 0;
            int wellFormed = 0;
            int wrapped = 0;
            for (int iteration = 0; iteration < ITERATIONS; iteration++)
            {
                final SimulatedRingBuffer ring = rings[random.nextInt(rings.length)];
                final Outcome outcome = fuzzOnce(random, ring, payload, iteration);
                corruptions += outcome.corrupt ? 1 : 0;
                wellFormed += outcome.wellFormed ? 1 : 0;
                wrapped += outcome.wrapped ? 1 : 0;
            }
            // The generator must actually reach the interesting cases.
            assertTrue(corruptions > ITERATIONS / 10, "corruptions exercised: " + corruptions);
            assertTrue(wellFormed > ITERATIONS / 4, "well-formed rings exercised: " + wellFormed);
            assertTrue(wrapped > ITERATIONS / 10, "wrapping spans exercised: " + wrapped);
        });
    }

    private static Outcome fuzzOnce(final SplittableRandom random, final SimulatedRingBuffer ring,
        final UnsafeBuffer payload, final int iteration)
    {
        final int capacity = ring.capacity();
        final long start = startPosition(random, capacity);
        ring.resetPositions(start);

        // Well-formed part: what the kernel could write. Track what the reader must deliver.
        long firstBusy = -1;
        long expectedRecords = 0;
        boolean expectCorrupt = false;
        long expectedEnd = -1;
        final int records = random.nextInt(0, 40);
        final long[] positions = new long[records];
        int written = 0;
        for (int r = 0; r < records; r++)
        {
            final int length = payloadLength(random, capacity);
            final long position = ring.reserve(length);
            if (position < 0)
            {
                break;
            }
            positions[written++] = position;
            ring.putPayload(position, 0, payload, random.nextInt(0, payload.capacity() - length + 1), length);
            final int what = random.nextInt(10);
            if (what == 0)
            {
                if (firstBusy < 0)
                {
                    firstBusy = position;
                }
                continue; // stays BUSY
            }
            if (what == 1)
            {
                ring.discard(position);
            }
            else
            {
                ring.commit(position);
                if (firstBusy < 0 && !expectCorrupt)
                {
                    if (length < MIN_PAYLOAD)
                    {
                        expectCorrupt = true;
                        expectedEnd = position;
                    }
                    else
                    {
                        expectedRecords++;
                    }
                }
            }
        }
        if (!expectCorrupt)
        {
            expectedEnd = firstBusy >= 0 ? firstBusy : ring.producerPosition();
        }

        // Hostile part, on some iterations: random length words and producer positions.
        final int hostility = random.nextInt(4);
        final boolean wellFormed = hostility == 0 || (hostility == 1 && written == 0);
        if (hostility == 1 && written > 0)
        {
            final int rewrites = random.nextInt(1, 4);
            for (int w = 0; w < rewrites; w++)
            {
                ring.putLengthWord(positions[random.nextInt(written)], randomLengthWord(random, capacity));
            }
        }
        else if (hostility == 2)
        {
            ring.putProducerPosition(start + random.nextLong(-2L * capacity, 3L * capacity));
        }
        else if (hostility == 3)
        {
            // Garbage straight after what was written, and a producer position anywhere past it.
            final long at = ring.producerPosition();
            ring.putLengthWord(at, randomLengthWord(random, capacity));
            ring.putProducerPosition(at + 8L * random.nextInt(0, capacity / 8 + 2));
        }

        final long producer = ring.producerPosition();
        final RingBufferReader reader = ring.newReader(MIN_PAYLOAD);
        final CheckingHandler handler = new CheckingHandler(capacity);
        final int maxPolls = capacity / RingRecordFraming.ALIGNMENT + 2;
        boolean corrupt = false;
        boolean wrapped = false;
        long delivered = 0;
        int polls = 0;
        while (true)
        {
            if (++polls > maxPolls)
            {
                fail("iteration " + iteration + ": the reader kept consuming past one ring's worth of data");
            }
            final long consumerBefore = ring.consumerPosition();
            handler.expect(consumerBefore, producer);
            final int maxSpan = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(1, 2 * capacity);
            int consumed;
            try
            {
                consumed = reader.poll(handler, maxSpan);
            }
            catch (final RingBufferCorruptionException ex)
            {
                corrupt = true;
                consumed = (int)(ring.consumerPosition() - consumerBefore);
                assertTrue(ex.position() >= consumerBefore, "iteration " + iteration + ": " + ex.getMessage());
            }
            catch (final Throwable ex)
            {
                throw new AssertionError("iteration " + iteration + " (seed " + SEED +
                    "): the reader threw something other than RingBufferCorruptionException", ex);
            }
            assertTrue(consumed >= 0, "iteration " + iteration);
            final long consumerAfter = ring.consumerPosition();
            assertEquals(consumerBefore + consumed, consumerAfter, "iteration " + iteration + ": consumer advances by what was consumed");
            assertTrue(consumerAfter <= producer || consumed == 0, "iteration " + iteration + ": consumer passed the producer");
            assertEquals(consumed, handler.lastSpanLength, "iteration " + iteration + ": the span is what was consumed");
            if (consumed > 0)
            {
                wrapped |= ((consumerBefore & (capacity - 1)) + consumed) > capacity;
                delivered += handler.lastSpanRecords;
            }
            if (corrupt || consumed == 0)
            {
                break;
            }
        }

        if (wellFormed)
        {
            assertEquals(expectCorrupt, corrupt, "iteration " + iteration + ": corruption reported iff a committed record was too short");
            assertEquals(expectedEnd, ring.consumerPosition(), "iteration " + iteration + ": the reader stops at the first BUSY record or the producer");
            assertEquals(expectedRecords, delivered, "iteration " + iteration + ": every committed record before the first BUSY one");
        }
        return new Outcome(corrupt, wellFormed, wrapped);
    }

    private static long startPosition(final SplittableRandom random, final int capacity)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return 0;
            case 1: // a little before a wrap of the ring
                return capacity * random.nextLong(1, 1L << 20) - 8L * random.nextInt(1, 64);
            case 2: // positions far along, still 8-aligned as the kernel keeps them
                return 8 * random.nextLong(0, 1L << 50);
            default:
                return 8L * random.nextInt(0, 4 * capacity / 8);
        }
    }

    private static int payloadLength(final SplittableRandom random, final int capacity)
    {
        switch (random.nextInt(8))
        {
            case 0:
                return random.nextInt(0, MIN_PAYLOAD); // too short unless discarded
            case 1:
                return random.nextInt(MIN_PAYLOAD, capacity - RingRecordFraming.HEADER_LENGTH + 1); // up to a whole ring
            default:
                return random.nextInt(MIN_PAYLOAD, 400);
        }
    }

    private static int randomLengthWord(final SplittableRandom random, final int capacity)
    {
        switch (random.nextInt(5))
        {
            case 0:
                return random.nextInt(); // any bits, BUSY and DISCARD included
            case 1:
                return random.nextInt(0, 2 * capacity) | (random.nextBoolean() ? RingRecordFraming.DISCARD_BIT : 0);
            case 2:
                return (capacity - random.nextInt(0, 16)) | (random.nextBoolean() ? RingRecordFraming.DISCARD_BIT : 0);
            case 3:
                return 0x3FFF_FFFF | (random.nextBoolean() ? RingRecordFraming.DISCARD_BIT : 0);
            default:
                return random.nextInt(0, 64);
        }
    }

    /** Checks each span independently of the reader: where it starts, its bounds, its framing. */
    private static final class CheckingHandler implements RingSpanHandler
    {
        private final int capacity;
        private long consumer;
        private long producer;
        int lastSpanLength;
        int lastSpanRecords;

        CheckingHandler(final int capacity)
        {
            this.capacity = capacity;
        }

        void expect(final long consumer, final long producer)
        {
            this.consumer = consumer;
            this.producer = producer;
            lastSpanLength = 0;
            lastSpanRecords = 0;
        }

        @Override
        public void onSpan(final DirectBuffer buffer, final int offset, final int length, final int records)
        {
            assertEquals(2 * capacity, buffer.capacity(), "spans come from the data area");
            assertEquals((int)(consumer & (capacity - 1)), offset, "a span starts at the consumer position");
            assertTrue(length > 0 && length <= capacity, "span length " + length);
            assertTrue(offset + length <= buffer.capacity(), "span inside the data area");
            assertTrue(consumer + length <= producer, "span within [consumer, producer]");
            int position = offset;
            int counted = 0;
            while (position < offset + length)
            {
                final int lengthField = buffer.getInt(position);
                assertEquals(0, lengthField & RingRecordFraming.BUSY_BIT, "no BUSY record inside a span");
                final int payload = RingRecordFraming.payloadLength(lengthField);
                if ((lengthField & RingRecordFraming.DISCARD_BIT) == 0)
                {
                    assertTrue(payload >= MIN_PAYLOAD, "delivered record of " + payload + " bytes");
                    counted++;
                }
                position += RingRecordFraming.alignedRecordLength(payload);
            }
            assertEquals(offset + length, position, "the span ends on a record boundary");
            assertEquals(counted, records, "records reported");
            lastSpanLength = length;
            lastSpanRecords = records;
        }
    }

    private record Outcome(boolean corrupt, boolean wellFormed, boolean wrapped)
    {
    }
}
