package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.BpfConfig;
import io.ringcap.linux.CpuAffinity;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSummary;
import io.ringcap.wire.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capture --capture-cpus LIST}: every thread of the capture JVM runs on LIST once CMD has
 * started, CMD keeps the CPUs the JVM was started with, and the capture journals what it does
 * without; a bad list is one line and exit 2 before anything exists; a mask the kernel refuses at
 * run time stops the capture with errno named and the journal whole.
 */
class CaptureCpusCaptureTest
{
    private static final Pattern SUMMARY = Pattern.compile("ringcap: (\\d+) events journaled, 0 dropped, journal (.*) \\(attach .*");

    @TempDir
    Path temp;

    /**
     * A child JVM runs {@code capture --capture-cpus 1 -- mq_notify_cases FACTS wait}; CMD waits on the
     * stdin it inherits from the capture, so the test reads /proc while both run, then releases it.
     */
    @Test
    @Timeout(300) // an overall bound on a hung run, not a measurement
    void everyCaptureThreadRunsOnTheCpusAskedWhileCmdKeepsItsOwn() throws Exception
    {
        KernelTests.requireBpf();
        final BitSet allowed = CpuAffinity.allowed();
        KernelTests.require(allowed.get(1) && allowed.cardinality() >= 2,
            "needs CPU 1 and another CPU; this process may run on " + CpuAffinity.format(allowed));
        final String allowedList = CpuAffinity.format(allowed);
        final Path journal = temp.resolve("journal");
        final Path facts = temp.resolve("facts.txt");
        final Path err = temp.resolve("err");
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(), List.of(
            "--journal", journal.toString(), "--capture-cpus", "1", "--events", "mq_notify", "--",
            KernelTests.nativeBin("mq_notify_cases").toString(), facts.toString(), "wait")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        final Map<String, String> pinned;
        final Map<String, String> later;
        final String commandCpus;
        try
        {
            final ProcessHandle command = awaitCommand(capture, err);
            pinned = awaitEveryThreadOn(capture, "1", err);
            commandCpus = cpusAllowedList(Path.of("/proc", Long.toString(command.pid()), "status"));
            Thread.sleep(500); // threads the JVM starts from here on (compiler, GC) are created by pinned ones
            later = threads(capture.pid());
            try (OutputStream stdin = capture.getOutputStream())
            {
                stdin.write('\n'); // CMD's line: it makes its five calls and exits
            }
            assertTrue(capture.waitFor(120, TimeUnit.SECONDS), "the capture ended within 120 s of CMD's release");
        }
        finally
        {
            capture.destroyForcibly();
        }

        assertEquals(allowedList, commandCpus, "CMD keeps the CPUs the capture JVM was started with");
        assertTrue(pinned.keySet().stream().anyMatch(t -> t.endsWith(" ringcap-drain")), "the drain thread is there: " + pinned);
        assertTrue(pinned.size() >= 10, "the JVM's threads, not a few: " + pinned);
        for (final Map.Entry<String, String> thread : later.entrySet())
        {
            assertEquals("1", thread.getValue(), "thread " + thread.getKey() + " half a second later");
        }

        final List<String> lines = Files.readAllLines(err);
        assertEquals(0, capture.exitValue(), lines.toString());
        assertEquals(1, lines.size(), "the summary line and nothing else: " + lines);
        final Matcher summary = SUMMARY.matcher(lines.get(0));
        assertTrue(summary.matches(), lines.get(0));
        assertEquals("5", summary.group(1));
        assertEquals(journal.toString(), summary.group(2));
        final Map<String, String> known = KernelTests.facts(facts);
        assertEquals("0,-16,0,0,-9", known.get("results"));
        final List<long[]> events = read(journal);
        assertEquals(5, events.size());
        final int pid = Integer.parseInt(known.get("pid"));
        final long[] retvals = {0, -16, 0, 0, -9};
        for (int i = 0; i < events.size(); i++)
        {
            assertEquals(EventType.MQ_NOTIFY, events.get(i)[0], "event " + i);
            assertEquals(pid, events.get(i)[1], "event " + i + ": CMD's pid");
            assertEquals(retvals[i], events.get(i)[2], "event " + i + ": return value");
        }
    }

