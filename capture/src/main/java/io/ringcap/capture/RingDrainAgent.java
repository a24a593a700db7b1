package io.ringcap.capture;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import io.ringcap.journal.JournalWriter;
import io.ringcap.linux.RealtimeScheduling;
import io.ringcap.ring.RingBufferReader;
import io.ringcap.ring.RingSpanHandler;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.RingRecordCursor;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

/**
 * The duty cycle that moves committed ring records into the journal: one poll per
 * {@link #doWork()}, nothing allocated. Run it on an {@link org.agrona.concurrent.AgentRunner}
 * with a busy-spin idle strategy for the lowest latency and no wakeups from the kernel.
 * <p>
 * A failure (corrupt ring, journal write error) ends the agent; the capture reads it from
 * {@link #failure()} and stops, keeping everything journaled before it.
 */
public final class RingDrainAgent implements Agent
{
    /** Largest span per journal excerpt: big enough to amortise the excerpt, small enough for the queue's blocks. */
    public static final int MAX_SPAN_BYTES = 256 * 1024;

    private final RingBufferReader reader;
    private final JournalWriter journal;
    private final RingSpanHandler sink;
    private volatile RuntimeException failure;
    private int fifoPriority;

    /**
     * @param journal where spans end up; the agent's thread claims it.
     * @param sink    what each span goes to: the journal, or a handler that passes it on to the journal.
     */
    public RingDrainAgent(final RingBufferReader reader, final JournalWriter journal, final RingSpanHandler sink)
    {
        this.reader = reader;
        this.journal = journal;
        this.sink = sink;
    }

    /** @param priority SCHED_FIFO priority the drain thread takes when it starts, or 0 for none. */
    public RingDrainAgent fifoPriority(final int priority)
    {
        this.fifoPriority = priority;
        return this;
    }

    @Override
    public void onStart()
    {
        journal.claimForCurrentThread();
        if (fifoPriority > 0)
        {
            try
            {
                RealtimeScheduling.makeCurrentThreadFifo(fifoPriority);
            }
            catch (final IllegalStateException ex)
            {
                failure = new IllegalStateException("--drain-priority: " + ex.getMessage(), ex);
                throw new AgentTerminationException(failure);
            }
        }
    }

    @Override
    public int doWork()
    {
        try
        {
            return reader.poll(sink, MAX_SPAN_BYTES);
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
            throw new AgentTerminationException(ex);
        }
        catch (final InternalError ex)
        {
            failure = journalFault(ex);
            throw new AgentTerminationException(failure);
        }
    }

    /**
     * The JVM raises a SIGBUS on a mapped file as an InternalError: for the journal, a page the file
     * system could not back, most likely because the disk is full.
     */
    static RuntimeException journalFault(final InternalError ex)
    {
        if (ex.getMessage() == null || !ex.getMessage().contains("unsafe memory access"))
        {
            throw ex;
        }
        return new IllegalStateException("cannot write the journal (disk full?)", ex);
    }

    /**
     * Drains what is left after the hooks are detached, on the caller's thread once the agent's
     * thread has stopped. Waits up to {@code timeoutNs} for records still reserved (BUSY) to be
     * committed.
     *
     * @return bytes drained.
     */
    public long drainRemaining(final long timeoutNs)
    {
        journal.claimForCurrentThread();
        final long deadline = System.nanoTime() + timeoutNs;
        long drained = 0;
        while (true)
        {
            final int bytes = reader.poll(sink, MAX_SPAN_BYTES);
            drained += bytes;
            if (bytes == 0)
            {
                if (reader.backlog() == 0 || System.nanoTime() - deadline > 0)
                {
                    return drained;
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Gap records the BPF programs submitted that the journal never got: those still in the ring
     * after a failure ended the drain (the ring releases a span only once it is journaled). Call it
     * once the hooks are detached.
     *
     * @return gap records left in the ring.
     */
    public long gapRecordsLeftInRing()
    {
        final long[] gaps = new long[1]; // once, at stop
        final RingRecordCursor cursor = new RingRecordCursor();
        reader.unconsumed((ring, offset, length, records) ->
        {
            cursor.wrap(ring, offset, offset + length);
            while (cursor.next())
            {
                if (cursor.payloadLength() >= EventHeaderLayout.LENGTH && (ring.getShort(
                    cursor.recordOffset() + EventHeaderLayout.EVENT_TYPE_OFFSET, LITTLE_ENDIAN) & 0xFFFF) == EventType.GAP)
                {
                    gaps[0]++;
                }
            }
        });
        return gaps[0];
    }

    public RuntimeException failure()
    {
        return failure;
    }

    @Override
    public String roleName()
    {
        return "ringcap-drain";
    }
}
