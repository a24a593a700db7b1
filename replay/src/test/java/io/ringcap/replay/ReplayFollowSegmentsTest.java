package io.ringcap.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's {@code --follow} across a new segment, in table and CSV: a follower that has
 * printed the first capture's events goes on to print those of a capture appended to the journal
 * after it started, and what it printed is exactly what a replay of the finished journal prints;
 * and an idle follower waits without spinning.
 */
class ReplayFollowSegmentsTest
{
    /** Bounds for waits on the follower's output, not measurements. */
    private static final long WAIT_SECONDS = 60;
    private static final long IDLE_WATCH_MS = 3_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--format {0}")
    @ValueSource(strings = {"table", "csv"})
    void aFollowerPrintsTheEventsOfASegmentAppendedWhileItFollows(final String format) throws Exception
    {
        final List<UnsafeBuffer> first = FormatterFixtures.mqNotifyCases();
        final List<UnsafeBuffer> second = FormatterFixtures.everyEvent();
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA).cgroups(FormatterFixtures.cgroups()).processes(FormatterFixtures.processes());
            writer.events(span(first)).summary(first.size(), first.size(), 0);
        }

        final SyncBuffer out = new SyncBuffer();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread follower = new Thread(() -> exit.set(ReplayCommand.run(
            new String[] {"--journal", dir.toString(), "--follow", "--format", format},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(), stop::get)), "follower");
        follower.start();
        try
        {
            final int header = 1;
            awaitLines(out, header + first.size());
            assertEquals(header + first.size(), out.lines().size(), "the first segment, nothing more yet: " + out.lines());

            // A second capture appends its segment: its own METADATA (another capture pid), events, SUMMARY.
            try (TestJournalWriter writer = TestJournalWriter.create(dir))
            {
                final JournalMetadata m = FormatterFixtures.METADATA;
                writer.metadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, m.hostName(), m.kernelRelease(),
                        m.bootToWallNs(), m.attachMethod(), m.ringSize(), 31338, "./second"))
                    .cgroups(FormatterFixtures.cgroups()).processes(FormatterFixtures.processes());
                writer.events(span(second)).summary(second.size(), second.size(), 0);
            }
            awaitLines(out, header + first.size() + second.size());
        }
        finally
        {
            stop.set(true);
            follower.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        assertEquals(ReplayCommand.EXIT_OK, exit.get(), err.toString(StandardCharsets.UTF_8));

        final ByteArrayOutputStream whole = new ByteArrayOutputStream();
        final ByteArrayOutputStream wholeErr = new ByteArrayOutputStream();
        assertEquals(ReplayCommand.EXIT_OK, ReplayCommand.run(new String[] {"--journal", dir.toString(), "--format", format},
            new PrintStream(whole, true, StandardCharsets.UTF_8), new PrintStream(wholeErr, true, StandardCharsets.UTF_8)));
        assertEquals(whole.toString(StandardCharsets.UTF_8), out.text(), "the follower printed what a replay of the whole journal prints");
        final int events = first.size() + second.size();
        assertEquals(List.of(events + " events replayed from " + dir + " (2 segments; journaled " + events + ", dropped 0)"),
            err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /**
     * The README: "It polls with a backoff (spin, yield, then park up to 50 ms), never a busy spin."
     * Once it has printed what there is, the follower's own thread uses almost no CPU while it waits:
     * its CPU time (the JVM's per-thread clock, so JIT and GC threads do not count) over
     * {@value #IDLE_WATCH_MS} ms of waiting must stay under a tenth of that. A busy spin would use
     * the CPU it is given, several times more even on a loaded 2-core box.
     */
    @org.junit.jupiter.api.Test
    void anIdleFollowerParksInsteadOfSpinning() throws Exception
    {
        final List<UnsafeBuffer> records = FormatterFixtures.mqNotifyCases();
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA).cgroups(FormatterFixtures.cgroups()).processes(FormatterFixtures.processes());
            writer.events(span(records)); // no SUMMARY: a capture still running
        }
        final SyncBuffer out = new SyncBuffer();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread follower = new Thread(() -> exit.set(ReplayCommand.run(
            new String[] {"--journal", dir.toString(), "--follow"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC(), stop::get)),
            "follower");
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        final long cpuNs;
        follower.start();
        try
        {
            awaitLines(out, 1 + records.size());
            final long before = threads.getThreadCpuTime(follower.getId());
            Thread.sleep(IDLE_WATCH_MS);
            cpuNs = threads.getThreadCpuTime(follower.getId()) - before;
            assertTrue(before >= 0 && follower.isAlive(), "the follower is still following");
        }
        finally
        {
            stop.set(true);
            follower.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        assertEquals(ReplayCommand.EXIT_OK, exit.get());
        System.out.printf("an idle follower used %.1f ms of CPU in %d ms%n", cpuNs / 1e6, IDLE_WATCH_MS);
        assertTrue(cpuNs < TimeUnit.MILLISECONDS.toNanos(IDLE_WATCH_MS) / 10,
            "the follower used " + cpuNs / 1_000_000 + " ms of CPU in " + IDLE_WATCH_MS + " ms of waiting");
    }

    private static RingSpan span(final List<UnsafeBuffer> records)
    {
        final RingSpan span = new RingSpan();
        for (final UnsafeBuffer record : records)
        {
            span.record(record);
        }
        return span;
    }

    private static void awaitLines(final SyncBuffer out, final int lines) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (out.lines().size() < lines)
        {
            assertTrue(System.nanoTime() - deadline < 0, "the follower printed " + out.lines().size() + " lines, not " + lines +
                ", within " + WAIT_SECONDS + " s: " + out.text());
            Thread.sleep(10);
        }
    }

    /** What the follower wrote, read while it writes. */
    private static final class SyncBuffer extends OutputStream
    {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(final int b)
        {
            bytes.write(b);
        }

        @Override
        public synchronized void write(final byte[] b, final int off, final int len)
        {
            bytes.write(b, off, len);
        }

        synchronized String text()
        {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        List<String> lines()
        {
            return text().lines().toList();
        }
    }
}
