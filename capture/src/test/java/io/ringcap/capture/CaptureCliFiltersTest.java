package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.linux.Cgroups;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSummary;
import io.ringcap.wire.EventType;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture's in-kernel filters as users give them, on the command line ({@code --comm},
 * {@code --uid}, {@code --cgroup PATH}, {@code --cgroup ID}, {@code -p}, {@code --min-duration},
 * {@code --failed}; and {@code -u USER}, which is no filter but says whose calls they are): every traced workload also
 * makes calls the filter must drop, and the BPF submit count in the journal's summary shows they
 * never reached the ring. (FilterCaptureTest checks the same filters built as a BpfConfig.)
 */
class CaptureCliFiltersTest
{
    private static final Pattern SUMMARY = Pattern.compile("ringcap: (\\d+) events journaled, 0 dropped, journal .*");

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void commOnTheCommandLine() throws Exception
    {
        final Path journal = temp.resolve("comm");
        final String script = races() + " deliver " + temp.resolve("races.txt") + " && " + cases() + " " + temp.resolve("cases.txt");
        capture(journal, 6, "--comm", "mq_notify_cases", "--events", "mq_notify,sched_process_exec", "--", "sh", "-c", script);
        final List<Header> events = read(journal, 6);
        for (final Header event : events)
        {
            assertEquals("mq_notify_cases", event.comm);
        }
        assertEquals(5, events.stream().filter(e -> e.type == EventType.MQ_NOTIFY).count());
        assertEquals(1, events.stream().filter(e -> e.type == EventType.PROCESS_EXEC).count());
    }

    @Test
    void uidOnTheCommandLine() throws Exception
    {
        final Path nobodyFacts = Files.createTempFile(Path.of("/tmp"), "ringcap-nobody", ".txt");
        Files.setPosixFilePermissions(nobodyFacts, PosixFilePermissions.fromString("rw-rw-rw-"));
        final Path binary = Files.createTempDirectory(Path.of("/tmp"), "ringcap-nobody-bin");
        try
        {
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
            final Path nobodyCases = Files.copy(Path.of(cases()), binary.resolve("mq_notify_cases"));
            final Path journal = temp.resolve("uid");
            final String script = "setpriv --reuid=65534 --regid=65534 --clear-groups " + nobodyCases + " " + nobodyFacts +
                " && " + cases() + " " + temp.resolve("root.txt");
            capture(journal, 5, "--uid", "65534", "--events", "mq_notify", "--", "sh", "-c", script);
            final int nobodyPid = Integer.parseInt(KernelTests.facts(nobodyFacts).get("pid"));
            for (final Header event : read(journal, 5))
            {
                assertEquals(65534, event.uid);
                assertEquals(nobodyPid, event.hostPid);
            }
        }
        finally
        {
            Files.deleteIfExists(binary.resolve("mq_notify_cases"));
            Files.deleteIfExists(binary);
            Files.deleteIfExists(nobodyFacts);
        }
    }

    @Test
    void cgroupByPathAndByIdOnTheCommandLine() throws Exception
    {
        final Path root = Cgroups.mountPoint().orElseThrow(() -> new AssertionError("no cgroup2 mount"));
        final Path cgroup = Files.createDirectory(root.resolve("ringcap-cli-test-" + ProcessHandle.current().pid()));
        try
        {
            final long id = ((Number)Files.getAttribute(cgroup, "unix:ino")).longValue();
            for (final String given : List.of("/" + cgroup.getFileName(), Long.toString(id)))
            {
                final Path journal = temp.resolve("cgroup-" + given.replace('/', '_'));
                final Path inside = temp.resolve("inside-" + given.replace('/', '_') + ".txt");
                final String script = "sh -c 'echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec " + cases() + " " +
                    inside + "' && " + cases() + " " + temp.resolve("outside.txt");
                capture(journal, 5, "--cgroup", given, "--events", "mq_notify", "--", "sh", "-c", script);
                final int insidePid = Integer.parseInt(KernelTests.facts(inside).get("pid"));
                for (final Header event : read(journal, 5))
                {
                    assertEquals(id, event.cgroupId, "--cgroup " + given);
                    assertEquals(insidePid, event.hostPid);
                }
            }
        }
        finally
        {
            Files.deleteIfExists(cgroup);
        }
    }

