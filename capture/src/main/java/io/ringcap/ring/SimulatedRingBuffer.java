package io.ringcap.ring;

import io.ringcap.wire.RingRecordFraming;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A BPF ring buffer laid out exactly as the kernel maps it (consumer page, producer page, data
 * area twice in a row), held in process memory with a Java producer. It lets the reader be tested
 * and benchmarked without a kernel: wrap-around, BUSY and DISCARD records, and lengths the kernel
 * would never write.
 * <p>
 * The double mapping is simulated by writing every data byte at both {@code i} and
 * {@code i + capacity}. Single producer, no concurrency: tests drive both sides from one thread.
 */
public final class SimulatedRingBuffer
{
    private final int capacity;
    private final int mask;
    private final UnsafeBuffer consumerPage;
    private final UnsafeBuffer producerPage;
    private final UnsafeBuffer data;

    public SimulatedRingBuffer(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        consumerPage = new UnsafeBuffer(BufferUtil.allocateDirectAligned(RingBufferMapping.PAGE_SIZE, 64));
        producerPage = new UnsafeBuffer(BufferUtil.allocateDirectAligned(RingBufferMapping.PAGE_SIZE, 64));
        data = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2 * capacity, 64));
    }

    public RingBufferReader newReader(final int minPayload)
    {
        return new RingBufferReader(consumerPage, producerPage, data, capacity, minPayload);
    }

    public int capacity()
    {
        return capacity;
    }

    /** Starts both positions at {@code position}, e.g. just before the end to test wrap-around. */
    public void resetPositions(final long position)
    {
        consumerPage.putLongRelease(0, position);
        producerPage.putLongRelease(0, position);
    }

    public long producerPosition()
    {
        return producerPage.getLongAcquire(0);
    }

    public long consumerPosition()
    {
        return consumerPage.getLongAcquire(0);
    }

    /** @return free bytes, as the kernel computes them before a reservation. */
    public long freeBytes()
    {
        return capacity - (producerPosition() - consumerPosition());
    }

    /**
     * Reserves a record like bpf_ringbuf_reserve: header written BUSY, producer position advanced.
     *
     * @return the record's position, or -1 when the ring is full.
     */
    public long reserve(final int payloadLength)
    {
        final long position = producerPosition();
        final int recordLength = RingRecordFraming.alignedRecordLength(payloadLength);
        if (recordLength > freeBytes())
        {
            return -1;
        }
        putInt(position + RingRecordFraming.LENGTH_OFFSET, payloadLength | RingRecordFraming.BUSY_BIT);
        putInt(position + 4, 0);
        producerPage.putLongRelease(0, position + recordLength);
        return position;
    }

    /** Copies payload bytes into a reserved record. */
    public void putPayload(final long recordPosition, final int payloadOffset, final DirectBuffer src,
        final int srcOffset, final int length)
    {
        final int index = (int)((recordPosition + RingRecordFraming.HEADER_LENGTH + payloadOffset) & mask);
        // Write once, contiguously (the data area is two rings long), then mirror each part into
        // the other copy, as the kernel's double mapping would show it.
        data.putBytes(index, src, srcOffset, length);
        final int end = index + length;
        if (index < capacity)
        {
            data.putBytes(index + capacity, src, srcOffset, Math.min(end, capacity) - index);
        }
        if (end > capacity)
        {
            final int from = Math.max(index, capacity);
            data.putBytes(from - capacity, src, srcOffset + (from - index), end - from);
        }
    }

    public void commit(final long recordPosition)
    {
        final int lengthField = data.getInt((int)(recordPosition & mask));
        putIntRelease(recordPosition, lengthField & ~RingRecordFraming.BUSY_BIT);
    }

    public void discard(final long recordPosition)
    {
        final int lengthField = data.getInt((int)(recordPosition & mask));
        putIntRelease(recordPosition, (lengthField & ~RingRecordFraming.BUSY_BIT) | RingRecordFraming.DISCARD_BIT);
    }

    /**
     * Reserve, copy and commit in one step.
     *
     * @return false when the ring is full (the kernel program would count a drop).
     */
    public boolean write(final DirectBuffer payload, final int offset, final int length)
    {
        final long position = reserve(length);
        if (position < 0)
        {
            return false;
        }
        putPayload(position, 0, payload, offset, length);
        commit(position);
        return true;
    }

    /** Writes a raw header word, as a broken or hostile producer could. */
    public void putLengthWord(final long recordPosition, final int lengthField)
    {
        putIntRelease(recordPosition, lengthField);
    }

    /** Moves the producer position without writing records, as a broken producer could. */
    public void putProducerPosition(final long position)
    {
        producerPage.putLongRelease(0, position);
    }

    private void putByte(final long position, final byte value)
    {
        final int index = (int)(position & mask);
        data.putByte(index, value);
        data.putByte(index + capacity, value);
    }

    private void putInt(final long position, final int value)
    {
        for (int i = 0; i < 4; i++)
        {
            putByte(position + i, (byte)(value >>> (8 * i)));
        }
    }

    private void putIntRelease(final long position, final int value)
    {
        final int index = (int)(position & mask);
        if (index + 4 <= capacity)
        {
            data.putIntRelease(index, value);
            data.putIntRelease(index + capacity, value);
        }
        else
        {
            putInt(position, value);
        }
    }
}
