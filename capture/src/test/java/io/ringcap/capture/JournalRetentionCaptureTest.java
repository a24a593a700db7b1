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
import java.nio.file.attribute.FileTime;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
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
        assertJournalFilesOnly(journal);
        assertListingIsTheFiles(journal);
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
            assertJournalFilesOnly(journal);
            assertListingIsTheFiles(journal);
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
        assertJournalFilesOnly(journal);
        assertListingIsTheFiles(journal);
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
     * --retain-time: cycle files last written longer ago than the limit go, the new ones stay.
     * Capture A writes cycles that are then dated two hours back; capture B appends with
     * --retain-time 1h and deletes every one of A's files but its last, which B writes again, and
     * none of its own; what is left replays. Two bugs made this fail. Retention ran before B's first
     * append, while Chronicle's appender opened A's cycle files in turn, and left Chronicle's listing
     * naming a deleted file as the first (replay: "journal ... is empty", 2 of 15 runs). And a roll
     * between the writer's look at the clock and its append left A's last cycle file opening with a
     * CGROUPS block and no METADATA (replay: "not a ringcap journal", 2 of 4 runs on a loaded machine).
     */
    @Test
    void retainTimeDeletesCycleFilesOlderThanTheLimitAndKeepsTheNewOnes() throws Exception
    {
        final Path journal = temp.resolve("aging");
        captureWith(journal, List.of());
        final List<Path> filesOfA = cycleFiles(journal);
        assertTrue(filesOfA.size() >= 2, "A rolled (its METADATA and its SUMMARY are 4 s apart): " + filesOfA);
        final FileTime twoHoursAgo = FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(2));
        for (final Path file : filesOfA)
        {
            Files.setLastModifiedTime(file, twoHoursAgo);
        }

        final long startOfB = System.currentTimeMillis();
        final String logB = captureWith(journal, List.of("--retain-time", "1h"));
        // A's last cycle file is written again by B: Chronicle marks its end when B's first append
        // goes to a new cycle. Last written now, it stays; every older one of A's goes, and nothing else.
        final Path lastOfA = filesOfA.get(filesOfA.size() - 1);
        assertEquals(filesOfA.subList(0, filesOfA.size() - 1), deletedCycleFiles(logB),
            "B deleted A's cycle files older than 1h, oldest first, and no other: " + logB);
        assertTrue(Files.getLastModifiedTime(lastOfA).toMillis() >= startOfB - 1000, "B wrote A's last cycle file");
        final List<Path> after = cycleFiles(journal);
        assertEquals(lastOfA, after.get(0), "A's last cycle file, written again by B, stays: " + after);
        assertTrue(after.size() >= 3, "B's own cycle files stay (its METADATA and SUMMARY are 4 s apart): " + after);
        assertSidecars(journal);
        assertJournalFilesOnly(journal);
        assertListingIsTheFiles(journal);
        final long records;
        try (JournalReader reader = JournalReader.open(journal))
        {
            records = reader.forEachRecord((buffer, offset, length) -> { });
            final List<JournalSegment> segments = reader.segments();
            assertEquals(2, segments.size(), "A's tail (its last cycle restates its METADATA) and B: " + segments);
            assertNotNull(segments.get(0).summary(), "A's summary is in its last cycle");
            assertEquals(BURSTS * CALLS_PER_BURST, segments.get(0).summary().eventsJournaled());
            assertTrue(segments.get(0).records() < BURSTS * CALLS_PER_BURST, "A's older cycles are gone: " + segments);
            assertNotNull(segments.get(1).summary(), "B's summary");
            assertEquals(BURSTS * CALLS_PER_BURST, segments.get(1).summary().eventsJournaled());
            assertEquals(BURSTS * CALLS_PER_BURST, segments.get(1).records(), "B's events, all");
            assertEquals(segments.get(0).records() + segments.get(1).records(), records);
            assertEquals(List.of(), reader.damage(), "no damaged region");
        }
        assertEquals(records, replayable(journal), "ringcap replay reads what is left, exit 0");
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
        final boolean finished = capture.waitFor(180, TimeUnit.SECONDS); // under 10 s alone; 57 s seen on a loaded machine
        if (!finished)
        {
            capture.destroyForcibly();
        }
        assertTrue(finished, "capture finished: " + Files.readString(log));
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
        final boolean finished = capture.waitFor(180, TimeUnit.SECONDS); // under 10 s alone; 57 s seen on a loaded machine
        if (!finished)
        {
            capture.destroyForcibly();
        }
        assertTrue(finished, "capture finished: " + Files.readString(log));
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

    /** The cycle files a capture's log says retention deleted, in the order it deleted them. */
    private static List<Path> deletedCycleFiles(final String log)
    {
        final String prefix = "retention: deleted ";
        return log.lines().filter(line -> line.contains(prefix))
            .map(line -> line.substring(line.indexOf(prefix) + prefix.length()))
            .filter(rest -> rest.contains(".cq4 ("))
            .map(rest -> Path.of(rest.substring(0, rest.indexOf(" ("))))
            .toList();
    }

    /**
     * Chronicle's listing in metadata.cq4t, which readers start from, names the oldest and newest
     * cycle files there are: a file deleted under the writer's feet left it naming a missing one.
     */
    private static void assertListingIsTheFiles(final Path journal) throws Exception
    {
        final List<Path> cycles = cycleFiles(journal);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).readOnly(true).build())
        {
            assertEquals(cycleOf(cycles.get(0), queue), queue.firstCycle(), "the listing's first cycle: " + cycles);
            assertEquals(cycleOf(cycles.get(cycles.size() - 1), queue), queue.lastCycle(), "the listing's last cycle: " + cycles);
        }
    }

    /** The cycle a file name stands for: Chronicle names cycle files with the roll cycle's format, in UTC. */
    private static int cycleOf(final Path cycleFile, final SingleChronicleQueue queue) throws Exception
    {
        final SimpleDateFormat format = new SimpleDateFormat(queue.rollCycle().format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        final String name = cycleFile.getFileName().toString();
        return (int)(format.parse(name.substring(0, name.length() - ".cq4".length())).getTime() /
            queue.rollCycle().lengthInMillis());
    }

    /**
     * Nothing but cycle files, their sidecars and Chronicle's metadata.cq4t: no file Chronicle made
     * again after retention deleted it and then set aside (its {@code .discard} files), nothing else.
     */
    private static void assertJournalFilesOnly(final Path journal) throws Exception
    {
        try (Stream<Path> files = Files.list(journal))
        {
            final List<String> others = files.map(p -> p.getFileName().toString())
                .filter(name -> !name.endsWith(".cq4") && !name.endsWith(".cq4.readers") && !name.equals("metadata.cq4t"))
                .toList();
            assertEquals(List.of(), others, "files other than the journal's own");
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
