package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.FilterFixtures;
import io.ringcap.replay.Records;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.cli.ReplayCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsTest
{
    @TempDir
    Path dir;

    @Test
    void everyEvent()
    {
        FilterFixtures.write(dir, true);

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--stats");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals("""
            7 events
            by event:
              2  mq_notify
              2  mq_open
              2  mq_unlink
              1  sched_process_exec
            by process:
              3  100 server
              2  200 client
              2  5151 worker
            by errno:
              2  EBUSY
              1  EEXIST
              1  ENOENT
            by time (1 s per line, UTC):
              2026-11-22T10:00:00Z  2
              2026-11-22T10:00:01Z  2
              2026-11-22T10:00:02Z  1
              2026-11-22T10:00:03Z  1
              2026-11-22T10:00:04Z  1
            latency:
              event      calls      p50      p90      p99      max
              mq_notify      2  1.000us  1.000us  1.000us  1.000us
              mq_open        2  1.000us  1.000us  1.000us  1.000us
              mq_unlink      2  1.000us  1.000us  1.000us  1.000us
            slowest calls:
              1.000us  2026-11-22T10:00:00.100000000Z  mq_open  100 server  3
              1.000us  2026-11-22T10:00:00.200000000Z  mq_notify  100 server  0
              1.000us  2026-11-22T10:00:01.500000000Z  mq_open  5151 worker  -17 EEXIST
              1.000us  2026-11-22T10:00:01.600000000Z  mq_notify  5151 worker  -16 EBUSY
              1.000us  2026-11-22T10:00:02.000000000Z  mq_unlink  100 server  -2 ENOENT
            drops: 3 (journaled 7, submitted 10)
            gaps: none seen
            """, run.out());
        assertEquals("7 events replayed from " + dir + " (journaled 7, dropped 3)\n", run.err());
    }

    @Test
    void filteredAndWithoutSummary()
    {
        FilterFixtures.write(dir, false);

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--stats",
            "--uid", "1000", "--format", "json");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals("""
            4 events
            by event:
              1  mq_notify
              1  mq_open
              1  mq_unlink
              1  sched_process_exec
            by process:
              2  200 client
              2  5151 worker
            by errno:
              2  EBUSY
              1  EEXIST
            by time (1 s per line, UTC):
              2026-11-22T10:00:01Z  2
              2026-11-22T10:00:02Z  0
              2026-11-22T10:00:03Z  1
              2026-11-22T10:00:04Z  1
            latency:
              event      calls      p50      p90      p99      max
              mq_notify      1  1.000us  1.000us  1.000us  1.000us
              mq_open        1  1.000us  1.000us  1.000us  1.000us
              mq_unlink      1  1.000us  1.000us  1.000us  1.000us
            slowest calls:
              1.000us  2026-11-22T10:00:01.500000000Z  mq_open  5151 worker  -17 EEXIST
              1.000us  2026-11-22T10:00:01.600000000Z  mq_notify  5151 worker  -16 EBUSY
              1.000us  2026-11-22T10:00:04.000000000Z  mq_unlink  200 client  -16 EBUSY
            drops: unknown: no summary
            """, run.out());
        assertEquals("7 events replayed from " + dir + ", 4 matched the filters " +
            "(capture did not finish cleanly: no summary)\n", run.err());
    }

    @Test
    void nothingMatched()
    {
        FilterFixtures.write(dir, true);

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--stats",
            "--comm", "nobody");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals("""
            0 events
            by event: none
            by process: none
            by errno: none
            by time: no events
            latency: no calls
            drops: 3 (journaled 7, submitted 10)
            gaps: none seen
            """, run.out());
    }

    /** 120 s from first to last: two seconds per line, 60 lines. */
    @Test
    void longCapturesMergeSeconds()
    {
        final long[] atMs = {0, 900, 59_500, 60_000, 61_999, 119_000};
        final RingSpan span = new RingSpan();
        for (final long ms : atMs)
        {
            final long entry = FilterFixtures.BOOT_NS + ms * 1_000_000L;
            span.record(new Records.MqUnlink().entryNs(entry).exitNs(entry + 1).build());
        }
        // one more, out of order across CPUs, in the first second
        span.record(new Records.MqUnlink().entryNs(FilterFixtures.BOOT_NS + 500_000_000L).build());
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FilterFixtures.METADATA).events(span).summary(7, 7, 0);
        }

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--stats");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        final StringBuilder time = new StringBuilder("by time (2 s per line, UTC):\n");
        for (int line = 0; line < 60; line++)
        {
            final int count = switch (line)
            {
                case 0 -> 3;     // 0.0, 0.5, 0.9
                case 29 -> 1;    // 59.5 in 58-59
                case 30 -> 2;    // 60.0 and 61.999 in 60-61
                case 59 -> 1;    // 119.0 in 118-119
                default -> 0;
            };
            time.append("  2026-11-22T10:").append(String.format("%02d:%02d", line * 2 / 60, line * 2 % 60))
                .append("Z  ").append(count).append('\n');
        }
        assertEquals("7 events\n" +
            "by event:\n  7  mq_unlink\n" +
            "by process:\n  7  4242 mq_notify_cases\n" +
            "by errno: none\n" +
            time +
            "latency:\n" +
            "  event      calls  p50  p90  p99  max\n" +
            "  mq_unlink      7  1ns  1ns  1ns  1ns\n" +
            "slowest calls:\n" +
            "  1ns  2026-11-22T10:00:00.000000000Z  mq_unlink  4242 mq_notify_cases  0\n" +
            "  1ns  2026-11-22T10:00:00.900000000Z  mq_unlink  4242 mq_notify_cases  0\n" +
            "  1ns  2026-11-22T10:00:59.500000000Z  mq_unlink  4242 mq_notify_cases  0\n" +
            "  1ns  2026-11-22T10:01:00.000000000Z  mq_unlink  4242 mq_notify_cases  0\n" +
            "  1ns  2026-11-22T10:01:01.999000000Z  mq_unlink  4242 mq_notify_cases  0\n" +
            "drops: 0 (journaled 7, submitted 7)\n", run.out());
    }

    /**
     * 100 mq_timedreceive calls taking 1..100 us, and one that waited 2 s: p50 is the 51st of the
     * 101 (51 us), p90 the 91st, p99 the 100th, each shown as HdrHistogram's highest value equivalent
     * to it at 3 significant digits (51 us: 51.007us), max 2 s; then the five slowest, longest first.
     */
    @Test
    void latencyPercentilesPerEventAndTheSlowestCalls()
    {
        final RingSpan span = new RingSpan();
        for (int i = 1; i <= 100; i++)
        {
            final long entry = FilterFixtures.BOOT_NS + i * 1_000_000L;
            span.record(new Records.MqTimedReceive().entryNs(entry).exitNs(entry + i * 1_000L).build());
        }
        final long waited = FilterFixtures.BOOT_NS + 200_000_000L;
        span.record(new Records.MqTimedReceive().entryNs(waited).exitNs(waited + 2_000_000_000L).retval(-110).build());
        span.record(new Records.MqUnlink().entryNs(waited).exitNs(waited + 700).build());
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FilterFixtures.METADATA).events(span).summary(102, 102, 0);
        }

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--stats");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode, run.err());
        final String out = run.out();
        final String latency = out.substring(out.indexOf("latency:"), out.indexOf("drops:"));
        assertEquals("""
            latency:
              event            calls       p50       p90        p99     max
              mq_unlink            1     700ns     700ns      700ns   700ns
              mq_timedreceive    101  51.007us  91.007us  100.031us  2.000s
            slowest calls:
                 2.000s  2026-11-22T10:00:00.200000000Z  mq_timedreceive  4242 mq_notify_cases  -110 ETIMEDOUT
              100.000us  2026-11-22T10:00:00.100000000Z  mq_timedreceive  4242 mq_notify_cases  5
               99.000us  2026-11-22T10:00:00.099000000Z  mq_timedreceive  4242 mq_notify_cases  5
               98.000us  2026-11-22T10:00:00.098000000Z  mq_timedreceive  4242 mq_notify_cases  5
               97.000us  2026-11-22T10:00:00.097000000Z  mq_timedreceive  4242 mq_notify_cases  5
            """, latency);
    }
}
