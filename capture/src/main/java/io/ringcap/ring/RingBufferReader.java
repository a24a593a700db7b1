package io.ringcap.ring;

import io.ringcap.wire.RingRecordFraming;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The consumer side of a BPF ring buffer (kernel/bpf/ringbuf.c, libbpf src/ringbuf.c), written
 * over Agrona buffers so one poll allocates nothing.
 * <p>
 * Protocol: read our own consumer_pos; read producer_pos with acquire; walk records while
 * {@code pos < producer_pos}, reading each 8-byte header with acquire; stop at the first BUSY
 * (reserved, not committed) record; hand the committed span to the handler in one call; then
 * publish the new consumer_pos with release, which is what lets the kernel reuse the space.
 * DISCARD records stay inside the span (the handler skips them) so the span stays contiguous.
 * <p>
 * Nothing read from shared memory is trusted: a length that would step past producer_pos or
 * past one ring's worth of data stops the walk with {@link RingBufferCorruptionException},
 * after the records before it were delivered.
 * <p>
 * Single consumer: one thread polls at a time.
 */
public final class RingBufferReader
{
    private static final int CONSUMER_POS_OFFSET = 0;
    private static final int PRODUCER_POS_OFFSET = 0;

    private final AtomicBuffer consumerPage;
    private final AtomicBuffer producerPage;
    private final AtomicBuffer data;
    private final int capacity;
    private final long mask;
    private final int minPayload;

    /**
     * @param consumerPage the read-write page holding consumer_pos.
     * @param producerPage the read-only page holding producer_pos.
     * @param data         the data area, {@code 2 * capacity} bytes: the ring mapped twice in a row.
     * @param capacity     ring size in bytes, a power of two.
     * @param minPayload   the smallest payload a committed record may have (a record header).
     */
    public RingBufferReader(
        final AtomicBuffer consumerPage,
        final AtomicBuffer producerPage,
        final AtomicBuffer data,
        final int capacity,
        final int minPayload)
    {
        if (Integer.bitCount(capacity) != 1 || capacity < RingRecordFraming.HEADER_LENGTH)
        {
            throw new IllegalArgumentException("ring capacity must be a power of two: " + capacity);
        }
        if (data.capacity() < 2L * capacity)
        {
            throw new IllegalArgumentException("data area must hold the ring twice: " + data.capacity());
        }
        this.consumerPage = consumerPage;
        this.producerPage = producerPage;
        this.data = data;
        this.capacity = capacity;
        this.mask = capacity - 1L;
        this.minPayload = minPayload;
    }

    public int capacity()
    {
        return capacity;
    }

    public long consumerPosition()
    {
        return consumerPage.getLongAcquire(CONSUMER_POS_OFFSET);
    }

    public long producerPosition()
    {
        return producerPage.getLongAcquire(PRODUCER_POS_OFFSET);
    }

    /**
     * @return bytes published but not yet consumed (committed or not).
     */
    public long backlog()
    {
        return producerPosition() - consumerPosition();
    }

    /**
     * Delivers at most one span of committed records and releases it.
     *
     * @param handler      receives the span.
     * @param maxSpanBytes stop adding records once the span would exceed this (one record at least).
     * @return bytes consumed, 0 when nothing was committed.
     */
    public int poll(final RingSpanHandler handler, final int maxSpanBytes)
    {
        final long consumer = consumerPage.getLong(CONSUMER_POS_OFFSET); // only this thread writes it
        final long producer = producerPage.getLongAcquire(PRODUCER_POS_OFFSET);
        long position = consumer;
        int records = 0;
        RingBufferCorruptionException corruption = null;
        if (producer - consumer > capacity || producer < consumer)
        {
            throw new RingBufferCorruptionException(consumer, 0,
                "cannot be framed: producer position " + producer + " is not within one ring of it");
        }

        while (position < producer)
        {
            final int offset = (int)(position & mask);
            final int lengthField = data.getIntAcquire(offset + RingRecordFraming.LENGTH_OFFSET);
            if ((lengthField & RingRecordFraming.BUSY_BIT) != 0)
            {
                break;
            }
            final int payload = RingRecordFraming.payloadLength(lengthField);
            final boolean discarded = (lengthField & RingRecordFraming.DISCARD_BIT) != 0;
            final long recordLength = RingRecordFraming.alignedRecordLength(payload);
            if (recordLength > producer - position || recordLength > capacity)
            {
                corruption = new RingBufferCorruptionException(position, lengthField,
                    "runs past the producer position " + producer);
                break;
            }
            if (!discarded && payload < minPayload)
            {
                corruption = new RingBufferCorruptionException(position, lengthField,
                    "is shorter than a record header (" + minPayload + " bytes)");
                break;
            }
            if (position + recordLength - consumer > maxSpanBytes && position > consumer)
            {
                break;
            }
            position += recordLength;
            if (!discarded)
            {
                records++;
            }
        }

        final int consumed = (int)(position - consumer);
        if (consumed > 0)
        {
            handler.onSpan(data, (int)(consumer & mask), consumed, records);
            consumerPage.putLongRelease(CONSUMER_POS_OFFSET, position);
        }
        if (null != corruption)
        {
            throw corruption;
        }
        return consumed;
    }

    /**
     * What the ring still holds, from consumer_pos to producer_pos, as one contiguous span (the data
     * area is mapped twice in a row), without consuming it: after a failure ended the drain, exactly
     * the records the journal does not hold. Framing is not checked here: walk it with
     * {@link io.ringcap.wire.RingRecordCursor}.
     *
     * @param handler receives the span, its record count given as -1 (not counted); not called when empty.
     * @return bytes in the span.
     */
    public int unconsumed(final RingSpanHandler handler)
    {
        final long consumer = consumerPage.getLong(CONSUMER_POS_OFFSET);
        final long producer = producerPage.getLongAcquire(PRODUCER_POS_OFFSET);
        if (producer - consumer > capacity || producer <= consumer)
        {
            return 0;
        }
        final int length = (int)(producer - consumer);
        handler.onSpan(data, (int)(consumer & mask), length, -1);
        return length;
    }
}