    /**
     * Without CMD ({@code -p}, a host capture): pinned at start, before the attached line, so every
     * thread reads 1 as soon as that line is out; then the traced process's five calls are journaled.
     */
    @Test
    @Timeout(300)
    void withoutCmdEveryThreadIsPinnedBeforeTheAttachedLine() throws Exception
    {
        KernelTests.requireBpf();
        final BitSet allowed = CpuAffinity.allowed();
        KernelTests.require(allowed.get(1) && allowed.cardinality() >= 2,
            "needs CPU 1 and another CPU; this process may run on " + CpuAffinity.format(allowed));
        final Path facts = temp.resolve("traced.txt");
        final Process traced = new ProcessBuilder(KernelTests.nativeBin("mq_notify_cases").toString(), facts.toString(), "wait")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final Path journal = temp.resolve("pid");
        final Path err = temp.resolve("err");
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(), List.of(
            "--journal", journal.toString(), "--capture-cpus", "1", "-p", Long.toString(traced.pid()), "--events", "mq_notify")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        final Map<String, String> atAttach;
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Files.readString(err).isEmpty())
            {
                assertTrue(capture.isAlive(), "the capture ended early: " + Files.readString(err));
                assertTrue(System.nanoTime() - deadline < 0, "no attached line within 120 s");
                Thread.sleep(20);
            }
            atAttach = threads(capture.pid());
            try (OutputStream stdin = traced.getOutputStream())
            {
                stdin.write('\n');
            }
            assertEquals(0, traced.waitFor());
            capture.destroy(); // SIGTERM
            assertTrue(capture.waitFor(60, TimeUnit.SECONDS));
        }
        finally
        {
            capture.destroyForcibly();
            traced.destroyForcibly();
        }

        assertTrue(atAttach.size() >= 10, "the JVM's threads: " + atAttach);
        for (final Map.Entry<String, String> thread : atAttach.entrySet())
        {
            assertEquals("1", thread.getValue(), "thread " + thread.getKey() + " when the attached line was out");
        }
        final List<String> lines = Files.readAllLines(err);
        assertEquals(2, lines.size(), "the attached line and the summary: " + lines);
        assertTrue(lines.get(0).startsWith("ringcap: attached ("), lines.toString());
        final Matcher summary = SUMMARY.matcher(lines.get(1));
        assertTrue(summary.matches(), lines.toString());
        assertEquals("5", summary.group(1));
        assertEquals("0,-16,0,0,-9", KernelTests.facts(facts).get("results"));
        final List<long[]> events = read(journal);
        assertEquals(5, events.size());
        for (final long[] event : events)
        {
            assertEquals(traced.pid(), event[1], "the traced process's calls only");
        }
    }

    /**
     * A CPU no thread can run on (none of this machine's), given past the command line's check: the
     * kernel refuses it once CMD has started, the capture stops and says so in one line naming errno,
     * and the journal keeps what was captured with its summary (as after any failure of the drain).
     * The test JVM's affinity is unchanged: the first thread's refusal pinned nothing.
     */
    @Test
    @Timeout(300)
    void aMaskTheKernelRefusesStopsTheCaptureAndKeepsTheJournal() throws Exception
    {
        KernelTests.requireBpf();
        final BitSet before = CpuAffinity.allowed();
        assertFalse(before.get(CpuAffinity.MAX_CPU), "this machine has CPU " + CpuAffinity.MAX_CPU);
        final BitSet impossible = new BitSet();
        impossible.set(CpuAffinity.MAX_CPU);
        final Path journal = temp.resolve("refused");
        final Path facts = temp.resolve("facts.txt");
        final BpfConfig onlyMqNotify = new BpfConfig(0, 0, BpfConfig.everything().filterUid(), 0, null,
            1L << EventType.MQ_NOTIFY, 0, false);
        final CaptureOptions options = CaptureOptions.of(journal, List.of(KernelTests.nativeBin("mq_notify_cases").toString(),
            facts.toString()), CaptureOptions.DEFAULT_RING_SIZE).withBpfConfig(onlyMqNotify).withCaptureCpus(impossible);
        final CaptureException error;
        try
        {
            error = assertThrows(CaptureException.class, () -> new CaptureSession(options).run());
        }
        finally
        {
            for (final ProcessHandle child : ProcessHandle.current().children().toList())
            {
                if (child.info().command().orElse("").endsWith("mq_notify_cases"))
                {
                    child.onExit().get(30, TimeUnit.SECONDS); // left running, untraced: it ends by itself
                }
            }
        }

        assertEquals(CaptureCommand.EXIT_FAILURE, error.exitCode());
        final Matcher message = Pattern.compile("capture stopped early: --capture-cpus 8191: sched_setaffinity of thread " +
            "\\d+ \\([^)]*\\) to CPUs 8191: Invalid argument \\(errno 22\\) \\((\\d+) records \\(events and gaps\\) " +
            "journaled before it are kept in (.*)\\)").matcher(error.getMessage());
        assertTrue(message.matches(), error.getMessage());
        assertEquals(journal.toString(), message.group(2));
        assertFalse(error.getMessage().contains("\n"), "one line");
        assertEquals(before, CpuAffinity.allowed(), "nothing was pinned");

        final List<long[]> events = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                events.add(new long[] {header.eventType()});
            });
            final JournalSummary summary = reader.summary();
            assertEquals(Long.parseLong(message.group(1)), summary.eventsJournaled(), "the count the line gave");
            assertEquals(summary.eventsSubmitted(), summary.eventsJournaled(), "every event BPF submitted is journaled");
            assertEquals(0, summary.eventsDropped());
            assertEquals(summary.eventsJournaled(), events.size(), "the records are there to read");
            assertTrue(events.size() <= 5, "at most CMD's five calls: " + events.size());
        }
    }

    /** Refused before anything is loaded or created: one line, exit 2, no journal directory. */
    @Test
    void aBadListIsOneLineAndExit2BeforeAnythingExists()
    {
        final BitSet allowed = CpuAffinity.allowed();
        final int outside = allowed.nextClearBit(0);
        final String[][] cases = {
            {"", "ringcap: --capture-cpus is empty: name at least one CPU (a CPU list reads 1, 0,2, 2-3 or 0-1,4)"},
            {"1,,2", "ringcap: --capture-cpus 1,,2: an empty entry (a CPU list reads 1, 0,2, 2-3 or 0-1,4)"},
            {"two", "ringcap: --capture-cpus two: \"two\" is not a CPU or a range of CPUs (a CPU list reads 1, 0,2, 2-3 or 0-1,4)"},
            {"3-1", "ringcap: --capture-cpus 3-1: the range 3-1 runs backwards"},
            {Integer.toString(outside), "ringcap: --capture-cpus " + outside + ": CPU " + outside +
                " is not among those this process may run on: " + CpuAffinity.format(allowed)},
        };
        for (final String[] given : cases)
        {
            final Path journal = temp.resolve("never");
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exit = CaptureCommand.run(new String[] {"--journal", journal.toString(), "--capture-cpus", given[0],
                "--", "true"}, new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(2, exit, given[0]);
            assertEquals(List.of(given[1]), err.toString(StandardCharsets.UTF_8).lines().toList(), given[0]);
            assertFalse(Files.exists(journal), "nothing created for " + given[0]);
        }
    }

    @Test
    void theCommandLineValueIsParsedAgainstTheCpusAllowed()
    {
        final BitSet two = new BitSet();
        two.set(0, 2);
        assertNull(CaptureCommand.parseCaptureCpus(null, two), "not given: affinity left alone");
        final BitSet one = new BitSet();
        one.set(1);
        assertEquals(one, CaptureCommand.parseCaptureCpus("1", two));
        assertEquals(two, CaptureCommand.parseCaptureCpus("0-1", two));
        assertEquals("--capture-cpus 0-2: CPU 2 is not among those this process may run on: 0-1",
            assertThrows(IllegalArgumentException.class, () -> CaptureCommand.parseCaptureCpus("0-2", two)).getMessage());
        assertNull(CaptureOptions.of(temp, List.of(), 4096).captureCpus(), "the default: affinity left alone");
        final BitSet given = (BitSet)one.clone();
        final CaptureOptions options = CaptureOptions.of(temp, List.of(), 4096).withCaptureCpus(given);
        given.set(0);
        assertEquals(one, options.captureCpus(), "the options keep their own copy");
        assertEquals(one, options.withMaxEvents(3).withDrainPriority(5).withRecordArgs(true).captureCpus(), "kept by the copiers");
    }

    /** @return CMD: the capture JVM's child running mq_notify_cases, once it exists. */
    private static ProcessHandle awaitCommand(final Process capture, final Path err) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true)
        {
            for (final ProcessHandle child : capture.children().toList())
            {
                if (child.info().command().orElse("").endsWith("mq_notify_cases"))
                {
                    return child;
                }
            }
            assertTrue(capture.isAlive(), "the capture ended before CMD started: " + Files.readString(err));
            assertTrue(System.nanoTime() - deadline < 0, "CMD not started within 120 s: " + Files.readString(err));
            Thread.sleep(20);
        }
    }

    /**
     * Pinning follows CMD's start by microseconds; it is read from outside, so the test waits for it.
     *
     * @return "tid name" to Cpus_allowed_list of every thread, once every one of them reads list.
     */
    private static Map<String, String> awaitEveryThreadOn(final Process capture, final String list, final Path err)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            final Map<String, String> threads = threads(capture.pid());
            if (!threads.isEmpty() && threads.values().stream().allMatch(list::equals))
            {
                return threads;
            }
            assertTrue(capture.isAlive(), "the capture ended: " + Files.readString(err));
            assertTrue(System.nanoTime() - deadline < 0, "not every thread on CPUs " + list + " within 60 s of CMD's start: " +
                threads);
            Thread.sleep(10);
        }
    }

    /** @return "tid name" to Cpus_allowed_list for every thread of pid (one that ends meanwhile is left out). */
    private static Map<String, String> threads(final long pid) throws IOException
    {
        final Map<String, String> threads = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task")))
        {
            for (final Path task : tasks)
            {
                try
                {
                    threads.put(task.getFileName() + " " + Files.readString(task.resolve("comm")).trim(),
                        cpusAllowedList(task.resolve("status")));
                }
                catch (final IOException ended)
                {
                    // the thread ended between the listing and the read
                }
            }
        }
        return threads;
    }

    private static String cpusAllowedList(final Path status) throws IOException
    {
        for (final String line : Files.readAllLines(status))
        {
            if (line.startsWith("Cpus_allowed_list:"))
            {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new IOException("no Cpus_allowed_list in " + status);
    }

    /** @return {type, host pid, retval} of each record, after checking the summary: submitted = journaled, 0 dropped. */
    private static List<long[]> read(final Path journal)
    {
        final List<long[]> events = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                events.add(new long[] {header.eventType(), header.hostPid(), header.retval()});
            });
            final JournalSummary summary = reader.summary();
            assertEquals(events.size(), summary.eventsSubmitted(), "BPF submitted exactly what the journal holds");
            assertEquals(events.size(), summary.eventsJournaled());
            assertEquals(0, summary.eventsDropped());
        }
        return events;
    }
}
