package io.ringcap.replay.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Counts what damaged regions held, for one walk: every EVENTS block says how many records its
 * segment journaled before it, so the records between the last intact block and the next one (or
 * the SUMMARY's total) are exactly what was lost. Records missing where no damage was seen are
 * reported too: nothing goes missing without a line. The regions go to the list given, in journal
 * order, each once the records it lost are known.
 * <p>
 * A cycle file deleted between two that are left is found the same way: the walk crosses cycle
 * numbers without a file ({@link #onCycleGap}), and the next record numbers jump. A gap with no
 * jump is a quiet spell (a capture makes no file for a cycle it writes nothing in) and no damage.
 * The oldest cycle files deleted are not damage: the journal starts with the first file left.
 */
final class DamageAccounting implements JournalBlockWalk.DamageListener
{
    private static final int NO_CYCLE = Integer.MIN_VALUE;

    private final Map<Integer, Path> cycleFiles;
    private final IntFunction<String> cycleFileName;
    private final List<JournalDamage> damage;
    private final List<JournalDamage> pending = new ArrayList<>();
    private long expected; // the next record number of this segment, -1 unknown
    // Cycle numbers without a file the walk crossed since the last EVENTS or SUMMARY block: before, after.
    private int gapBefore = NO_CYCLE;
    private int gapAfter = NO_CYCLE;
    /** The segment before the gap ended in it without its SUMMARY, and a new one began: its loss is unknown. */
    private boolean gapLostUnknown;

    /**
     * @param cycleFiles       cycle number to cycle file, to name a region's file.
     * @param cycleFileName    the name of a cycle's file that is not there.
     * @param damage           where the regions go.
     * @param fromSegmentStart whether the walk starts where the first segment numbers its records from 0.
     */
    DamageAccounting(final Map<Integer, Path> cycleFiles, final IntFunction<String> cycleFileName,
        final List<JournalDamage> damage, final boolean fromSegmentStart)
    {
        this.cycleFiles = cycleFiles;
        this.cycleFileName = cycleFileName;
        this.damage = damage;
        this.expected = fromSegmentStart ? 0 : -1;
    }

    @Override
    public void onDamage(final Path file, final long from, final long to, final long index, final String reason)
    {
        pending.add(new JournalDamage(file.getFileName().toString(), from, to, index, reason, -1));
    }

    /**
     * The walk went from one cycle file to a later one over cycle numbers that have no file. Told
     * before the first block of the later one.
     */
    void onCycleGap(final int before, final int after)
    {
        gapBefore = before;
        gapAfter = after;
        gapLostUnknown = false;
    }

    /**
     * A segment restated at the start of the cycle file after a gap, its own start gone with the
     * missing files; told before {@link #onSegment}.
     *
     * @param previousEnded whether the segment before it was read to its SUMMARY: if not, its end was
     *                      in the missing files too, and what they held cannot be told.
     */
    void onSegmentStartLost(final boolean previousEnded)
    {
        if (NO_CYCLE != gapBefore && !previousEnded)
        {
            gapLostUnknown = true;
        }
    }

    /** An intact EVENTS block: its first record's number and its count. */
    void onEvents(final long first, final int count, final JournalBlockWalk walk, final long index)
    {
        final boolean jump = expected >= 0 && first != expected;
        if ((jump || gapLostUnknown) && pending.isEmpty())
        {
            pending.add(NO_CYCLE != gapBefore ? missingFiles() :
                new JournalDamage(fileName(walk.cycle()), walk.blockOffset(), walk.blockOffset(), index,
                "records missing before this block, no damaged bytes found", -1));
        }
        settle(gapLostUnknown ? -1 : expected >= 0 && first >= expected ? first - expected : -1);
        clearGap();
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
        if (NO_CYCLE != gapBefore && pending.isEmpty() && (gapLostUnknown || expected >= 0 && recordsJournaled != expected))
        {
            pending.add(missingFiles()); // the segment's last records were in the missing files
        }
        settle(!gapLostUnknown && expected >= 0 && recordsJournaled >= expected ? recordsJournaled - expected : -1);
        clearGap();
    }

    /**
     * The newest cycle Chronicle's listing names has no file, and the walk ended before it: what it
     * held is lost, how much cannot be told.
     *
     * @param name its file name, or null when the newest file is there.
     */
    void onNewestMissing(final String name)
    {
        if (null != name)
        {
            settle(-1);
            damage.add(JournalDamage.missingCycleFiles(name,
                "cycle file " + name + " is missing (deleted?): the newest in Chronicle's listing", -1));
        }
    }

    void onSegment()
    {
        settle(-1); // the old segment's lost tail: its SUMMARY, which would say, is gone too
        expected = 0;
    }

    void onEnd()
    {
        if (gapLostUnknown && pending.isEmpty())
        {
            pending.add(missingFiles());
        }
        settle(-1);
        clearGap();
    }

    /** The region of the cycle files missing in the gap: the one cycle between, or the span. */
    private JournalDamage missingFiles()
    {
        if (gapAfter - gapBefore == 2)
        {
            final String name = cycleFileName.apply(gapBefore + 1);
            return JournalDamage.missingCycleFiles(name, "cycle file " + name + " is missing (deleted?)", -1);
        }
        final String after = fileName(gapAfter);
        return JournalDamage.missingCycleFiles(after, "cycle files missing (deleted?) between " + fileName(gapBefore) +
            " and " + after, -1);
    }

    private void clearGap()
    {
        gapBefore = NO_CYCLE;
        gapAfter = NO_CYCLE;
        gapLostUnknown = false;
    }

    private String fileName(final int cycle)
    {
        final Path file = cycleFiles.get(cycle);
        return null == file ? cycleFileName.apply(cycle) : file.getFileName().toString();
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
