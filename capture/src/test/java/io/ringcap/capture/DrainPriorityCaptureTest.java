package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * --drain-priority: the drain thread runs SCHED_FIFO at the priority asked, as the kernel reports
 * it in /proc, and the capture journals as it does without; the option's range; the warning when
 * the kernel throttles real-time threads.
 */
class DrainPriorityCaptureTest
{
    private static final int SCHED_FIFO = 1;

    @TempDir
    Path temp;

    /**
     * Through the command line, in this JVM (so /proc/self/task shows the drain thread): the
     * workload waits for the test, which releases it once it has seen the drain thread at SCHED_FIFO
     * (no window to catch it in); then the capture journals the workload's calls as without.
     */
    @Test
    @Timeout(180) // an overall bound on a hung run, not a measurement
    void theDrainThreadRunsSchedFifoAtThePriorityAsked() throws Exception
    {
        KernelTests.requireBpf(); // only this one: the other two need no kernel and run everywhere
        final Path facts = temp.resolve("facts.txt");
        final Path release = temp.resolve("release");
        final Path journal = temp.resolve("journal");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int[] exit = {-1};
        final Thread capture = new Thread(() -> exit[0] = CaptureCommand.run(new String[] {"--journal", journal.toString(),
            "--drain-priority", "10", "--events", "mq_notify", "--", "sh", "-c", "while [ ! -e " + release +
            " ]; do sleep 0.05; done; " + KernelTests.nativeBin("mq_notify_cases") + " " + facts},
            new PrintStream(err, true, StandardCharsets.UTF_8)), "capture-command");
        capture.start();
        int[] scheduling = null;
        long firstSeen = 0;
        try
        {
            while (null == scheduling || scheduling[0] != SCHED_FIFO)
            {
                assertTrue(capture.isAlive(), "the capture ended before its drain thread was seen: " + err);
                scheduling = drainThreadScheduling();
                if (null != scheduling && 0 == firstSeen)
                {
                    firstSeen = System.nanoTime();
                }
                // The thread sets its policy as it starts draining: microseconds, not seconds.
                assertTrue(0 == firstSeen || System.nanoTime() - firstSeen < TimeUnit.SECONDS.toNanos(30),
                    "the drain thread has run 30 s with policy " + (null == scheduling ? "?" : scheduling[0]) + ", not SCHED_FIFO");
                Thread.sleep(5);
            }
        }
        finally
        {
            Files.writeString(release, "go");
            capture.join();
        }

        assertEquals(SCHED_FIFO, scheduling[0], "policy");
        assertEquals(10, scheduling[1], "rt_priority");
        final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, exit[0], lines.toString());
        final String throttling = io.ringcap.linux.RealtimeScheduling.throttling();
        assertEquals(null == throttling ? List.of() : List.of("ringcap: warning: " + throttling),
            lines.subList(0, lines.size() - 1), "the warning when the kernel throttles real-time threads, and no other line");
        assertTrue(lines.get(lines.size() - 1).startsWith("ringcap: 5 events journaled, 0 dropped, journal " + journal + " ("),
            lines.toString());
        assertEquals("0,-16,0,0,-9", KernelTests.facts(facts).get("results"));
    }

    @Test
    void aPriorityOutOfRangeIsAUsageError()
    {
        for (final int priority : new int[] {0, 100})
        {
            final IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> CaptureCommand.parseDrainPriority(priority));
            assertEquals("--drain-priority must be 1 to 99: " + priority, error.getMessage());
        }
        assertEquals(0, CaptureCommand.parseDrainPriority(null));
        assertEquals(99, CaptureCommand.parseDrainPriority(99));
    }

    @Test
    void theThrottlingWarningNamesTheKernelsWholeSettings() throws Exception
    {
        final long runtime = Long.parseLong(sysctl("sched_rt_runtime_us"));
        final long period = Long.parseLong(sysctl("sched_rt_period_us"));
        final String warning = io.ringcap.linux.RealtimeScheduling.throttling();
        if (runtime < 0)
        {
            assertEquals(null, warning, "no throttling, no warning");
            return;
        }
        assertEquals("the kernel throttles real-time threads (kernel.sched_rt_runtime_us=" + runtime + " of " + period +
            "): a spinning SCHED_FIFO drain thread is stopped for " + (period - runtime) / 1000 + " ms of every " +
            period / 1000 + " ms; sysctl kernel.sched_rt_runtime_us=-1 lifts it", warning);
    }

    private static String sysctl(final String name) throws IOException, InterruptedException
    {
        // cat reads a sysctl file whole, in one read(2): an independent reading of the value
        final Process process = new ProcessBuilder("cat", "/proc/sys/kernel/" + name).start();
        final String value = new String(process.getInputStream().readAllBytes()).trim();
        assertEquals(0, process.waitFor(), "cat " + name);
        return value;
    }

    /** @return {policy, rt_priority} of this JVM's ringcap-drain thread, or null when it has none. */
    private static int[] drainThreadScheduling() throws IOException
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : tasks.toList())
            {
                try
                {
                    if (!"ringcap-drain".equals(Files.readString(task.resolve("comm")).trim()))
                    {
                        continue;
                    }
                    // stat: "pid (comm) state ..." with rt_priority and policy the 40th and 41st fields
                    final String stat = Files.readString(task.resolve("stat"));
                    final String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return new int[] {Integer.parseInt(after[41 - 3]), Integer.parseInt(after[40 - 3])};
                }
                catch (final IOException ex)
                {
                    // the thread ended meanwhile
                }
            }
        }
        return null;
    }
}
