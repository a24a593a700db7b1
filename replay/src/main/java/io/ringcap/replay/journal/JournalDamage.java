package io.ringcap.replay.journal;

/**
 * A damaged region of a journal: bytes of one cycle file that held no intact block, or cycle files
 * missing between two that are left ({@link #missingCycleFiles}: from and to are -1 then).
 *
 * @param cycleFile    the cycle file's name (of a missing one, or of the file after missing ones).
 * @param from         first damaged byte (file offset); -1 for missing cycle files.
 * @param to           end of the damaged bytes, exclusive (equal to from when records are missing
 *                     but no damaged bytes were found); -1 for missing cycle files.
 * @param index        the Chronicle index of the first damaged excerpt when its excerpt header was
 *                     intact (a checksum mismatch), else -1.
 * @param reason       what was wrong there.
 * @param recordsLost  the records (events and gap records) the region held, from the record numbers
 *                     of the intact EVENTS blocks around it or the segment's SUMMARY; -1 when that
 *                     cannot be told (the journal, or its segment, ends in the damage).
 */
public record JournalDamage(String cycleFile, long from, long to, long index, String reason, long recordsLost)
{
    /**
     * Cycle files that are gone from between two that are left (or the newest, gone), which held records.
     *
     * @param reason what is missing, naming the file(s).
     */
    static JournalDamage missingCycleFiles(final String cycleFile, final String reason, final long recordsLost)
    {
        return new JournalDamage(cycleFile, -1, -1, -1, reason, recordsLost);
    }

    JournalDamage withRecordsLost(final long lost)
    {
        return new JournalDamage(cycleFile, from, to, index, reason, lost);
    }

    /**
     * @return e.g. "20261202F.cq4 bytes 409600-413696 (excerpt index 0x5135000000a1): checksum mismatch, 37 records lost",
     *         or "cycle file 20261123F.cq4 is missing (deleted?), 10 records lost".
     */
    public String describe()
    {
        final String lost = recordsLost < 0 ? "records lost unknown (the damage runs to the end of its segment)" :
            recordsLost + (recordsLost == 1 ? " record" : " records") + " lost";
        if (from < 0)
        {
            return reason + ", " + lost;
        }
        return cycleFile + " bytes " + from + "-" + to +
            (index >= 0 ? " (excerpt index 0x" + Long.toHexString(index) + ")" : "") + ": " + reason + ", " + lost;
    }
}
