package io.ringcap.replay;

/**
 * The SUMMARY block a capture writes when it stops cleanly (see {@link io.ringcap.wire.JournalFormat}).
 *
 * @param eventsJournaled records the capture wrote to the journal.
 * @param eventsSubmitted records the BPF programs committed to the ring (their counter).
 * @param eventsDropped   records lost because the ring was full (the BPF programs' counter).
 */
public record JournalSummary(long eventsJournaled, long eventsSubmitted, long eventsDropped)
{
}
