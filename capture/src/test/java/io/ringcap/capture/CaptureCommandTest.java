package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.KernelPreflight;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one clear line, a non-zero exit, nothing captured is touched. No kernel needed. */
class CaptureCommandTest
{
    @TempDir
    Path temp;

    @Test
    void ringSizeMustBeAPowerOfTwo()
    {
        final Outcome outcome = run("--ring-size", "3M", "--journal", temp.resolve("j").toString());
        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: --ring-size must be a power of two from 4K to 512M: 3M"), outcome.errLines());
    }

    @Test
    void unknownOptionIsAUsageError()
    {
        final Outcome outcome = run("--frobnicate");
        assertEquals(2, outcome.exit);
        assertEquals(1, outcome.errLines().size());
        assertTrue(outcome.errLines().get(0).startsWith("ringcap: Unknown option: '--frobnicate'"), outcome.err);
    }

    @Test
    void idleModesAreNamedAndAnUnknownOneIsAUsageError()
    {
        assertEquals(CaptureOptions.IdleMode.PACED, CaptureCommand.parseIdle("paced"));
        assertEquals(CaptureOptions.IdleMode.BUSY, CaptureCommand.parseIdle("busy"));
        assertEquals(CaptureOptions.IdleMode.BACKOFF, CaptureCommand.parseIdle("backoff"));
        final Outcome outcome = run("--idle", "sleepy", "--journal", temp.resolve("j").toString());
        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: --idle must be paced, busy or backoff: sleepy"), outcome.errLines());
    }

    @Test
    void unknownAttachMethodIsAUsageError()
    {
        final Outcome outcome = run("--attach", "uprobe");
        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: --attach must be auto, fentry, kprobe, tracepoint or raw: uprobe"), outcome.errLines());
    }

    /**
     * Forcing kprobe: one sentence where the kernel lacks kprobes (this project's kernel), a capture
     * that works where it has them. Which case runs is decided by the test's own probe of the kernel
     * ({@link KernelAttachProbe}: the kprobe PMU), so neither kind of kernel skips the test.
     */
    @Test
    void aForcedAttachMethodTheKernelLacksIsOneSentence()
    {
        KernelTests.requireBpf(); // as root the preflight passes and the kprobe probe is what fails
        final Path journal = temp.resolve("journal");
        final Outcome outcome = run("--attach", "kprobe", "--journal", journal.toString(), "--", "true");
        if (KernelAttachProbe.works("kprobe"))
        {
            assertEquals(0, outcome.exit, outcome.err);
            assertTrue(outcome.err.contains("(attach kprobe, "), "the summary names kprobe: " + outcome.err);
        }
        else
        {
            assertEquals(1, outcome.exit);
            assertEquals(List.of("ringcap: --attach kprobe does not work on this kernel (kprobe: this kernel has no kprobes " +
                "(no /sys/bus/event_source/devices/kprobe))"), outcome.errLines());
            assertTrue(!Files.exists(journal), "nothing is created when the capture cannot start");
        }
    }

    @Test
    void aKernelWithoutBtfIsOneSentence()
    {
        final Path journal = temp.resolve("journal");
        System.setProperty(KernelPreflight.BTF_PATH_PROPERTY, "/nonexistent/vmlinux");
        try
        {
            final Outcome outcome = run("--journal", journal.toString(), "--", "true");
            assertEquals(1, outcome.exit);
            assertEquals(List.of("ringcap: this kernel has no BTF (/nonexistent/vmlinux): ringcap's CO-RE programs " +
                "need a kernel built with CONFIG_DEBUG_INFO_BTF=y"), outcome.errLines());
            assertTrue(!Files.exists(journal), "nothing is created when the capture cannot start");
        }
        finally
        {
            System.clearProperty(KernelPreflight.BTF_PATH_PROPERTY);
        }
    }

    @Test
    void unknownEventIsAUsageError()
    {
        final Outcome outcome = run("--events", "mq_open,mq_frob");
        assertEquals(2, outcome.exit);
        assertEquals(1, outcome.errLines().size());
        assertEquals("ringcap: --events: unknown event or set 'mq_frob' (events: mq_notify, mq_open, mq_unlink, " +
            "mq_timedsend, mq_timedreceive, mq_getsetattr, mq_notify_delivered, sched_process_exec, msgget, msgsnd, " +
            "msgrcv, msgctl; " +
            "sets: syscalls, ipc, ipc_msgq, default, proc)", outcome.errLines().get(0));
    }

