package io.ringcap.replay.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counts what damaged regions held, for one walk: every EVENTS block says how many records its
 * segment journaled before it, so the records between the last intact block and the next one (or
 * the SUMMARY's total) are exactly what was lost. Records missing where no damage was seen are
 * reported too: nothing goes missing without a line. The regions go to the list given, in journal
 * order, each once the records it lost are known.
 */
final class DamageAccounting implements JournalBlockWalk.DamageListener
{
    private final Map<Integer, Path> cycleFiles;
    private final List<JournalDamage> damage;
    private final List<JournalDamage> pending = new ArrayList<>();
    private long expected; // the next record number of this segment, -1 unknown

    /**
     * @param cycleFiles       cycle number to cycle file, to name a region's file.
     * @param damage           where the regions go.
     * @param fromSegmentStart whether the walk starts where the first segment numbers its records from 0.
     */
    DamageAccounting(final Map<Integer, Path> cycleFiles, final List<JournalDamage> damage,
        final boolean fromSegmentStart)
    {
        this.cycleFiles = cycleFiles;
        this.damage = damage;
        this.expected = fromSegmentStart ? 0 : -1;
    }

    @Override
    public void onDamage(final Path file, final long from, final long to, final long index, final String reason)
    {
        pending.add(new JournalDamage(file.getFileName().toString(), from, to, index, reason, -1));
    }

    /** An intact EVENTS block: its first record's number and its count. */
    void onEvents(final long first, final int count, final JournalBlockWalk walk, final long index)
    {
        if (expected >= 0 && first != expected && pending.isEmpty())
        {
            pending.add(new JournalDamage(fileName(walk.cycle()), walk.blockOffset(), walk.blockOffset(), index,
                "records missing before this block, no damaged bytes found", -1));
        }
        settle(expected >= 0 && first >= expected ? first - expected : -1);
        expected = first + Math.max(0, count);
    }

    /**
     * A block whose checksum holds but whose content does not: its region from the fault on.
     *
     * @param blockLength the block's length, where the region ends.
     */
    void onContentDamage(final JournalBlockWalk walk, final long index, final int offset, final String detail,
        final int blockLength, final long lost)
    {
        settle(-1 == lost ? -1 : 0);
        final long blockData = walk.blockOffset() + Integer.BYTES;
        damage.add(new JournalDamage(fileName(walk.cycle()), blockData + offset, blockData + blockLength, index,
            "offset " + offset + ": " + detail, lost));
    }

    void onSummary(final long recordsJournaled)
    {
        settle(expected >= 0 && recordsJournaled >= expected ? recordsJournaled - expected : -1);
    }

    void onSegment()
    {
        settle(-1); // the old segment's lost tail: its SUMMARY, which would say, is gone too
        expected = 0;
    }

    void onEnd()
    {
        settle(-1);
    }

    private String fileName(final int cycle)
    {
        final Path file = cycleFiles.get(cycle);
        return null == file ? "?" : file.getFileName().toString();
    }

    /** The records lost go to the last region before the block that told them. */
    private void settle(final long lost)
    {
        for (int i = 0; i < pending.size(); i++)
        {
            final JournalDamage region = pending.get(i);
            damage.add(i == pending.size() - 1 ? region.withRecordsLost(lost) : region.withRecordsLost(lost < 0 ? -1 : 0));
        }
        pending.clear();
    }
}
