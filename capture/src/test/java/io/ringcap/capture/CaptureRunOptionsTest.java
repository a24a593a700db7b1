package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSegment;
import io.ringcap.wire.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README promises of the capture command, each through the command line on the real kernel: the
 * exit code is CMD's, --duration (CMD outliving it; a host capture), a host capture stopped by a
 * real SIGINT, --idle busy and backoff, the --latency line, --roll hourly and an existing journal
 * keeping its cycle.
 */
class CaptureRunOptionsTest
{
    private static final Pattern SUMMARY = Pattern.compile(
        "ringcap: (\\d+) events journaled, (\\d+) dropped, journal (.*) \\(attach \\w+, ([0-9.]+) s\\)");
    private static final int SIGINT_EXIT = 130;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void theExitCodeIsTheCommandsNonZeroExit() throws Exception
    {
        final Path journal = temp.resolve("exit");
        final Outcome outcome = capture("--journal", journal.toString(), "--events", "mq_notify", "--",
            "sh", "-c", mqLoad() + " -n 26 >/dev/null; exit 7");
        assertEquals(7, outcome.exit, outcome.lines.toString());
        assertEquals(1, outcome.lines.size(), outcome.lines.toString());
        assertSummary(outcome.lines.get(0), 26, journal);
        assertEquals(26, mqNotifyRecords(journal));
    }

