package io.ringcap.replay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.journal.JournalReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ReplayProgressTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theLineShowsPercentBarRateAndTimeLeft()
    {
        assertEquals("ringcap: replay  25% [#####               ] 100,000 events/s, ETA 1:30",
            render(25, 100, 3_000_000, 30 * SECOND));
        assertEquals("ringcap: replay   0% [                    ] 999 events/s, ETA -:--",
            render(0, 100, 999, SECOND));
        assertEquals("ringcap: replay   0% [                    ] 1,000,000 events/s, ETA 2:46:30",
            render(1, 1000, 10_000_000, 10 * SECOND));
        assertEquals("ringcap: replay 100% [####################] 12,345,678 events/s, ETA 0:00",
            render(7, 7, 12_345_678, SECOND));
        assertEquals("ringcap: replay 1,002,003 events/s", render(3, 0, 1_002_003, SECOND), "no total known");
    }

    @Test
    void drawnOnlyForALongReplayAtMostFiveTimesASecondAndErasedAtTheEnd()
    {
        final long[] now = {0};
        final long[] handled = {0};
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ReplayProgress progress = new ReplayProgress((buffer, offset, length) -> handled[0]++,
            new PrintStream(err, true, StandardCharsets.UTF_8), () -> now[0], position(50, 100));
        final UnsafeBuffer record = new UnsafeBuffer(new byte[8]);

        for (int i = 0; i < 10 * ReplayProgress.RECORDS_PER_CLOCK_READ; i++)
        {
            now[0] += 1_000; // 1 us per record: 10 ms in all
            progress.onRecord(record, 0, 8);
        }
        assertEquals(10 * ReplayProgress.RECORDS_PER_CLOCK_READ, handled[0], "every record reaches the handler");
        assertEquals("", text(err), "a short replay shows nothing");

        now[0] = 2 * SECOND;
        feed(progress, record);
        final String first = text(err);
        assertTrue(first.startsWith("\rringcap: replay  50% [##########          ] "), first);
        assertTrue(first.endsWith(", ETA 0:02\033[K"), first);

        now[0] += ReplayProgress.REDRAW_INTERVAL_NS - 1;
        feed(progress, record);
        assertEquals(first, text(err), "not redrawn within 200 ms");

        now[0] += 1;
        feed(progress, record);
        assertEquals(2, text(err).split("\r", -1).length - 1, "redrawn after 200 ms");

        progress.finish();
        assertTrue(text(err).endsWith("\r\033[K"), "erased, so the closing line starts clean");
        final int length = text(err).length();
        progress.finish();
        assertEquals(length, text(err).length(), "erased once");
    }

    /**
     * A terminal whose clock runs a second per reading, so that even a 30-record replay passes the
     * first draw's 1 s: without the rule under test, a progress line would be drawn.
     */
    private static ReplayCommand.Terminal terminal(final boolean stderrIsTerminal)
    {
        final long[] now = {0};
        return new ReplayCommand.Terminal()
        {
            public boolean stderrIsTerminal()
            {
                return stderrIsTerminal;
            }

            public boolean stdoutIsStderr()
            {
                return false;
            }

            public long nanoTime()
            {
                return now[0] += 1_000_000_000L;
            }
        };
    }

    private static String replayErr(final java.nio.file.Path dir, final ReplayCommand.Terminal terminal,
        final String... options)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--journal", dir.toString()));
        args.addAll(java.util.List.of(options));
        assertEquals(ReplayCommand.EXIT_OK, ReplayCommand.run(args.toArray(new String[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC(), terminal));
        return text(err);
    }

    @Test
    void nothingIsWrittenWhenStderrIsNotATerminal(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
    {
        final java.nio.file.Path journal = dir.resolve("long");
        writeLongJournal(journal);

        assertTrue(replayErr(journal, terminal(true), "--stats").contains("\r"),
            "the control: on a terminal, with this clock, the progress line is drawn");
        final String err = replayErr(journal, terminal(false), "--stats");
        assertEquals(1, err.split("\n").length, "only the closing line: " + err);
        assertTrue(!err.contains("\r") && !err.contains("\033"), err);
    }

    @Test
    void noProgressIsAcceptedAndTheReaderTellsHowFarAWalkGot(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
    {
        final java.nio.file.Path journal = dir.resolve("long");
        writeLongJournal(journal);
        assertTrue(replayErr(journal, terminal(true)).contains("\r"), "the control: drawn without --no-progress");
        final String err = replayErr(journal, terminal(true), "--no-progress");
        assertTrue(!err.contains("\r"), err);
        writeJournal(dir);

        try (JournalReader reader = JournalReader.open(dir))
        {
            // METADATA, CGROUPS, PROCESSES, 3 EVENTS, SUMMARY
            assertEquals(7, reader.excerptCount());
            final long[] seen = {-1, -1};
            reader.forEachRecord((buffer, offset, length) ->
            {
                if (seen[0] < 0)
                {
                    seen[0] = reader.excerptsRead();
                }
                seen[1] = reader.excerptsRead();
            });
            assertTrue(seen[0] >= 2 && seen[0] < seen[1] && seen[1] <= 7, seen[0] + " then " + seen[1]);
        }
    }

    private static void writeJournal(final java.nio.file.Path dir)
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA).cgroups(FormatterFixtures.cgroups())
                .processes(FormatterFixtures.processes());
            for (int block = 0; block < 3; block++)
            {
                final RingSpan span = new RingSpan();
                for (final UnsafeBuffer record : FormatterFixtures.everyEvent())
                {
                    span.record(record);
                }
                writer.events(span);
            }
            writer.summary(30, 30, 0);
        }
    }

    /** 3,000 records: the progress line reads its clock every 1,024, so a fast clock gets it drawn. */
    private static void writeLongJournal(final java.nio.file.Path dir)
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA).cgroups(FormatterFixtures.cgroups())
                .processes(FormatterFixtures.processes());
            for (int block = 0; block < 3; block++)
            {
                final RingSpan span = new RingSpan();
                for (int i = 0; i < 100; i++)
                {
                    for (final UnsafeBuffer record : FormatterFixtures.everyEvent())
                    {
                        span.record(record);
                    }
                }
                writer.events(span);
            }
            writer.summary(3000, 3000, 0);
        }
    }

    private static void feed(final ReplayProgress progress, final UnsafeBuffer record)
    {
        for (int i = 0; i < ReplayProgress.RECORDS_PER_CLOCK_READ; i++)
        {
            progress.onRecord(record, 0, 8);
        }
    }

    private static ReplayProgress.Position position(final long done, final long total)
    {
        return new ReplayProgress.Position()
        {
            public long done()
            {
                return done;
            }

            public long total()
            {
                return total;
            }
        };
    }

    private static String render(final long done, final long total, final long records, final long elapsedNs)
    {
        return ReplayProgress.render(new StringBuilder(), done, total, records, elapsedNs).toString();
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