    @Test
    void versionSaysTheReleaseTheCommitAndTheJournalFormat()
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stdout = System.out;
        final int exit;
        try
        {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            exit = CaptureCommand.run(new String[] {"-V"}, System.err);
        }
        finally
        {
            System.setOut(stdout);
        }
        assertEquals(0, exit);
        assertEquals("ringcap capture " + io.ringcap.wire.BuildInfo.version() + " (commit " +
            io.ringcap.wire.BuildInfo.commit() + ", journal format " + io.ringcap.wire.JournalFormat.FORMAT_VERSION + ")",
            out.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
    }

    /** Values no event can carry: one line, exit 2, and nothing created (checked before BPF is loaded). */
    @Test
    void valuesThatCanMatchNothingAreRefused()
    {
        final Path journal = temp.resolve("never");
        for (final String[] bad : new String[][] {
            {"--comm", "a-name-of-16-byte", "ringcap: --comm must be 1 to 15 characters, as the kernel keeps it: a-name-of-16-byte"},
            {"-p", "0", "ringcap: -p 0: a process id is positive, so no event can match"},
            {"--pid", "1,-1", "ringcap: -p -1: a process id is positive, so no event can match"},
            {"--uid", "-1", "ringcap: --uid must be 0 to 4294967294: -1"},
            {"-n", "0", "ringcap: invalid value for option '-n': 0 (a count of events, 1 or more)"},
            {"--min-duration", "0", "ringcap: invalid value for option '--min-duration': '0' (a duration with its unit: " +
                "500us, 2ms, 1.5s; ns, us, ms or s)"}})
        {
            final Outcome outcome = run("-w", journal.toString(), bad[0], bad[1]);
            assertEquals(2, outcome.exit, bad[0] + " " + bad[1]);
            assertEquals(List.of(bad[2]), outcome.errLines());
            assertTrue(!Files.exists(journal), "nothing is created: " + bad[0]);
        }
    }

    /** -h says the command as it is typed; -e ? lists the events and Tracee's sets from the event table. */
    @Test
    void helpAndTheEventListGoToStdout()
    {
        final Outcome help = runCapturingStdout("-h");
        assertEquals(0, help.exit);
        assertTrue(help.err.startsWith("Usage: ringcap capture [-hqV] "), help.err);
        for (final String option : List.of("-w, --journal=DIR", "-e, --events=EVENTS", "-p, --pid=PID", "-u, --user=USER",
            "-n, --max-events=N", "-q, --quiet", "-V, --version", "--failed", "--min-duration=D"))
        {
            assertTrue(help.err.contains(option), option + " in: " + help.err);
        }
        final Outcome events = runCapturingStdout("-e", "?");
        assertEquals(0, events.exit);
        assertEquals(io.ringcap.wire.EventTable.describe(), events.err);
        assertTrue(events.err.contains("\n  ipc_msgq: mq_notify, mq_open, "), events.err);
    }

    @Test
    void eventListsBecomeMasks()
    {
        assertEquals((1L << 1) | (1L << 2), CaptureCommand.parseEvents(List.of("mq_notify", " mq_open")));
        // Tracee's set: the six POSIX calls (rc_event_type 1 to 6), the deliveries (7) and the four SysV
        // calls (10 to 13); not the execs (8), not gaps (9).
        assertEquals(0b11_1100_1111_1110L, CaptureCommand.parseEvents(List.of("ipc_msgq")));
        assertEquals(0b11_1100_0111_1110L, CaptureCommand.parseEvents(List.of("syscalls")));
        assertEquals(1L << 11 | 1L << 12, CaptureCommand.parseEvents(List.of("msgsnd", "msgrcv")));
        assertEquals(1L << 8, CaptureCommand.parseEvents(List.of("process_exec")), "the old name still works");
    }

    /** Gap records are written whenever events are lost: not an event to choose. */
    @Test
    void gapIsNotAnEventToCapture()
    {
        assertThrows(IllegalArgumentException.class, () -> CaptureCommand.parseEvents(List.of("gap")));
    }

