package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSegment;
import io.ringcap.wire.ReaderSidecar;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --roll with a test cycle of one second and --retain-size: old cycle files go after each roll,
 * the cycle file an open reader (another process) holds stays, and what is left replays.
 */
class JournalRetentionCaptureTest
{
    /** mq_notify calls per burst of the workload; one burst a second, so one cycle file each. */
    private static final int CALLS_PER_BURST = 100;
    private static final int BURSTS = 4;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void oldCyclesAreDeletedButNotOneAReaderHoldsAndTheRestReplays() throws Exception
    {
        final Path journal = temp.resolve("rolling");

        // Capture A: a roll a second, keep (about) nothing but the file being written.
        final String logA = capture(journal);
        assertTrue(logA.contains("retention: deleted " + journal), logA);
        final List<Path> afterA = cycleFiles(journal);
        assertTrue(afterA.size() < BURSTS, "old cycle files were deleted: " + afterA);
        assertSidecars(journal);
        final long remainingA = replayable(journal);
        assertTrue(remainingA < BURSTS * CALLS_PER_BURST, "only the newest cycles are left: " + remainingA);
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(remainingA, reader.forEachRecord((buffer, offset, length) -> { }));
            assertTrue("sh".equals(reader.metadata().target()), "the restated METADATA: " + reader.metadata());
            assertEquals(BURSTS * CALLS_PER_BURST, reader.summary().eventsJournaled(), "A's summary is in its last cycle");
        }

        // A reader in another process holds the oldest file left; capture B appends and rolls.
        final Path held = afterA.get(0);
        final Process holder = new ProcessBuilder(ChildJvm.command(true, HoldJournalOpen.class.getName(),
            List.of(journal.toString()))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            final BufferedReader holderOut = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
            final String ready = holderOut.readLine();
            assertNotNull(ready, "the holder opened the journal");
            assertTrue(ready.startsWith(HoldJournalOpen.READY), ready);

            final String logB = capture(journal);
            assertTrue(logB.contains("retention: keeping " + held + " and newer: a reader has it open"), logB);
            assertTrue(Files.exists(held), "the cycle file a reader holds is kept");
            assertTrue(cycleFiles(journal).size() > 1, "nothing newer than it went either");
            assertSidecars(journal);
        }
        finally
        {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            holder.destroyForcibly();
        }

        // The reader gone, capture C's retention deletes it; what remains replays: C's last cycle.
        final String logC = capture(journal);
        assertTrue(logC.contains("retention: deleted " + held + " "), logC);
        assertFalse(Files.exists(held));
        assertTrue(cycleFiles(journal).size() < BURSTS, cycleFiles(journal).toString());
        assertSidecars(journal);
        replayable(journal);
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.forEachRecord((buffer, offset, length) -> { });
            final List<JournalSegment> segments = reader.segments();
            assertEquals(1, segments.size(), "A's and B's cycles are all gone: " + segments);
            assertNotNull(segments.get(0).summary(), "C's summary is in its last cycle");
            assertEquals(BURSTS * CALLS_PER_BURST, segments.get(0).summary().eventsJournaled());
        }
    }

    /** A capture in a child JVM: 4 bursts of mq_notify calls a second apart, rolling each second. */
    private String capture(final Path journal) throws Exception
    {
        final String workload = "for i in $(seq " + BURSTS + "); do " + KernelTests.nativeBin("mq_load") + " -n " +
            CALLS_PER_BURST + "; sleep 1; done";
        final Path log = Files.createTempFile(temp, "capture", ".log");
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "--roll", "test-secondly", "--retain-size", "1",
                "--events", "mq_notify", "--quiet", "--", "sh", "-c", workload)))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(capture.waitFor(60, TimeUnit.SECONDS), "capture finished");
        final String output = Files.readString(log);
        assertEquals(0, capture.exitValue(), output);
        return output;
    }

    /** Replay exits 0 and says how many events it read. */
    private static long replayable(final Path journal)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(new String[] {"--journal", journal.toString()},
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String line = err.toString(StandardCharsets.UTF_8);
        assertEquals(ReplayCommand.EXIT_OK, exit, line);
        return Long.parseLong(line.lines().reduce((a, b) -> b).orElseThrow().split(" ")[0]);
    }

    private static List<Path> cycleFiles(final Path journal) throws Exception
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    /**
     * Every cycle file has its sidecar; no sidecar is older than the oldest cycle file (a deleted
     * cycle took its sidecar along, and none came back); at most one is ahead of the newest: the next
     * cycle's, made when the last began. One of a second without events between two cycle files
     * stays until the next roll's pass, and the last roll can come as the capture stops, past its
     * last pass: those are not counted.
     */
    private static void assertSidecars(final Path journal) throws Exception
    {
        final List<Path> cycles = cycleFiles(journal);
        final List<Path> all;
        try (Stream<Path> files = Files.list(journal))
        {
            all = files.sorted().toList();
        }
        final List<Path> sidecars =
            all.stream().filter(p -> p.getFileName().toString().endsWith(".cq4.readers")).toList();
        for (final Path cycle : cycles)
        {
            assertTrue(sidecars.contains(ReaderSidecar.of(cycle)), cycle + " has its sidecar: " + all);
        }
        final Path oldest = cycles.get(0);
        final Path newest = cycles.get(cycles.size() - 1);
        assertEquals(List.of(), sidecars.stream().filter(p -> ReaderSidecar.cycleFileOf(p).compareTo(oldest) < 0)
            .toList(), "sidecars of deleted cycles: " + all);
        assertTrue(sidecars.stream().filter(p -> ReaderSidecar.cycleFileOf(p).compareTo(newest) > 0).count() <= 1,
            "one next cycle at most: " + all);
    }
}
