package io.ringcap.ring;

import io.ringcap.linux.LibC;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A BPF ring buffer map mmapped the way the kernel lays it out: the consumer page read-write at
 * offset 0, then (at offset one page) the producer page followed by the data area mapped twice in
 * a row, read-only. The double mapping lets a record that wraps the end be read in one piece.
 * A BPF map fd must be mmapped itself: /proc/self/fd/N and FileChannel give ENXIO.
 */
public final class RingBufferMapping implements AutoCloseable
{
    public static final int PAGE_SIZE = 4096;

    private final int capacity;
    private final long consumerAddress;
    private final long producerAddress;
    private final long producerLength;
    private final UnsafeBuffer consumerPage;
    private final UnsafeBuffer producerPage;
    private final UnsafeBuffer data;
    private boolean closed;

    public RingBufferMapping(final int mapFd, final int capacity)
    {
        if (Integer.bitCount(capacity) != 1 || capacity % PAGE_SIZE != 0)
        {
            throw new IllegalArgumentException("ring size must be a power of two multiple of the page: " + capacity);
        }
        this.capacity = capacity;
        consumerAddress = LibC.mmap(0, PAGE_SIZE, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, mapFd, 0);
        if (consumerAddress == LibC.MAP_FAILED)
        {
            throw new IllegalStateException("cannot mmap the ring's consumer page: " + LibC.describe(LibC.errno()));
        }
        producerLength = PAGE_SIZE + 2L * capacity;
        producerAddress = LibC.mmap(0, producerLength, LibC.PROT_READ, LibC.MAP_SHARED, mapFd, PAGE_SIZE);
        if (producerAddress == LibC.MAP_FAILED)
        {
            final int errno = LibC.errno();
            LibC.munmap(consumerAddress, PAGE_SIZE);
            throw new IllegalStateException("cannot mmap the ring's data area: " + LibC.describe(errno));
        }
        consumerPage = new UnsafeBuffer(consumerAddress, PAGE_SIZE);
        producerPage = new UnsafeBuffer(producerAddress, PAGE_SIZE);
        data = new UnsafeBuffer(producerAddress + PAGE_SIZE, 2 * capacity);
    }

    public int capacity()
    {
        return capacity;
    }

    public UnsafeBuffer consumerPage()
    {
        return consumerPage;
    }

    public UnsafeBuffer producerPage()
    {
        return producerPage;
    }

    public UnsafeBuffer data()
    {
        return data;
    }

    public RingBufferReader newReader(final int minPayload)
    {
        return new RingBufferReader(consumerPage, producerPage, data, capacity, minPayload);
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            LibC.munmap(producerAddress, producerLength);
            LibC.munmap(consumerAddress, PAGE_SIZE);
        }
    }
}
