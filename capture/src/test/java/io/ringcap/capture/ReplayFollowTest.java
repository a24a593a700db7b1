package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.journal.JournalException;
import io.ringcap.replay.journal.JournalReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay --follow while a capture writes the journal (rolling every second): it prints the
 * workload's events as they come, before the capture ends, and SIGINT ends it with exit 0.
 */
class ReplayFollowTest
{
    private static final int CALLS_PER_BURST = 50;
    private static final int BURSTS = 3;
    /** A bound for the whole follow (a follower JVM starting on a loaded machine), not a measurement. */
    private static final int FOLLOW_TIMEOUT_SECONDS = 120;
    private static final int SIGINT_EXIT_OK = 0;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void followPrintsEventsAsTheyArriveAndStopsCleanlyOnSigint() throws Exception
    {
        final Path journal = temp.resolve("live");
        final Path captureLog = temp.resolve("capture.log");
        // After its bursts the workload idles until the test releases it: the capture runs as long as
        // the follower needs, however slowly its JVM starts.
        final Path release = temp.resolve("release");
        final String workload = "for i in $(seq " + BURSTS + "); do " + KernelTests.nativeBin("mq_load") + " -n " +
            CALLS_PER_BURST + "; sleep 1; done; while [ ! -e " + release + " ]; do sleep 0.05; done";
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "--roll", "test-secondly", "--events", "mq_notify", "--quiet",
                "--", "sh", "-c", workload)))
            .redirectErrorStream(true).redirectOutput(captureLog.toFile()).start();
        Process follow = null;
        try
        {
            awaitJournal(journal, capture, captureLog);
            final Path followErr = temp.resolve("follow.err");
            follow = new ProcessBuilder(ChildJvm.command(true, ReplayCommand.class.getName(),
                List.of("--journal", journal.toString(), "--follow", "--format", "json", "--event", "mq_notify")))
                .redirectError(followErr.toFile()).start();
            final List<String> lines = new CopyOnWriteArrayList<>();
            final Process reader = follow;
            final Thread pump = new Thread(() ->
            {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(reader.getInputStream(),
                    StandardCharsets.UTF_8)))
                {
                    for (String line; (line = out.readLine()) != null; )
                    {
                        lines.add(line);
                    }
                }
                catch (final Exception ignored)
                {
                    // the follower ended
                }
            }, "follow-stdout");
            pump.setDaemon(true);
            pump.start();

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FOLLOW_TIMEOUT_SECONDS);
            while (lines.size() < BURSTS * CALLS_PER_BURST && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(20);
            }
            final boolean captureRunning = capture.isAlive();
            assertEquals(BURSTS * CALLS_PER_BURST, lines.size(), "every call of the workload, while it runs");
            assertTrue(captureRunning, "printed before the capture ended");
            for (final String line : lines)
            {
                assertTrue(line.startsWith("{\"timestamp\":") && line.contains("\"eventName\":\"mq_notify\""), line);
                TraceeJsonRules.check(line); // lines printed while following, as Tracee's decoder reads them
            }
            final List<String> before = List.copyOf(lines);

            final long pid = follow.pid();
            final Process sigint = new ProcessBuilder("kill", "-INT", Long.toString(pid)).start();
            assertEquals(0, sigint.waitFor());
            assertTrue(follow.waitFor(20, TimeUnit.SECONDS), "SIGINT stops the follower");
            pump.join(5000);
            assertEquals(SIGINT_EXIT_OK, follow.exitValue(), Files.readString(followErr));
            assertEquals(before, lines, "nothing more: the workload was idle");
            final List<String> closing = Files.readAllLines(followErr);
            final int calls = BURSTS * CALLS_PER_BURST;
            assertEquals(List.of(calls + " events replayed from " + journal + ", " + calls +
                " matched the filters (stopped following; no summary yet)"), closing, "one closing line");
            assertTrue(capture.isAlive(), "the capture outlived the follower");
        }
        finally
        {
            if (null != follow)
            {
                follow.destroyForcibly();
            }
            Files.writeString(release, "");
            if (!capture.waitFor(60, TimeUnit.SECONDS))
            {
                capture.destroy(); // SIGTERM: the capture stops cleanly
                assertTrue(capture.waitFor(30, TimeUnit.SECONDS));
            }
            capture.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        assertEquals(0, capture.exitValue(), "the released workload exits 0, and so does the capture: " +
            Files.readString(captureLog));
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(BURSTS * CALLS_PER_BURST, reader.forEachRecord((buffer, offset, length) -> { }));
        }
    }

    private static void awaitJournal(final Path journal, final Process capture, final Path log) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0)
        {
            if (!capture.isAlive())
            {
                fail("the capture exited early: " + Files.readString(log));
            }
            if (Files.exists(journal.resolve("metadata.cq4t")))
            {
                try (JournalReader ignored = JournalReader.open(journal))
                {
                    return;
                }
                catch (final JournalException notYet)
                {
                    // METADATA not written yet
                }
            }
            Thread.sleep(50);
        }
        fail("no journal within 30 s: " + Files.readString(log));
    }
}
