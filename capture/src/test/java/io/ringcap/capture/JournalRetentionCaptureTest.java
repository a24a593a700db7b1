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

    /**
     * --retain-time: cycle files last written longer ago than the limit go after a roll, the new
     * ones stay. Capture A writes cycles that are then dated two hours back; capture B appends with
     * --retain-time 1h, and its rolls delete every one of A's files and none of its own.
     */
    @Test
    @org.junit.jupiter.api.Disabled("open bug, issue 14 note of 2026-12-02: retention races Chronicle re-opening a cycle file it"
        + " deleted; 1 of 3 runs here, one a CI run, ended with the journal's first cycle file holding no METADATA"
        + " ('journal ... is empty'), and the appending capture has exited on TimeoutException the same way")
    void retainTimeDeletesCycleFilesOlderThanTheLimitAndKeepsTheNewOnes() throws Exception
    {
        final Path journal = temp.resolve("aging");
        captureWith(journal, List.of());
        final List<Path> filesOfA = cycleFiles(journal);
        assertTrue(filesOfA.size() >= 2, "A rolled: " + filesOfA);
        final java.nio.file.attribute.FileTime twoHoursAgo =
            java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(2));
        for (final Path file : filesOfA)
        {
            Files.setLastModifiedTime(file, twoHoursAgo);
        }

        final long startOfB = System.currentTimeMillis();
        final String logB = captureWith(journal, List.of("--retain-time", "1h"));
        assertTrue(logB.contains("retention: deleted " + journal), logB);
        final List<Path> after = cycleFiles(journal);
        // A's last cycle file is written again by B: Chronicle marks its end when B's first append
        // goes to a new cycle. Last written now, it stays; every older one of A's goes.
        final Path lastOfA = filesOfA.get(filesOfA.size() - 1);
        for (final Path file : filesOfA.subList(0, filesOfA.size() - 1))
        {
            assertTrue(!after.contains(file), file + " was older than 1h and is gone: " + after + "\n" + logB);
        }
        assertTrue(after.contains(lastOfA), "A's last cycle file, written again by B, stays: " + after);
        assertTrue(Files.getLastModifiedTime(lastOfA).toMillis() >= startOfB - 1000, "B wrote A's last cycle file");
        assertTrue(after.size() >= 3, "B's own cycle files stay: " + after);
        try (JournalReader reader = JournalReader.open(journal))
        {
            final long records = reader.forEachRecord((buffer, offset, length) -> { });
            final List<JournalSegment> segments = reader.segments();
            assertEquals(2, segments.size(), "A's tail (its last cycle restates its METADATA) and B: " + segments);
            assertNotNull(segments.get(0).summary(), "A's summary is in its last cycle");
            assertTrue(segments.get(0).records() < BURSTS * CALLS_PER_BURST, "A's older cycles are gone: " + segments);
            assertEquals(BURSTS * CALLS_PER_BURST, segments.get(1).summary().eventsJournaled());
            assertEquals(BURSTS * CALLS_PER_BURST, segments.get(1).records(), "B's events, all");
            assertEquals(segments.get(0).records() + segments.get(1).records(), records);
        }
    }

    /** As {@link #capture}, with these retention options instead of --retain-size 1. */
    private String captureWith(final Path journal, final List<String> retention) throws Exception
    {
        final String workload = "for i in $(seq " + BURSTS + "); do " + KernelTests.nativeBin("mq_load") + " -n " +
            CALLS_PER_BURST + "; sleep 1; done";
        final Path log = Files.createTempFile(temp, "capture", ".log");
        final List<String> args = new java.util.ArrayList<>(List.of("--journal", journal.toString(), "--roll", "test-secondly"));
        args.addAll(retention);
        args.addAll(List.of("--events", "mq_notify", "--quiet", "--", "sh", "-c", workload));
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(), args))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(capture.waitFor(120, TimeUnit.SECONDS), "capture finished");
        final String output = Files.readString(log);
        assertEquals(0, capture.exitValue(), output);
        return output;
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
