package io.ringcap.replay.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ReaderSidecar;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cycle files deleted behind Chronicle's listing ({@code metadata.cq4t}, whose lowest and highest
 * cycle only a writer refreshes): by a capture killed between a retention delete and the refresh, or
 * by a user freeing disk by hand. Every event still on disk replays, in order, through every path
 * (formats, --follow, --since, --stats); the oldest files gone are no damage, a file gone from
 * between two that are left is lost data and named in one line, exit 3; and the reader creates and
 * changes no file (names, sizes and modification times compared before and after).
 * <p>
 * Before the fix: the oldest file gone made replay say "journal ... is empty: it has no intact
 * METADATA block" (exit 2) for each path; a middle one was reported as "records missing before
 * this block, no damaged bytes found" at the next file's offset, not as a missing file; a middle
 * file that held a segment's start made the journal "corrupt" (exit 2); the newest file gone read
 * as a capture that did not finish (exit 0). No file was created in any of these.
 * <p>
 * The journal: four daily cycle files, 2026-11-22 to 25, each METADATA (restated after the first),
 * CGROUPS, PROCESSES and two EVENTS blocks of five mq_notify records, whose mqdes is the record's
 * number (0 to 39) and whose entry times are 1 s apart; the SUMMARY in the last. Each cycle file
 * has its reader sidecar, as capture makes them.
 */
