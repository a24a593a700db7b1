package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSegment;
import io.ringcap.wire.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * capture -n N (--max-events): the capture stops once N events are journaled, as sysdig -n: the
 * journal holds exactly N, the hooks are detached, the summary line says it stopped at -n N; a
 * -- CMD still running is left running, untraced (as at --duration), and the exit code is 0.
 */
class CaptureMaxEventsTest
{
    private static final int LIMIT = 1000;
    private static final int HOST_LIMIT = 500;

    @TempDir
    Path temp;

    @Test
    void aCommandStillRunningAtTheLimitIsLeftRunningUntracedAndTheJournalHoldsExactlyN() throws Exception
    {
        KernelTests.requireBpf();
        final Path journal = temp.resolve("limited");
        final long bpfFdsBefore = bpfFds();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        // mq_load calls mq_notify flat out for 60 s: far more than N, long after the capture stopped.
        final int exit;
        final List<ProcessHandle> leftRunning;
        try
        {
            exit = CaptureCommand.run(new String[] {"--journal", journal.toString(), "--events", "mq_notify",
                "-n", Integer.toString(LIMIT), "--", KernelTests.nativeBin("mq_load").toString(), "-d", "60"},
                new PrintStream(err, true, StandardCharsets.UTF_8));
            leftRunning = ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("mq_load")).toList();
            assertEquals(1, leftRunning.size(), "mq_load is still running: " + leftRunning);
            assertTrue(leftRunning.get(0).isAlive());
            assertEquals(bpfFdsBefore, bpfFds(), "the hooks are detached: no BPF link, program or perf event fd left open");
        }
        finally
        {
            ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("mq_load"))
                .forEach(ProcessHandle::destroyForcibly);
        }
        final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, exit, lines.toString());
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("ringcap: -n " + LIMIT + " reached: stopped tracing; " + KernelTests.nativeBin("mq_load") +
            " (pid " + leftRunning.get(0).pid() + ") is still running, untraced", lines.get(0));
        final long dropped = assertSummaryLine(lines.get(1), LIMIT, journal);

        final long[] byType = countByType(journal);
        assertEquals(LIMIT, byType[EventType.MQ_NOTIFY], "exactly N events");
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(LIMIT + byType[EventType.GAP], reader.forEachRecord((buffer, offset, length) -> { }));
            final List<JournalSegment> segments = reader.segments(); // known once walked
            assertEquals(1, segments.size());
            assertEquals(LIMIT, segments.get(0).summary().eventsJournaled());
            assertEquals(dropped, segments.get(0).summary().eventsDropped());
            assertEquals(byType[EventType.GAP], segments.get(0).summary().gapRecords());
            assertTrue(segments.get(0).summary().eventsSubmitted() >= LIMIT,
                "the hooks ran until detached: " + segments.get(0).summary().eventsSubmitted());
            System.out.println("-n " + LIMIT + ": " + segments.get(0).summary().eventsSubmitted() +
                " submitted before the hooks were detached, " + dropped + " dropped, " + byType[EventType.GAP] + " gaps");
        }
        assertReplaySays(journal, LIMIT, byType[EventType.GAP], dropped);
    }

    @Test
    void aHostCaptureStopsByItselfAtTheLimit() throws Exception
    {
        KernelTests.requireBpf();
        final Path journal = temp.resolve("host");
        final Path errFile = temp.resolve("err");
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "--events", "mq_notify", "-n", Integer.toString(HOST_LIMIT))))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile.toFile()).start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Files.readString(errFile).isEmpty())
            {
                assertTrue(capture.isAlive(), "the capture ended early: " + Files.readString(errFile));
                assertTrue(System.nanoTime() - deadline < 0, "no attached line within 120 s");
                Thread.sleep(20);
            }
            assertTrue(Files.readString(errFile).startsWith("ringcap: attached ("), Files.readString(errFile));
            // Four times N calls; other processes' mq_notify calls on the host count too.
            final Process load = new ProcessBuilder(KernelTests.nativeBin("mq_load").toString(), "-n",
                Integer.toString(4 * HOST_LIMIT)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, load.waitFor());
            assertTrue(capture.waitFor(120, TimeUnit.SECONDS), "the capture stopped by itself: " + Files.readString(errFile));
        }
        finally
        {
            capture.destroyForcibly();
        }
        assertEquals(0, capture.exitValue(), Files.readString(errFile));
        final List<String> lines = Files.readAllLines(errFile);
        assertEquals(2, lines.size(), lines.toString());
        final long dropped = assertSummaryLine(lines.get(1), HOST_LIMIT, journal);
        final long[] byType = countByType(journal);
        assertEquals(HOST_LIMIT, byType[EventType.MQ_NOTIFY], "exactly N events");
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(HOST_LIMIT, reader.summary().eventsJournaled());
            assertEquals("host", reader.metadata().target());
        }
        assertReplaySays(journal, HOST_LIMIT, byType[EventType.GAP], dropped);
    }

    @Test
    void aLimitBelowOneIsRefused()
    {
        for (final String value : List.of("0", "-3"))
        {
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exit = CaptureCommand.run(new String[] {"--journal", temp.resolve("never").toString(), "-n", value,
                "--", "true"}, new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(CaptureCommand.EXIT_USAGE, exit);
            assertEquals(List.of("ringcap: invalid value for option '-n': " + value + " (a count of events, 1 or more)"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
            assertTrue(!Files.exists(temp.resolve("never")), "nothing created");
        }
    }

    /** @return the drops the summary line reports. */
    private static long assertSummaryLine(final String line, final long limit, final Path journal)
    {
        final Matcher summary = Pattern.compile("ringcap: " + limit + " events journaled, (\\d+) dropped, journal " +
            Pattern.quote(journal.toString()) + " \\(attach \\w+, [0-9.]+ s, stopped at -n " + limit + "\\)").matcher(line);
        assertTrue(summary.matches(), line);
        return Long.parseLong(summary.group(1));
    }

    private static long[] countByType(final Path journal)
    {
        final long[] byType = new long[EventType.MAX];
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                byType[header.eventType()]++;
            });
        }
        for (int type = 0; type < byType.length; type++)
        {
            if (type != EventType.MQ_NOTIFY && type != EventType.GAP)
            {
                assertEquals(0, byType[type], "no " + EventType.name(type) + " records with --events mq_notify");
            }
        }
        return byType;
    }

    private static void assertReplaySays(final Path journal, final long events, final long gaps, final long dropped)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(new String[] {"--journal", journal.toString(), "--format", "csv"},
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ReplayCommand.EXIT_OK, exit);
        assertEquals(List.of(events + " events" + (gaps > 0 ? " and " + gaps + " gaps" : "") + " replayed from " + journal +
            " (journaled " + events + ", dropped " + dropped + ")"), err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** Open descriptors of this JVM on BPF objects and perf events: what attached hooks hold. */
    private static long bpfFds() throws IOException
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.filter(fd ->
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("anon_inode:bpf") || target.equals("anon_inode:[perf_event]");
                }
                catch (final IOException gone)
                {
                    return false; // the listing's own descriptor
                }
            }).count();
        }
    }
}
