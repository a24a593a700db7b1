package io.ringcap.replay.journal;

import io.ringcap.wire.JournalMetadata;

/**
 * One capture's part of a journal (see {@link io.ringcap.wire.JournalFormat}): from its METADATA to
 * its SUMMARY.
 *
 * @param number   1 for the first segment of the journal (as far as retention left it), then 2, 3, ...
 * @param metadata the segment's METADATA.
 * @param records  records read from the segment.
 * @param summary  the segment's SUMMARY, or null: its capture was killed (or is still running).
 */
public record JournalSegment(int number, JournalMetadata metadata, long records, JournalSummary summary)
{
}