    /** -p on a host capture (a child JVM, stopped by SIGTERM): that process only, not another making the same calls. */
    @Test
    void pidOnTheCommandLine() throws Exception
    {
        final Process waiting = new ProcessBuilder(cases(), temp.resolve("wanted.txt").toString(), "wait")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final Path journal = temp.resolve("pid");
        final Path err = temp.resolve("err");
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "-p", Long.toString(waiting.pid()), "--events", "mq_notify")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Files.readString(err).isEmpty())
            {
                assertTrue(capture.isAlive(), "the capture ended early: " + Files.readString(err));
                assertTrue(System.nanoTime() - deadline < 0, "no attached line within 120 s");
                Thread.sleep(20);
            }
            final Process other = new ProcessBuilder(cases(), temp.resolve("other.txt").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, other.waitFor(), "another process makes the same calls meanwhile");
            try (OutputStream stdin = waiting.getOutputStream())
            {
                stdin.write('\n');
            }
            assertEquals(0, waiting.waitFor());
            capture.destroy(); // SIGTERM
            assertTrue(capture.waitFor(60, TimeUnit.SECONDS));
        }
        finally
        {
            capture.destroyForcibly();
            waiting.destroyForcibly();
        }
        final List<String> lines = Files.readAllLines(err);
        assertTrue(SUMMARY.matcher(lines.get(lines.size() - 1)).matches(), lines.toString());
        for (final Header event : read(journal, 5))
        {
            assertEquals(waiting.pid(), event.hostPid);
        }
    }

    /** Issue 12's acceptance as typed: of mq_slow_receive's calls only the receive that waited 200 ms on an empty queue. */
    @Test
    void minDurationOnTheCommandLine() throws Exception
    {
        final Path journal = temp.resolve("slow");
        final Path facts = temp.resolve("slow.txt");
        capture(journal, 1, "--min-duration", "100ms", "-e", "syscalls", "--", KernelTests.nativeBin("mq_slow_receive").toString(),
            facts.toString());
        assertEquals("0,1,0,-110", KernelTests.facts(facts).get("results"), "open, send, receive, getattr, unlink were fast");
        final Header slow = read(journal, 1).get(0);
        assertEquals(EventType.MQ_TIMEDRECEIVE, slow.type);
        assertEquals(-110, slow.retval, "ETIMEDOUT");
        assertTrue(slow.durationNs >= 200_000_000L, "waited its 200 ms: " + slow.durationNs + " ns");
        assertEquals(Integer.parseInt(KernelTests.facts(facts).get("pid")), slow.hostPid);
    }

    /** Only the calls that returned an error: mq_notify_cases' EBUSY and EBADF, of its seven calls. */
    @Test
    void failedOnTheCommandLine() throws Exception
    {
        final Path journal = temp.resolve("failed");
        final Path facts = temp.resolve("failed.txt");
        capture(journal, 2, "--failed", "-e", "syscalls", "--", cases(), facts.toString());
        assertEquals("0,-16,0,0,-9", KernelTests.facts(facts).get("results"));
        assertEquals(List.of(-16L, -9L), read(journal, 2).stream().map(Header::retval).toList());
    }

    /** -u nobody -- CMD: CMD's calls carry uid 65534 (and nobody's gid, through setpriv). */
    @Test
    void userOnTheCommandLine() throws Exception
    {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x")); // nobody may pass through
        final Path open = Files.createDirectory(temp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx")); // nobody writes its facts here
        final Path facts = open.resolve("facts.txt");
        final Path journal = temp.resolve("user");
        capture(journal, 5, "-u", "nobody", "-e", "mq_notify", "--", cases(), facts.toString());
        assertEquals("65534", KernelTests.facts(facts).get("uid"), "CMD saw itself as nobody");
        for (final Header event : read(journal, 5))
        {
            assertEquals(65534, event.uid);
            assertEquals(Integer.parseInt(KernelTests.facts(facts).get("pid")), event.hostPid);
        }
    }

    private static void capture(final Path journal, final long events, final String... flags)
    {
        final List<String> args = new ArrayList<>(List.of("--journal", journal.toString()));
        args.addAll(List.of(flags));
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CaptureCommand.run(args.toArray(new String[0]), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String output = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(0, exit, output);
        final Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.matches(), output);
        assertEquals(events, Long.parseLong(summary.group(1)), output);
    }

    /** @return the journal's records, after checking that the BPF programs submitted exactly that many. */
    private static List<Header> read(final Path journal, final long expected)
    {
        final List<Header> events = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            final EventHeaderDecoder header = new EventHeaderDecoder();
            reader.forEachRecord((buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                events.add(new Header(header.eventType(), header.hostPid(), header.uid(), header.cgroupId(), header.comm(),
                    header.retval(), header.exitNs() - header.entryNs()));
            });
            final JournalSummary summary = reader.summary();
            assertEquals(expected, summary.eventsSubmitted(), "the other calls were dropped in the kernel");
            assertEquals(expected, summary.eventsJournaled());
        }
        assertEquals(expected, events.size());
        return events;
    }

    private static String cases()
    {
        return KernelTests.nativeBin("mq_notify_cases").toString();
    }

    private static String races()
    {
        return KernelTests.nativeBin("mq_notify_races").toString();
    }

    private record Header(int type, int hostPid, long uid, long cgroupId, String comm, long retval, long durationNs)
    {
    }
}
