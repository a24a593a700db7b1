package io.ringcap.replay.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.ReplayAllocationWorkload;
import io.ringcap.replay.format.AllocationTest;
import io.ringcap.replay.journal.JournalReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filtering (every filter at once, so each is evaluated), CSV and --stats counting: what is
 * deterministic (every pass delivers every record and writes the same bytes; the filters match
 * what they should). Their allocation per record is proven by bench's ReplayAllocationBenchmark
 * with {@code -prof gc}; see AllocationTest.
 */
class FilterAllocationTest
{
    @TempDir
    Path dir;

    @Test
    void filtersCsvAndStatsRepeatExactly() throws Exception
    {
        ReplayAllocationWorkload.writeFilterJournal(dir);
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        final Map<String, Integer> csvLines = new HashMap<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            for (final Map.Entry<String, ReplayAllocationWorkload.Pass> pass :
                ReplayAllocationWorkload.filterPasses(reader, sink).entrySet())
            {
                final byte[] written = AllocationTest.assertPassesRepeat(pass.getKey(), pass.getValue(), sink);
                csvLines.put(pass.getKey(), (int)new String(written, StandardCharsets.UTF_8).lines().count());
            }
        }
        assertTrue(csvLines.get("csvEveryFilter") > 1, "every filter at once still matches some: " + csvLines);
        assertTrue(csvLines.get("csvContainerFilter") > csvLines.get("csvEveryFilter"), csvLines.toString());
        assertTrue(csvLines.get("csv") > csvLines.get("csvContainerFilter"), csvLines.toString());
    }
}
