package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ringcap.replay.FilterFixtures;
import io.ringcap.replay.Records;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.cli.ReplayCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurationsTest
{
    @TempDir
    java.nio.file.Path dir;

    @Test
    void eachDurationInItsUnitWithThreeDecimals()
    {
        assertEquals("0ns", text(0));
        assertEquals("999ns", text(999));
        assertEquals("1.000us", text(1_000));
        assertEquals("12.345us", text(12_345));
        assertEquals("999.999us", text(999_999));
        assertEquals("1.000ms", text(1_000_000));
        assertEquals("1.050ms", text(1_050_000));
        assertEquals("200.000ms", text(200_000_000));
        assertEquals("2.000s", text(2_000_000_000L));
        assertEquals("3600.001s", text(3_600_001_000_000L));
    }

    @Test
    void durationsAreReadWithTheirUnit()
    {
        assertEquals(500_000, Durations.parse("500us", "--min-duration"));
        assertEquals(2_000_000, Durations.parse("2ms", "--min-duration"));
        assertEquals(1_500_000_000L, Durations.parse("1.5s", "--min-duration"));
        assertEquals(7, Durations.parse("7ns", "--min-duration"));
        for (final String bad : List.of("5", "2 hours", "-1ms", "ms", "1.5.5s", "99999999999999s"))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad, "--min-duration"));
            assertEquals("invalid value for option '--min-duration': '" + bad +
                "' (a duration with its unit: 500us, 2ms, 1.5s; ns, us, ms or s)", ex.getMessage());
        }
    }

    /** Calls of 1 us, 1 ms and 2 s, an exec (no duration) and a gap (passes, as with every filter but --event). */
    @Test
    void durationFiltersKeepTheCallsInRangeAndNoEventThatIsNotACall()
    {
        final RingSpan span = new RingSpan();
        final long[] durations = {1_000, 1_000_000, 2_000_000_000L};
        for (int i = 0; i < durations.length; i++)
        {
            final long entry = FilterFixtures.BOOT_NS + i * 1_000_000L;
            span.record(new Records.MqTimedReceive().entryNs(entry).exitNs(entry + durations[i]).build());
        }
        span.record(new Records.ProcessExec().entryNs(FilterFixtures.BOOT_NS + 5_000_000L)
            .exitNs(FilterFixtures.BOOT_NS + 5_000_000L).build());
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FilterFixtures.METADATA).events(span).summary(4, 4, 0);
        }

        assertEquals(List.of("1000000", "2000000000"), durations("--min-duration", "1ms"));
        assertEquals(List.of("1000", "1000000"), durations("--max-duration", "1ms"));
        assertEquals(List.of("1000000"), durations("--min-duration", "2us", "--max-duration", "1.5s"));
        assertEquals(List.of("2000000000"), durations("--min-duration", "2s"));
        final FilterFixtures.Run bad = new FilterFixtures.Run("--journal", dir.toString(), "--min-duration", "2s",
            "--max-duration", "1s");
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, bad.exitCode);
        assertEquals("ringcap: --min-duration is above --max-duration: no event can match\n", bad.err());
    }

    /** @return the durationNs column of the CSV rows that pass. */
    private List<String> durations(final String... filters)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("--journal", dir.toString(), "--format", "csv"));
        args.addAll(List.of(filters));
        final FilterFixtures.Run run = new FilterFixtures.Run(args.toArray(new String[0]));
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode, run.err());
        final List<String> values = new java.util.ArrayList<>();
        final String[] lines = run.out().split("\n");
        for (int i = 1; i < lines.length; i++)
        {
            values.add(lines[i].split(",")[9]);
        }
        return values;
    }

    private static String text(final long nanos)
    {
        return Durations.toString(nanos);
    }
}
