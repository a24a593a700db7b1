package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSegment;
import io.ringcap.wire.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals to a capture in its own JVM (as a user's kill reaches it): with -- CMD the first is
 * passed on to CMD and the capture traces what CMD does on its way out; a second stops the
 * capture and names the pid it left running; a host capture says when it is live and stops on
 * SIGTERM as before.
 */
class CaptureSignalsTest
{
    private static final int CALLS_BEFORE = 100;
    private static final int CALLS_AFTER = 250;
    private static final int TRAP_EXIT = 3;
    private static final int SIGTERM_EXIT = 128 + 15;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void sigtermIsPassedOnAndWhatCmdDoesAfterItIsCaptured() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path ready = temp.resolve("ready");
        final String mqLoad = KernelTests.nativeBin("mq_load").toString();
        final Process capture = start(List.of("--journal", journal.toString(), "--events", "mq_notify", "--", "sh", "-c",
            "trap 'echo got-term; " + mqLoad + " -n " + CALLS_AFTER + " >/dev/null; exit " + TRAP_EXIT + "' TERM; " +
            mqLoad + " -n " + CALLS_BEFORE + " >/dev/null; touch " + ready + "; while :; do sleep 0.05; done"));
        try
        {
            await(() -> Files.exists(ready), capture);
            final long sh = onlyChild(capture);
            capture.destroy(); // SIGTERM to the capture's JVM

            assertTrue(capture.waitFor(30, TimeUnit.SECONDS), "the capture ends once CMD has exited");
            assertEquals(TRAP_EXIT, capture.exitValue(), "CMD's exit code");
            assertEquals(List.of("got-term"), Files.readAllLines(temp.resolve("out")), "CMD got SIGTERM");
            final List<String> err = Files.readAllLines(temp.resolve("err"));
            assertEquals(2, err.size(), err.toString());
            assertEquals("ringcap: SIGTERM passed on to sh (pid " + sh + "); tracing until it exits (a second signal " +
                "stops the capture at once)", err.get(0));
            assertTrue(err.get(1).startsWith("ringcap: " + (CALLS_BEFORE + CALLS_AFTER) + " events journaled, 0 dropped, " +
                "journal " + journal + " (attach "), err.get(1));
        }
        finally
        {
            capture.destroyForcibly();
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            final Map<Integer, Long> byProcess = mqNotifyByProcess(reader);
            assertEquals(List.of((long)CALLS_BEFORE, (long)CALLS_AFTER), new ArrayList<>(byProcess.values()),
                "the mq_load run before the signal, then the one in the trap: " + byProcess);
            final List<JournalSegment> segments = reader.segments();
            assertEquals(1, segments.size());
            assertEquals(CALLS_BEFORE + CALLS_AFTER, segments.get(0).summary().eventsJournaled(), "the summary is written");
            assertEquals(0, segments.get(0).summary().eventsDropped());
        }
    }

    @Test
    void aSecondSigtermStopsAtOnceAndSaysWhatItLeftRunning() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path ready = temp.resolve("ready");
        final Path out = temp.resolve("out");
        final Process capture = start(List.of("--journal", journal.toString(), "--events", "mq_notify", "--", "sh", "-c",
            "trap 'echo got-term' TERM; touch " + ready + "; while :; do sleep 0.05; done"));
        long sh = -1;
        try
        {
            await(() -> Files.exists(ready), capture);
            sh = onlyChild(capture);
            capture.destroy();
            await(() -> lines(out).contains("got-term"), capture);
            capture.destroy();

            assertTrue(capture.waitFor(30, TimeUnit.SECONDS), "the second signal stops the capture");
            assertEquals(SIGTERM_EXIT, capture.exitValue());
            final List<String> err = Files.readAllLines(temp.resolve("err"));
            assertEquals(3, err.size(), err.toString());
            assertEquals("ringcap: SIGTERM passed on to sh (pid " + sh + "); tracing until it exits (a second signal " +
                "stops the capture at once)", err.get(0));
            assertEquals("ringcap: second SIGTERM: stopped tracing; sh (pid " + sh + ") is still running, untraced", err.get(1));
            assertTrue(err.get(2).startsWith("ringcap: 0 events journaled, 0 dropped, journal " + journal), err.get(2));
            assertTrue(ProcessHandle.of(sh).map(ProcessHandle::isAlive).orElse(false), "CMD was left running, as said");
        }
        finally
        {
            capture.destroyForcibly();
            ProcessHandle.of(sh).ifPresent(ProcessHandle::destroyForcibly);
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(0, reader.forEachRecord((buffer, offset, length) -> { }));
            assertEquals(0, reader.summary().eventsJournaled(), "the summary is written");
        }
    }

    /** Once the attached line is out, everything on the host is captured; SIGTERM stops it as before. */
    @Test
    void aHostCaptureSaysWhenItIsLiveAndStopsOnSigterm() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path err = temp.resolve("err");
        final Process capture = start(List.of("--journal", journal.toString(), "--events", "mq_notify", "--attach", "tracepoint"));
        final long mqLoad;
        try
        {
            await(() -> !lines(err).isEmpty(), capture);
            assertEquals(List.of("ringcap: attached (tracepoint, journal " + journal + ")"), lines(err));
            final Process load = new ProcessBuilder(KernelTests.nativeBin("mq_load").toString(), "-n", "200")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, load.waitFor());
            mqLoad = load.pid();
            capture.destroy();
            assertTrue(capture.waitFor(30, TimeUnit.SECONDS));
            assertEquals(SIGTERM_EXIT, capture.exitValue(), "the JVM's exit on SIGTERM, after the summary");
        }
        finally
        {
            capture.destroyForcibly();
        }
        final List<String> lines = lines(err);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).matches("ringcap: \\d+ events journaled, 0 dropped, journal " + journal + " \\(attach .*"),
            lines.get(1));
        try (JournalReader reader = JournalReader.open(journal))
        {
            // Other processes on the host may call mq_notify too: count this one's.
            assertEquals(200L, mqNotifyByProcess(reader).get((int)mqLoad), "every call made after the attached line");
            assertEquals("host", reader.metadata().target());
        }
    }

    private Process start(final List<String> args) throws Exception
    {
        return new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(), args))
            .redirectOutput(temp.resolve("out").toFile()).redirectError(temp.resolve("err").toFile()).start();
    }

    private static long onlyChild(final Process capture)
    {
        final List<ProcessHandle> children = capture.children().toList();
        assertEquals(1, children.size(), children.toString());
        return children.get(0).pid();
    }

    private static Map<Integer, Long> mqNotifyByProcess(final JournalReader reader)
    {
        final Map<Integer, Long> byProcess = new LinkedHashMap<>(); // in the order the processes first called
        final EventHeaderDecoder header = new EventHeaderDecoder();
        reader.forEachRecord((buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            if (header.eventType() == EventType.MQ_NOTIFY)
            {
                byProcess.merge(header.hostPid(), 1L, Long::sum);
            }
        });
        return byProcess;
    }

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static void await(final BooleanSupplier condition, final Process capture) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (!capture.isAlive() || System.nanoTime() - deadline > 0)
            {
                fail("the capture " + (capture.isAlive() ? "did not get there in 30 s" : "exited: " + capture.exitValue()));
            }
            Thread.sleep(20);
        }
    }
}