class MissingCycleFilesTest
{
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);
    private static final long BOOT_TO_WALL_NS = 1_796_220_000_000_000_000L;
    private static final long FIRST_ENTRY_NS = 5_000_000_000L;
    private static final JournalMetadata METADATA = TestJournalWriter.metadata(BOOT_TO_WALL_NS);
    private static final JournalMetadata SECOND_CAPTURE = new JournalMetadata(JournalFormat.FORMAT_VERSION, "build-7",
        "6.18.44-test", BOOT_TO_WALL_NS, "tracepoint", 16L * 1024 * 1024, 31338, "./mq_load");
    private static final String[] DAYS = {"20261122F.cq4", "20261123F.cq4", "20261124F.cq4", "20261125F.cq4"};
    /** mqdes in the table's and CSV's ARGS, or in JSON's args. */
    private static final Pattern MQDES = Pattern.compile("mqdes=(\\d+)|\"name\":\"mqdes\",\"type\":\"int32\",\"value\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void theOldestCycleFileDeletedBehindTheListingIsNoDamageAndEveryEventLeftReplays() throws Exception
    {
        writeFourDays(dir);
        Files.delete(dir.resolve(DAYS[0])); // by hand: the sidecar stays
        assertEquals(DAYS[0], listingFirst(dir), "the listing names the deleted file: the case under test");
        final List<String> before = files(dir);

        for (final String format : new String[] {"table", "json", "csv"})
        {
            final Run run = replay("--journal", dir.toString(), "--format", format);
            assertEquals(ReplayCommand.EXIT_OK, run.exit, run.err);
            assertEquals(range(10, 40), run.mqdes(), format);
            assertEquals("30 events replayed from " + dir + " (journaled 40, dropped 0)\n", run.err, format);
        }
        assertEquals(before, files(dir), "replay created and changed no file");

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(METADATA, reader.metadata(), "restated in the first file left");
            assertEquals(range(10, 40), records(reader));
            assertEquals(List.of(), reader.damage());
            assertEquals(List.of(new JournalSegment(1, METADATA, 30, new JournalSummary(40, 40, 0))), reader.segments());
            assertEquals(new JournalSummary(40, 40, 0), reader.summary());
        }
        assertEquals(before, files(dir), "the reader created and changed no file");
    }

    @Test
    void theTwoOldestDeletedWithTheirSidecars() throws Exception
    {
        writeFourDays(dir);
        for (final String day : new String[] {DAYS[0], DAYS[1]})
        {
            Files.delete(dir.resolve(day));
            Files.delete(ReaderSidecar.of(dir.resolve(day)));
        }
        assertEquals(DAYS[0], listingFirst(dir));
        final List<String> before = files(dir);

        final Run run = replay("--journal", dir.toString(), "--format", "csv");
        assertEquals(ReplayCommand.EXIT_OK, run.exit, run.err);
        assertEquals(range(20, 40), run.mqdes());
        assertEquals("20 events replayed from " + dir + " (journaled 40, dropped 0)\n", run.err);
        assertEquals(before, files(dir));
    }

    @Test
    void followStatsAndSinceReplayEveryEventLeft() throws Exception
    {
        writeFourDays(dir);
        Files.delete(dir.resolve(DAYS[0]));
        final List<String> before = files(dir);

        // --follow: what is there, then (nothing new) the stop
        final Run follow = replayUntil(() -> true, "--journal", dir.toString(), "--format", "csv", "--follow");
        assertEquals(ReplayCommand.EXIT_OK, follow.exit, follow.err);
        assertEquals(range(10, 40), follow.mqdes());
        assertEquals("30 events replayed from " + dir + " (journaled 40, dropped 0)\n", follow.err);

        final Run stats = replay("--journal", dir.toString(), "--stats");
        assertEquals(ReplayCommand.EXIT_OK, stats.exit, stats.err);
        assertTrue(stats.out.startsWith("30 events\nby event:\n  30  mq_notify\n"), stats.out);
        assertFalse(stats.out.contains("damage"), stats.out);

        // --since the 26th record's entry: a seek through the index of the files left, then exactly 25..39
        final Run since = replay("--journal", dir.toString(), "--format", "csv", "--since", sinceRecord(25));
        assertEquals(ReplayCommand.EXIT_OK, since.exit, since.err);
        assertEquals(range(25, 40), since.mqdes());
        assertTrue(since.err.startsWith("20 events replayed from " + dir + " (from the --since seek point), " +
            "15 matched the filters (journaled 40, dropped 0)"), "the seek skipped the 2026-11-23 file: " + since.err);
        assertEquals(before, files(dir));
    }

    @Test
    void aFollowerSeesNewCyclesAfterTheDeletedOldest() throws Exception
    {
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-11-22T01:00:00Z"));
        int n = 0;
        try (TestJournalWriter writer = TestJournalWriter.create(dir, RollCycles.FAST_DAILY, clock))
        {
            for (int day = 0; day < 2; day++)
            {
                n = day(writer, clock, day, n);
            }
        }
        Files.delete(dir.resolve(DAYS[0]));
        assertEquals(DAYS[0], listingFirst(dir));

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(-1);
        final Thread follower = new Thread(() -> exit.set(ReplayCommand.run(
            new String[] {"--journal", dir.toString(), "--format", "csv", "--follow"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(), stop::get)), "follower");
        follower.start();
        try
        {
            awaitRecords(out, 10);
            assertEquals(range(10, 20), mqdes(out.toString(StandardCharsets.UTF_8)));
            // the capture goes on into two new cycle files (the 24th and 25th), then stops
            try (TestJournalWriter writer = TestJournalWriter.create(dir, RollCycles.FAST_DAILY, clock))
            {
                writer.skipRecords(n); // the same capture's segment: its records go on numbering
                n = day(writer, clock, 2, n);
                n = day(writer, clock, 3, n);
                writer.summary(n, n, 0);
            }
            awaitRecords(out, 30);
        }
        finally
        {
            stop.set(true);
            follower.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertEquals(ReplayCommand.EXIT_OK, exit.get(), err.toString(StandardCharsets.UTF_8));
        assertEquals(range(10, 40), mqdes(out.toString(StandardCharsets.UTF_8)));
        assertEquals("30 events replayed from " + dir + " (journaled 40, dropped 0)\n", err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve(DAYS[0])), "the deleted file was not made again");
    }

    @Test
    void aCycleFileDeletedBetweenTwoLeftIsLostDataNamedInOneLine() throws Exception
    {
        writeFourDays(dir);
        Files.delete(dir.resolve(DAYS[1]));
        final List<String> before = files(dir);
        final String line = "ringcap: damaged journal " + dir + ": cycle file 20261123F.cq4 is missing (deleted?), 10 records lost";

        final Run run = replay("--journal", dir.toString(), "--format", "csv");
        assertEquals(ReplayCommand.EXIT_DAMAGED, run.exit, run.err);
        assertEquals(concat(range(0, 10), range(20, 40)), run.mqdes());
        assertEquals(List.of(line, "30 events replayed from " + dir + " (journaled 40, dropped 0; 1 damaged region, 10 records lost)"),
            run.err.lines().toList());

        final Run follow = replayUntil(() -> true, "--journal", dir.toString(), "--format", "csv", "--follow");
        assertEquals(ReplayCommand.EXIT_DAMAGED, follow.exit, follow.err);
        assertEquals(concat(range(0, 10), range(20, 40)), follow.mqdes());
        assertEquals(line, follow.err.lines().findFirst().orElse(""));

        final Run stats = replay("--journal", dir.toString(), "--stats");
        assertEquals(ReplayCommand.EXIT_DAMAGED, stats.exit, stats.err);
        assertTrue(stats.out.endsWith("damage: 1 damaged region, 10 records lost\n" +
            "  cycle file 20261123F.cq4 is missing (deleted?), 10 records lost\n"), stats.out);
        assertEquals(before, files(dir));

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(concat(range(0, 10), range(20, 40)), records(reader));
            assertEquals(List.of(new JournalDamage("20261123F.cq4", -1, -1, -1,
                "cycle file 20261123F.cq4 is missing (deleted?)", 10)), reader.damage());
        }
    }

    @Test
    void theNewestCycleFileDeletedIsLostDataOfUnknownSize() throws Exception
    {
        writeFourDays(dir);
        Files.delete(dir.resolve(DAYS[3]));
        final List<String> before = files(dir);

        final Run run = replay("--journal", dir.toString(), "--format", "csv");
        assertEquals(ReplayCommand.EXIT_DAMAGED, run.exit, run.err);
        assertEquals(range(0, 30), run.mqdes());
        assertEquals(List.of("ringcap: damaged journal " + dir + ": cycle file 20261125F.cq4 is missing (deleted?): the " +
            "newest in Chronicle's listing, records lost unknown (the damage runs to the end of its segment)",
            "30 events replayed from " + dir + " (no summary: the journal ends in damaged data; 1 damaged region, " +
            "records lost unknown)"), run.err.lines().toList());
        assertEquals(before, files(dir));
    }

    @Test
    void quietCyclesWithoutAFileAreNoDamage() throws Exception
    {
        // The 22nd and the 24th only: nothing was written on the 23rd, so it has no file; records go on.
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-11-22T01:00:00Z"));
        try (TestJournalWriter writer = TestJournalWriter.create(dir, RollCycles.FAST_DAILY, clock))
        {
            int n = day(writer, clock, 0, 0);
            clock.advanceMillis(DAY_MS);
            n = day(writer, clock, 1, n);
            writer.summary(n, n, 0);
        }
        assertEquals(List.of(DAYS[0], DAYS[2]), cycleFileNames(dir));

        final Run run = replay("--journal", dir.toString(), "--format", "csv");
        assertEquals(ReplayCommand.EXIT_OK, run.exit, run.err);
        assertEquals(range(0, 20), run.mqdes());
        assertEquals("20 events replayed from " + dir + " (journaled 20, dropped 0)\n", run.err);
    }

    @Test
    void aDeletedFileThatHeldTheStartOfTheNextCaptureSegment() throws Exception
    {
        // Capture A: the 22nd and 23rd, SUMMARY in the 23rd. Capture B (pid 31338): starts on the 24th
        // (METADATA, 10 records), goes on into the 25th (restated METADATA, 10 records), SUMMARY.
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-11-22T01:00:00Z"));
        try (TestJournalWriter writer = TestJournalWriter.create(dir, RollCycles.FAST_DAILY, clock))
        {
            int n = day(writer, clock, 0, 0);
            n = day(writer, clock, 1, n);
            writer.summary(n, n, 0);
            clock.advanceMillis(DAY_MS);
            writer.metadata(SECOND_CAPTURE).cgroups(Map.of(4711L, "/a")).processes(Map.of(4242, "/bin/x"));
            n = events(writer, n, 10);
            clock.advanceMillis(DAY_MS);
            writer.restatedMetadata(SECOND_CAPTURE).cgroups(Map.of(4711L, "/a")).processes(Map.of(4242, "/bin/x"));
            n = events(writer, n, 10);
            writer.summary(20, 20, 0);
        }
        Files.delete(dir.resolve(DAYS[2]));
        final List<String> before = files(dir);

        final Run run = replay("--journal", dir.toString(), "--format", "csv");
        assertEquals(ReplayCommand.EXIT_DAMAGED, run.exit, run.err);
        assertEquals(concat(range(0, 20), range(30, 40)), run.mqdes());
        assertEquals(List.of("ringcap: damaged journal " + dir + ": cycle file 20261124F.cq4 is missing (deleted?), 10 records lost",
            "30 events replayed from " + dir + " (2 segments; journaled 40, dropped 0; 1 damaged region, 10 records lost)"),
            run.err.lines().toList());
        assertEquals(before, files(dir));

        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<String> seen = new ArrayList<>();
            reader.forEachRecord((buffer, offset, length) -> { },
                (segment, metadata) -> seen.add(segment + ":" + metadata.capturePid()));
            assertEquals(List.of("1:31337", "2:31338"), seen, "B's records read with B's METADATA, restated in the 25th");
            assertEquals(List.of(new JournalSegment(1, METADATA, 20, new JournalSummary(20, 20, 0)),
                new JournalSegment(2, SECOND_CAPTURE, 10, new JournalSummary(20, 20, 0))), reader.segments());

            // two segments counted by the summary pass too: no --since seek across B's METADATA
            reader.seekSince(BOOT_TO_WALL_NS + FIRST_ENTRY_NS + 35 * 1_000_000_000L);
            assertEquals(30, reader.forEachRecord((buffer, offset, length) -> { }));
            assertEquals(0, reader.walkStartExcerpt());
        }
    }

    /**
     * Retention deleting the oldest cycle file at the moment a replay opens the journal: another
     * process (as retention is) holds the file's sidecar exclusively, then deletes the file, then its
     * sidecar, and lets go, without refreshing the listing. The reader waits out the deletion instead
     * of letting Chronicle open a file that may vanish under it (Chronicle's read-only open makes such
     * a file again, empty), and starts with the next.
     */
    @Test
    void aReplayOpeningWhileRetentionDeletesTheOldestStartsAfterIt() throws Exception
    {
        writeFourDays(dir);
        final Process retention = deleteUnderExclusiveLock(dir.resolve(DAYS[0]), 300);
        try
        {
            final Run run = replay("--journal", dir.toString(), "--format", "csv");
            assertEquals(ReplayCommand.EXIT_OK, run.exit, run.err);
            assertEquals(range(10, 40), run.mqdes());
            assertEquals("30 events replayed from " + dir + " (journaled 40, dropped 0)\n", run.err);
            assertEquals(0, retention.waitFor(), "the stand-in deleted the file");
        }
        finally
        {
            retention.destroyForcibly();
        }
        assertEquals(List.of(DAYS[1], DAYS[2], DAYS[3]), cycleFileNames(dir), "nothing made again");
    }

    /** The floor pin: taken at open, before Chronicle opens anything, and moved on as the walk goes. */
    @Test
    void theReaderPinsTheFirstFileLeftAtOnceAndMovesOnWithItsWalk() throws Exception
    {
        writeFourDays(dir);
        Files.delete(dir.resolve(DAYS[0]));
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertTrue(CycleFileLocks.pinned(dir.resolve(DAYS[1]).toFile()), "pinned at open");
            assertTrue(CycleFileLocks.locked(dir.resolve(DAYS[1]).toFile()), "its sidecar locked");
            assertEquals(30, reader.forEachRecord((buffer, offset, length) -> { }));
            assertFalse(CycleFileLocks.pinned(dir.resolve(DAYS[1]).toFile()), "retention may have what was read");
            assertTrue(CycleFileLocks.pinned(dir.resolve(DAYS[3]).toFile()), "the walk's last cycle");
            assertEquals(30, reader.forEachRecord((buffer, offset, length) -> { }), "a second walk from the start");
        }
        for (final String day : new String[] {DAYS[1], DAYS[2], DAYS[3]})
        {
            assertFalse(CycleFileLocks.pinned(dir.resolve(day).toFile()), "closed: nothing held");
        }
    }

    // ---- the journal

    private static void writeFourDays(final Path dir) throws IOException
    {
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-11-22T01:00:00Z"));
        int n = 0;
        try (TestJournalWriter writer = TestJournalWriter.create(dir, RollCycles.FAST_DAILY, clock))
        {
            for (int day = 0; day < 4; day++)
            {
                n = day(writer, clock, day, n);
            }
            writer.summary(n, n, 0);
        }
        assertEquals(List.of(DAYS), cycleFileNames(dir));
        for (final String day : DAYS)
        {
            Files.createFile(ReaderSidecar.of(dir.resolve(day))); // as capture makes them
        }
    }

    /** One cycle file's blocks: METADATA (restated after day 0), tables, ten records; returns the next record number. */
    private static int day(final TestJournalWriter writer, final SetTimeProvider clock, final int day, final int from)
    {
        if (day == 0)
        {
            writer.metadata(METADATA);
        }
        else
        {
            clock.advanceMillis(DAY_MS);
            writer.restatedMetadata(METADATA);
        }
        writer.cgroups(Map.of(4711L, "/a")).processes(Map.of(4242, "/bin/x"));
        return events(writer, from, 10);
    }

    /** EVENTS blocks of five records, mqdes the record number, entered 1 s apart. */
    private static int events(final TestJournalWriter writer, final int from, final int count)
    {
        int n = from;
        for (int block = 0; block < count / 5; block++)
        {
            final RingSpan span = new RingSpan();
            for (int i = 0; i < 5; i++, n++)
            {
                final long entry = FIRST_ENTRY_NS + n * 1_000_000_000L;
                span.record(new MqNotifyRecord().mqdes(n).entryNs(entry).exitNs(entry + 1_000).build());
            }
            writer.events(span);
        }
        return n;
    }

    private static String sinceRecord(final int n)
    {
        return Instant.ofEpochSecond(0, BOOT_TO_WALL_NS + FIRST_ENTRY_NS + n * 1_000_000_000L).toString();
    }

    // ---- what the test looks at

    /** The first cycle Chronicle's listing names, as a file name. */
    private static String listingFirst(final Path dir)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true).build())
        {
            return JournalFiles.cycleFileName(queue, queue.firstCycle());
        }
    }

    /** Every file: name, size, modification time. */
    private static List<String> files(final Path dir) throws IOException
    {
        final List<String> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir))
        {
            for (final Path file : list.sorted().toList())
            {
                final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                files.add(file.getFileName() + " " + attributes.size() + " " + attributes.lastModifiedTime().toInstant());
            }
        }
        return files;
    }

    private static List<String> cycleFileNames(final Path dir) throws IOException
    {
        try (Stream<Path> list = Files.list(dir))
        {
            return list.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".cq4")).sorted().toList();
        }
    }

    private static List<Integer> records(final JournalReader reader)
    {
        final List<Integer> seen = new ArrayList<>();
        reader.forEachRecord((buffer, offset, length) ->
            seen.add(buffer.getInt(offset + MqNotifyLayout.MQDES_OFFSET, ByteOrder.LITTLE_ENDIAN)));
        return seen;
    }

    private static List<Integer> range(final int from, final int to)
    {
        return IntStream.range(from, to).boxed().toList();
    }

    private static List<Integer> concat(final List<Integer> first, final List<Integer> second)
    {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    private static List<Integer> mqdes(final String out)
    {
        final List<Integer> seen = new ArrayList<>();
        final Matcher matcher = MQDES.matcher(out);
        while (matcher.find())
        {
            seen.add(Integer.parseInt(null != matcher.group(1) ? matcher.group(1) : matcher.group(2)));
        }
        return seen;
    }

    private static void awaitRecords(final ByteArrayOutputStream out, final int records) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (mqdes(out.toString(StandardCharsets.UTF_8)).size() < records && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(10);
        }
        assertEquals(records, mqdes(out.toString(StandardCharsets.UTF_8)).size(), out.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err)
    {
        List<Integer> mqdes()
        {
            return MissingCycleFilesTest.mqdes(out);
        }
    }

    private static Run replay(final String... args)
    {
        return replayUntil(() -> false, args);
    }

    /** ReplayCommand with System.err captured too: Chronicle's log lines must not reach the user either. */
    private static Run replayUntil(final java.util.function.BooleanSupplier stop, final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream logged = new ByteArrayOutputStream();
        final PrintStream systemErr = System.err;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        final int exit;
        try
        {
            exit = ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), stop);
        }
        finally
        {
            System.setErr(systemErr);
        }
        assertEquals("", logged.toString(StandardCharsets.UTF_8), "nothing logged behind the closing line");
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A process of its own doing what retention does to a cycle file: exclusive lock on the sidecar,
     * hold it a while (the file is being deleted), delete the file and the sidecar, let go.
     */
    private static Process deleteUnderExclusiveLock(final Path cycleFile, final long holdMs) throws IOException
    {
        final Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), DeleteLikeRetention.class.getName(), cycleFile.toString(),
            Long.toString(holdMs)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        assertEquals(DeleteLikeRetention.READY, ready, "the stand-in holds " + ReaderSidecar.of(cycleFile));
        return process;
    }

    /** See {@link #deleteUnderExclusiveLock}. */
    public static final class DeleteLikeRetention
    {
        static final String READY = "locked";

        private DeleteLikeRetention()
        {
        }

        public static void main(final String[] args) throws Exception
        {
            final Path cycleFile = Path.of(args[0]);
            final Path sidecar = ReaderSidecar.of(cycleFile);
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(sidecar,
                java.nio.file.StandardOpenOption.WRITE))
            {
                channel.lock();
                System.out.println(READY);
                System.out.flush();
                Thread.sleep(Long.parseLong(args[1]));
                Files.delete(cycleFile);
                Files.delete(sidecar);
            }
            final OutputStream done = System.out;
            done.flush();
        }
    }
}