    @Test
    void durationStopsTracingACommandThatOutlivesItAndSaysSo() throws Exception
    {
        final Path journal = temp.resolve("duration");
        final Outcome outcome = capture("--journal", journal.toString(), "--events", "mq_notify", "--duration", "1", "--",
            "sh", "-c", mqLoad() + " -n 40 >/dev/null; exec sleep 600");
        try
        {
            assertEquals(0, outcome.exit, outcome.lines.toString());
            assertEquals(2, outcome.lines.size(), outcome.lines.toString());
            final ProcessHandle sleep = onlyChild();
            final Matcher notice = Pattern.compile("ringcap: --duration reached: stopped tracing; sh \\(pid (\\d+)\\) is still " +
                "running, untraced").matcher(outcome.lines.get(0));
            assertTrue(notice.matches(), outcome.lines.get(0));
            assertEquals(sleep.pid(), Long.parseLong(notice.group(1)), "sh exec'd sleep: the same pid, left running");
            assertTrue(sleep.isAlive());
            final double seconds = assertSummary(outcome.lines.get(1), 40, journal);
            assertTrue(seconds >= 1.0, "ran at least the --duration: " + seconds);
        }
        finally
        {
            ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("sleep"))
                .forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aHostCaptureStopsByItselfAfterDuration() throws Exception
    {
        final Path journal = temp.resolve("host-duration");
        final Outcome outcome = capture("--journal", journal.toString(), "--events", "mq_notify", "--duration", "1.5");
        assertEquals(0, outcome.exit, outcome.lines.toString());
        assertEquals(2, outcome.lines.size(), outcome.lines.toString());
        assertTrue(outcome.lines.get(0).startsWith("ringcap: attached ("), outcome.lines.get(0));
        final Matcher summary = SUMMARY.matcher(outcome.lines.get(1));
        assertTrue(summary.matches(), outcome.lines.get(1));
        assertTrue(Double.parseDouble(summary.group(4)) >= 1.5, "ran at least the --duration: " + outcome.lines.get(1));
        try (JournalReader reader = JournalReader.open(journal))
        {
            // Other sessions' calls on the host are in it too, and may overflow the ring: gaps counted apart.
            assertEquals(reader.forEachRecord((buffer, offset, length) -> { }),
                reader.summary().eventsJournaled() + reader.summary().gapRecords(), "the summary is written and counts every record");
        }
    }

    /**
     * A real SIGINT to a host capture's JVM: the summary, then the JVM's exit for SIGINT. The child
     * starts with SIGINT at its default ({@code env --default-signal}): a JVM started with SIGINT
     * ignored (a background job of a script) keeps it ignored, as nohup'd programs do.
     */
    @Test
    void aHostCaptureStopsOnARealSigint() throws Exception
    {
        final Path journal = temp.resolve("sigint");
        final Path err = temp.resolve("err");
        final List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(ChildJvm.command(true, CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "--events", "mq_notify")));
        final Process capture = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile()).start();
        final long load;
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Files.readString(err).isEmpty())
            {
                assertTrue(capture.isAlive(), "the capture ended early: " + Files.readString(err));
                assertTrue(System.nanoTime() - deadline < 0, "no attached line within 120 s");
                Thread.sleep(20);
            }
            final Process mqLoad = new ProcessBuilder(mqLoad(), "-n", "300").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, mqLoad.waitFor());
            load = mqLoad.pid();
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(capture.pid())).start().waitFor());
            assertTrue(capture.waitFor(60, TimeUnit.SECONDS), "SIGINT stopped the capture: " + Files.readString(err));
        }
        finally
        {
            capture.destroyForcibly();
        }
        assertEquals(SIGINT_EXIT, capture.exitValue(), Files.readString(err));
        final List<String> lines = Files.readAllLines(err);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(SUMMARY.matcher(lines.get(1)).matches(), lines.get(1));
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            final long[] fromLoad = new long[1];
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.eventType() == EventType.MQ_NOTIFY && header.hostPid() == load)
                {
                    fromLoad[0]++;
                }
            });
            assertEquals(300, fromLoad[0], "every call of the workload, made after the attached line");
            assertTrue(null != reader.summary(), "the summary is written before the JVM exits");
        }
    }

    @ParameterizedTest(name = "--idle {0}")
    @ValueSource(strings = {"busy", "backoff"})
    void everyIdleModeJournalsEveryEvent(final String idle) throws Exception
    {
        final Path journal = temp.resolve("idle-" + idle);
        final Outcome outcome = capture("--journal", journal.toString(), "--events", "mq_notify", "--idle", idle, "--",
            mqLoad(), "-n", "20000");
        assertEquals(0, outcome.exit, outcome.lines.toString());
        assertSummary(outcome.lines.get(outcome.lines.size() - 1), 20000, journal);
        assertEquals(20000, mqNotifyRecords(journal));
    }

    @Test
    void latencyPrintsPercentilesOverEveryEvent() throws Exception
    {
        final Path journal = temp.resolve("latency");
        final Outcome outcome = capture("--journal", journal.toString(), "--events", "mq_notify", "--latency", "--",
            mqLoad(), "-n", "5000");
        assertEquals(0, outcome.exit, outcome.lines.toString());
        assertEquals(2, outcome.lines.size(), outcome.lines.toString());
        assertSummary(outcome.lines.get(0), 5000, journal);
        final Matcher latency = Pattern.compile("ringcap: BPF-to-journal latency p50 ([0-9.]+) us, p99 ([0-9.]+) us, " +
            "p99\\.9 ([0-9.]+) us, max ([0-9.]+) us \\((\\d+) events, (\\d+) GCs\\)").matcher(outcome.lines.get(1));
        assertTrue(latency.matches(), outcome.lines.get(1));
        assertEquals(5000, Long.parseLong(latency.group(5)), "one latency per event journaled");
        final double p50 = Double.parseDouble(latency.group(1));
        final double p99 = Double.parseDouble(latency.group(2));
        final double p999 = Double.parseDouble(latency.group(3));
        final double max = Double.parseDouble(latency.group(4));
        assertTrue(0 < p50 && p50 <= p99 && p99 <= p999 && p999 <= max, outcome.lines.get(1));
    }

    @Test
    void rollHourlyAndAnExistingJournalKeepsItsCycle() throws Exception
    {
        final Path journal = temp.resolve("hourly");
        final Outcome first = capture("--journal", journal.toString(), "--events", "mq_notify", "--roll", "hourly", "--",
            mqLoad(), "-n", "10");
        assertEquals(0, first.exit, first.lines.toString());
        final List<String> hourly = cycleFiles(journal);
        assertEquals(1, hourly.size(), hourly.toString());
        assertTrue(hourly.get(0).matches("\\d{8}-\\d{2}F?\\.cq4"), "an hourly cycle file (yyyyMMdd-HH): " + hourly);

        final Outcome second = capture("--journal", journal.toString(), "--events", "mq_notify", "--roll", "daily", "--",
            mqLoad(), "-n", "16");
        assertEquals(0, second.exit, second.lines.toString());
        for (final String file : cycleFiles(journal))
        {
            assertTrue(file.matches("\\d{8}-\\d{2}F?\\.cq4"), "still hourly files after --roll daily: " + cycleFiles(journal));
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(26, reader.forEachRecord((buffer, offset, length) -> { }));
            final List<JournalSegment> segments = reader.segments();
            assertEquals(2, segments.size());
            assertEquals(10, segments.get(0).summary().eventsJournaled());
            assertEquals(16, segments.get(1).summary().eventsJournaled());
        }

        final Path daily = temp.resolve("daily");
        final Outcome third = capture("--journal", daily.toString(), "--events", "mq_notify", "--roll", "daily", "--",
            mqLoad(), "-n", "6");
        assertEquals(0, third.exit, third.lines.toString());
        final List<String> dailyFiles = cycleFiles(daily);
        assertEquals(1, dailyFiles.size(), dailyFiles.toString());
        assertTrue(dailyFiles.get(0).matches("\\d{8}F?\\.cq4"), "a daily cycle file (yyyyMMdd): " + dailyFiles);
    }

    private static String mqLoad()
    {
        return KernelTests.nativeBin("mq_load").toString();
    }

    private static Outcome capture(final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CaptureCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** @return the elapsed seconds the summary line reports. */
    private static double assertSummary(final String line, final long events, final Path journal)
    {
        final Matcher summary = SUMMARY.matcher(line);
        assertTrue(summary.matches(), line);
        assertEquals(events, Long.parseLong(summary.group(1)), line);
        assertEquals("0", summary.group(2), "no drops: " + line);
        assertEquals(journal.toString(), summary.group(3));
        return Double.parseDouble(summary.group(4));
    }

    private static long mqNotifyRecords(final Path journal)
    {
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            final long[] count = new long[1];
            final long records = reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.eventType() == EventType.MQ_NOTIFY)
                {
                    count[0]++;
                }
            });
            assertEquals(records, count[0], "only mq_notify records");
            return count[0];
        }
    }

    private static ProcessHandle onlyChild()
    {
        final List<ProcessHandle> children = ProcessHandle.current().children()
            .filter(p -> p.info().command().orElse("").endsWith("sleep")).toList();
        assertEquals(1, children.size(), children.toString());
        return children.get(0);
    }

    private static List<String> cycleFiles(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }

    private record Outcome(int exit, List<String> lines)
    {
    }
}