    @Test
    void aDirectoryThatIsNotARingcapJournalIsRefusedAndUntouched() throws Exception
    {
        final Path journal = Files.createDirectories(temp.resolve("journal"));
        final Path existing = Files.writeString(journal.resolve("notes.txt"), "someone else's");

        final Outcome outcome = run("--journal", journal.toString(), "--", "true");

        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: journal directory " + journal + " is not a ringcap journal: it holds notes.txt, " +
            "which is not a journal file; choose a new --journal (ringcap appends only to its own journals)"),
            outcome.errLines());
        assertEquals("someone else's", Files.readString(existing));

        final Path queueLike = Files.createDirectories(temp.resolve("queue-like"));
        Files.writeString(queueLike.resolve("20261122F.cq4"), "earlier capture");
        final Outcome cq4Only = run("--journal", queueLike.toString(), "--", "true");
        assertEquals(2, cq4Only.exit);
        assertEquals(List.of("ringcap: journal directory " + queueLike + " is not a ringcap journal: it holds no " +
            "Chronicle Queue cycle files and metadata.cq4t; choose a new --journal (ringcap appends only to its own journals)"),
            cq4Only.errLines());
        assertEquals("earlier capture", Files.readString(queueLike.resolve("20261122F.cq4")));
    }

    @Test
    void aJournalOfAnotherFormatVersionIsNotAppendedTo() throws Exception
    {
        final Path journal = temp.resolve("old");
        try (io.ringcap.journal.JournalWriter writer = new io.ringcap.journal.JournalWriter(journal))
        {
            writer.writeMetadata(new io.ringcap.wire.JournalMetadata(io.ringcap.wire.JournalFormat.FORMAT_VERSION - 1,
                "h", "k", 0, "tracepoint", 4096, 1, "host"));
        }

        final Outcome outcome = run("--journal", journal.toString(), "--", "true");

        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: journal " + journal + " has format version " +
            (io.ringcap.wire.JournalFormat.FORMAT_VERSION - 1) + "; this capture writes version " +
            io.ringcap.wire.JournalFormat.FORMAT_VERSION +
            " and appends only to journals of its own version: choose a new --journal"), outcome.errLines());
    }

    @Test
    void aJournalARunningCaptureWritesIsNotAppendedTo() throws Exception
    {
        final Path journal = temp.resolve("live");
        final Process writer = new ProcessBuilder("sleep", "60").start(); // stands in for a running capture
        try
        {
            try (io.ringcap.journal.JournalWriter journalWriter = new io.ringcap.journal.JournalWriter(journal))
            {
                journalWriter.writeMetadata(new io.ringcap.wire.JournalMetadata(io.ringcap.wire.JournalFormat.FORMAT_VERSION,
                    "h", "k", 0, "tracepoint", 4096, (int)writer.pid(), "host"));
            }

            final Outcome outcome = run("--journal", journal.toString(), "--", "true");

            assertEquals(2, outcome.exit);
            assertEquals(List.of("ringcap: journal " + journal + " is being written by a capture that is still running (pid " +
                writer.pid() + "); stop it first or choose a new --journal"), outcome.errLines());
        }
        finally
        {
            writer.destroyForcibly().waitFor();
        }
        assertTrue(io.ringcap.journal.JournalDirectory.requireAppendable(journal), "its writer is dead: append");
    }

    @Test
    void rollAndRetentionOptionsParse()
    {
        assertEquals(net.openhft.chronicle.queue.RollCycles.FAST_HOURLY, CaptureCommand.parseRoll("hourly"));
        assertEquals(net.openhft.chronicle.queue.RollCycles.FAST_DAILY, CaptureCommand.parseRoll("daily"));
        assertEquals(500L << 20, CaptureCommand.parseSize("--retain-size", "500M"));
        assertEquals(10L << 30, CaptureCommand.parseSize("--retain-size", "10g"));
        assertEquals(java.time.Duration.ofDays(7), CaptureCommand.parseDuration("--retain-time", "7d"));
        assertEquals(java.time.Duration.ofMinutes(30), CaptureCommand.parseDuration("--retain-time", "30m"));
        assertEquals("--retain-time is not a positive duration such as 30m, 12h or 7d: 7w",
            assertThrows(IllegalArgumentException.class, () -> CaptureCommand.parseDuration("--retain-time", "7w")).getMessage());
        final Outcome outcome = run("--roll", "weekly", "--", "true");
        assertEquals(2, outcome.exit);
        assertEquals(List.of("ringcap: --roll must be hourly or daily: weekly"), outcome.errLines());
    }

    @Test
    void ringSizesParse()
    {
        assertEquals(4096, CaptureCommand.parseRingSize("4K"));
        assertEquals(64 << 20, CaptureCommand.parseRingSize("64m"));
        assertEquals(1 << 20, CaptureCommand.parseRingSize("1048576"));
        assertThrows(IllegalArgumentException.class, () -> CaptureCommand.parseRingSize("1G"));
        assertThrows(IllegalArgumentException.class, () -> CaptureCommand.parseRingSize("lots"));
    }

    private static Outcome run(final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CaptureCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
    }

    /** @return the exit code and what went to stdout (in Outcome's err), stderr being empty. */
    private static Outcome runCapturingStdout(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream stdout = System.out;
        final int exit;
        try
        {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = CaptureCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(stdout);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8));
    }

    private record Outcome(int exit, String err)
    {
        List<String> errLines()
        {
            return err.lines().toList();
        }
    }
}
