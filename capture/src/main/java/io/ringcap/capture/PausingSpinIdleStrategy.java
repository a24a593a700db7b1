package io.ringcap.capture;

import org.agrona.concurrent.IdleStrategy;

/**
 * A busy spin that, after a poll found nothing, waits a fixed number of spin-wait hints before the
 * next poll, touching no shared memory meanwhile. A reader that re-reads the ring's producer
 * position back to back keeps pulling that cache line away from the CPU whose BPF program writes
 * it on every reservation; spacing the empty polls lets the producer keep the line for several
 * records at the cost of well under a microsecond of latency.
 */
public final class PausingSpinIdleStrategy implements IdleStrategy
{
    private final int pauses;

    /**
     * @param pauses spin-wait hints ({@link Thread#onSpinWait()}) between two empty polls.
     */
    public PausingSpinIdleStrategy(final int pauses)
    {
        this.pauses = pauses;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        for (int i = 0; i < pauses; i++)
        {
            Thread.onSpinWait();
        }
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String alias()
    {
        return "pausing-spin";
    }
}
