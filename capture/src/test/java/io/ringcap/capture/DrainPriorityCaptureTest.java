package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * --drain-priority: the drain thread runs SCHED_FIFO at the priority asked, as the kernel reports
 * it in /proc, and the capture journals as it does without.
 */
class DrainPriorityCaptureTest
{
    private static final int SCHED_FIFO = 1;

    @TempDir
    Path temp;

    @Test
    @Timeout(60)
    void theDrainThreadRunsSchedFifoAtThePriorityAsked() throws Exception
    {
        KernelTests.requireBpf(); // only this one: the other two need no kernel and run everywhere
        final Path facts = temp.resolve("facts.txt");
        final CaptureSession session = new CaptureSession(CaptureOptions.of(temp.resolve("journal"),
            List.of("sh", "-c", "sleep 1; " + KernelTests.nativeBin("mq_notify_cases") + " " + facts), 1 << 20)
            .withDrainPriority(10));
        final BackgroundCapture capture = BackgroundCapture.startAttached(session);

        int[] scheduling = null;
        for (int i = 0; i < 200 && (null == scheduling || scheduling[0] != SCHED_FIFO); i++)
        {
            scheduling = drainThreadScheduling();
            Thread.sleep(5);
        }
        final CaptureResult[] result = {capture.join()};

        assertTrue(null != scheduling, "a ringcap-drain thread in /proc/self/task");
        assertEquals(SCHED_FIFO, scheduling[0], "policy");
        assertEquals(10, scheduling[1], "rt_priority");
        assertEquals(0, result[0].commandExitCode());
        assertEquals(0, result[0].eventsDropped());
        assertEquals(result[0].eventsSubmitted(), result[0].eventsJournaled());
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
