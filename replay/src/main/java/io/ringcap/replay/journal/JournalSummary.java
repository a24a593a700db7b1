package io.ringcap.replay.journal;

/**
 * The SUMMARY block a capture writes when it stops cleanly (see {@link io.ringcap.wire.JournalFormat}).
 *
 * @param eventsJournaled events the capture wrote to the journal (gap records not counted).
 * @param eventsSubmitted events the BPF programs committed to the ring (their counter).
 * @param eventsDropped   events lost because the ring was full (the BPF programs' counter); the gap
 *                        records in the journal add up to it.
 * @param gapRecords      gap records in the journal: the BPF programs' and the capture's at stop.
 */
public record JournalSummary(long eventsJournaled, long eventsSubmitted, long eventsDropped, long gapRecords)
{
    /** A summary without gap records. */
    public JournalSummary(final long eventsJournaled, final long eventsSubmitted, final long eventsDropped)
    {
        this(eventsJournaled, eventsSubmitted, eventsDropped, 0);
    }
}
