package io.ringcap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSegment;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.ReaderSidecar;
import io.ringcap.wire.RingRecordFraming;
import io.ringcap.wire.ShipCheckpoint;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention against a reader registered on a cycle file's sidecar from another process (fcntl
 * locks are per process: one in this JVM would not be what retention meets in production).
 * The cycle files are stand-ins of 1,000 bytes each: retention only lists, sizes and deletes them;
 * except in appendingToAJournalPastRetainTime..., where a real writer appends to an aged journal.
 */
class JournalRetentionTest
{
    private static final int CYCLE_BYTES = 1_000;
    /** Keep at most one cycle's worth: every cycle file but the newest is over the limit. */
    private static final JournalRetention.Limits ONE_CYCLE = new JournalRetention.Limits(CYCLE_BYTES, Long.MAX_VALUE);

    @TempDir
    Path journal;

    @Test
    void aCycleWhoseSidecarAReaderHoldsIsKeptWithEverythingNewerAndDeletedOnceReleased() throws Exception
    {
        final Path first = cycle("20261122-100001T.cq4", true);
        final Path second = cycle("20261122-100002T.cq4", true);
        final Path third = cycle("20261122-100003T.cq4", true);
        final Process reader = holdSharedLock(ReaderSidecar.of(second));
        try (JournalRetention retention = new JournalRetention(journal, ONE_CYCLE))
        {
            assertEquals(List.of(first), retention.enforce(), "the pass stops at the cycle the reader holds");
            assertEquals(List.of(second, ReaderSidecar.of(second), third, ReaderSidecar.of(third)), files());
            assertEquals(List.of(), retention.enforce(), "still held");

            release(reader);
            assertEquals(List.of(second), retention.enforce(), "released: deleted, sidecar and all");
            assertEquals(List.of(third, ReaderSidecar.of(third)), files(), "the newest is never deleted");
        }
        finally
        {
            reader.destroyForcibly();
        }
    }

    @Test
    void retentionTakesNoLockOnTheCycleFileItself() throws Exception
    {
        // A lock there (what replay took before sidecars) would stall Chronicle's writer; retention ignores it.
        final Path first = cycle("20261122-100001T.cq4", true);
        final Path second = cycle("20261122-100002T.cq4", true);
        final Process reader = holdSharedLock(first);
        try (JournalRetention retention = new JournalRetention(journal, ONE_CYCLE))
        {
            assertEquals(List.of(first), retention.enforce());
            assertEquals(List.of(second, ReaderSidecar.of(second)), files());
        }
        finally
        {
            release(reader);
            reader.destroyForcibly();
        }
    }

    @Test
    void cyclesWithoutSidecarGoAndSoDoStaleSidecarsButNotOneMadeAheadOfItsCycle() throws Exception
    {
        final Path stale = ReaderSidecar.of(journal.resolve("20261122-100000T.cq4"));
        Files.createFile(stale);
        final Path old = cycle("20261122-100001T.cq4", false); // written before sidecars
        final Path skipped = ReaderSidecar.of(journal.resolve("20261122-100002T.cq4")); // a second without events
        Files.createFile(skipped);
        final Path newest = cycle("20261122-100003T.cq4", true);
        final Path ahead = ReaderSidecar.of(journal.resolve("20261122-100004T.cq4"));
        Files.createFile(ahead);
        final Path stray = Files.createFile(journal.resolve(".cq4.readers")); // no cycle's: left alone
        try (JournalRetention retention = new JournalRetention(journal, ONE_CYCLE))
        {
            assertEquals(List.of(old), retention.enforce());
            assertEquals(List.of(stray, newest, ReaderSidecar.of(newest), ahead), files());
        }
    }

    @Test
    void deletingACycleARegisteredShipperHasNotShippedSaysSoInOneLine() throws Exception
    {
        final Path first = cycle("20261122-100001T.cq4", false);
        final Path second = cycle("20261122-100002T.cq4", false);
        final Path third = cycle("20261122-100003T.cq4", false);
        final Path fourth = cycle("20261122-100004T.cq4", false);
        // one shipper acknowledged up to the second cycle (shipped in part), one is past the third
        final Path behind = ShipCheckpoint.file(journal, "fleet");
        new ShipCheckpoint("kafka://127.0.0.1:9092/fleet", 0x1000, "20261122-100002T.cq4", 1, 40, 9_000).write(behind);
        new ShipCheckpoint("kafka://127.0.0.1:9092/caught-up", 0x3000, "20261122-100004T.cq4", 1, 90, 20_000)
            .write(ShipCheckpoint.file(journal, "caught-up"));
        final List<String> lines;
        try (JournalRetention retention = new JournalRetention(journal, ONE_CYCLE))
        {
            lines = stderrOf(() -> assertEquals(List.of(first, second, third), retention.enforce(),
                "the capture never waits for a shipper: deleted all the same"));
        }
        final List<String> warnings = lines.stream().filter(line -> line.startsWith("[WARN]")).toList();
        assertEquals(List.of("[WARN] JournalRetention - retention: deleted 3 cycle file(s) from " + journal +
            " that ship has not shipped to kafka://127.0.0.1:9092/fleet (2 of them, checkpoint ship-fleet.checkpoint): " +
            "their events will not reach Kafka"), warnings, String.join("\n", lines));
        assertEquals(3, lines.stream().filter(line -> line.startsWith("[INFO] JournalRetention - retention: deleted ")).count(),
            String.join("\n", lines));
        assertTrue(Files.exists(fourth) && Files.exists(behind), "the newest cycle and the checkpoints stay");

        // every cycle it deletes is shipped: no warning
        final Path fifth = cycle("20261122-100005T.cq4", false);
        new ShipCheckpoint("kafka://127.0.0.1:9092/fleet", 0x5000, "20261122-100005T.cq4", 1, 99, 30_000).write(behind);
        new ShipCheckpoint("kafka://127.0.0.1:9092/caught-up", 0x5000, "20261122-100005T.cq4", 1, 99, 30_000)
            .write(ShipCheckpoint.file(journal, "caught-up"));
        try (JournalRetention retention = new JournalRetention(journal, ONE_CYCLE))
        {
            final List<String> quiet = stderrOf(() -> assertEquals(List.of(fourth), retention.enforce()));
            assertEquals(List.of(), quiet.stream().filter(line -> line.startsWith("[WARN]")).toList(), String.join("\n", quiet));
        }
        assertTrue(Files.exists(fifth));
    }

    @Test
    void noPassBeforeStartThenOneAtStartAndOneEachRollWithTheListingRefreshedAfterEachFileDeleted() throws Exception
    {
        final Path first = cycle("20261122-100001T.cq4", true);
        final Path second = cycle("20261122-100002T.cq4", true);
        final Path third = cycle("20261122-100003T.cq4", true);
        final HeldPasses passes = new HeldPasses();
        final List<List<Path>> listedAtRefresh = new ArrayList<>();
        try (JournalRetention retention = new JournalRetention(journal, ONE_CYCLE, passes))
        {
            // What Chronicle reports while its new appender scans the older cycle files, before its first append.
            retention.onReleased(3, third.toFile());
            retention.onReleased(1, first.toFile());
            assertEquals(0, passes.waiting(), "no pass before start: the appender may still open any older cycle file");
            assertEquals(List.of(first, ReaderSidecar.of(first), second, ReaderSidecar.of(second), third,
                ReaderSidecar.of(third)), files());

            retention.start(() -> listedAtRefresh.add(filesNow()));
            assertEquals(1, passes.waiting(), "one pass at start, for what the journal held");
            passes.runAll();
            assertEquals(List.of(third, ReaderSidecar.of(third)), files());
            assertEquals(List.of(
                List.of(second, ReaderSidecar.of(second), third, ReaderSidecar.of(third)),
                List.of(third, ReaderSidecar.of(third))), listedAtRefresh,
                "the listing is refreshed after each file deleted, the file and its sidecar already gone");

            final Path fourth = cycle("20261122-100004T.cq4", true);
            retention.onReleased(3, third.toFile()); // a roll
            assertEquals(1, passes.waiting(), "once started, each roll a pass");
            passes.runAll();
            assertEquals(List.of(fourth, ReaderSidecar.of(fourth)), files());
            assertEquals(List.of(fourth, ReaderSidecar.of(fourth)), listedAtRefresh.get(2));
            assertEquals(3, listedAtRefresh.size());
        }
        assertTrue(passes.isShutdown(), "closing retention shuts its passes down");
    }

    /**
     * The capture's order with a real writer, on a journal whose older cycle files are past
     * --retain-time: the writer's first append (before it Chronicle's appender opens the older cycle
     * files in turn), then {@link JournalRetention#start}. Chronicle's listing then starts at a cycle
     * file that exists, and what is left replays: the older capture's tail and the new segment.
     */
    @Test
    void appendingToAJournalPastRetainTimeLeavesAListingThatStartsAtAFileThatExistsAndReplays() throws Exception
    {
        final RollCycle secondly = TestRollCycles.TEST_SECONDLY;
        // Capture A: METADATA in one cycle, CGROUPS in the next, SUMMARY in a third (each restating METADATA).
        try (JournalWriter writer = new JournalWriter(journal, secondly, null))
        {
            writer.writeMetadata(metadata(1001));
            awaitNextSecond();
            writer.writeCgroups(Map.of(7L, "/a"));
            awaitNextSecond();
            writer.writeSummary(0, 0);
        }
        final List<Path> filesOfA = cycleFiles();
        assertEquals(3, filesOfA.size(), "A wrote three cycles: " + filesOfA);
        final FileTime twoHoursAgo = FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(2));
        Files.setLastModifiedTime(filesOfA.get(0), twoHoursAgo);
        Files.setLastModifiedTime(filesOfA.get(1), twoHoursAgo);
        awaitNextSecond(); // B's first cycle is one of its own

        final ExecutorService passes = Executors.newSingleThreadExecutor();
        try (JournalRetention retention = new JournalRetention(journal, new JournalRetention.Limits(Long.MAX_VALUE,
            TimeUnit.HOURS.toMillis(1)), passes))
        {
            try (JournalWriter writer = new JournalWriter(journal, secondly, new ReaderSidecars(journal, secondly, retention)))
            {
                writer.writeMetadata(metadata(1002));
                retention.start(writer::refreshDirectoryListing);
                writer.writeSummary(0, 0);
            }
        }
        assertTrue(passes.awaitTermination(60, TimeUnit.SECONDS), "the passes ended"); // milliseconds, alone

        final List<Path> after = cycleFiles();
        assertEquals(filesOfA.get(2), after.get(0), "A's two aged cycles went, its last stays: " + after);
        assertTrue(after.size() >= 2 && after.subList(1, after.size()).stream().noneMatch(filesOfA::contains),
            "and B's cycles (one, or two if the clock ticked between B's blocks): " + after);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).readOnly(true).build())
        {
            assertEquals(cycleOf(after.get(0), secondly), queue.firstCycle(),
                "Chronicle's listing (metadata.cq4t), which readers start from, starts at the oldest cycle file left");
            assertEquals(cycleOf(after.get(1), secondly), queue.lastCycle());
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(1001, reader.metadata().capturePid(), "A's METADATA, restated in its last cycle");
            assertEquals(0, reader.forEachRecord((buffer, offset, length) -> { }));
            final List<JournalSegment> segments = reader.segments();
            assertEquals(2, segments.size(), segments.toString());
            assertEquals(1002, segments.get(1).metadata().capturePid());
            assertTrue(null != segments.get(0).summary() && null != segments.get(1).summary(), segments.toString());
        }
    }

    /**
     * A capture killed after retention deleted its oldest cycle file and before it had the writer
     * refresh Chronicle's listing: metadata.cq4t names the deleted file as the first. Replay reads
     * what is left, exactly, exit 0, and changes no file (before the fix: "journal ... is empty: it
     * has no intact METADATA block", exit 2). A real writer, one cycle file a second: records 0-9 in
     * the first, 10-19 in the second, 20-29 and the SUMMARY after.
     */
    @Test
    void aCaptureKilledBetweenARetentionDeleteAndTheListingRefreshLeavesAJournalThatReplaysWhatIsLeft() throws Exception
    {
        final RollCycle secondly = TestRollCycles.TEST_SECONDLY;
        try (JournalWriter writer = new JournalWriter(journal, secondly, new ReaderSidecars(journal, secondly, null)))
        {
            awaitNextSecond();
            writer.writeMetadata(metadata(1001));
            writer.writeCgroups(Map.of(7L, "/a"));
            for (int second = 0; second < 3; second++)
            {
                if (second > 0)
                {
                    awaitNextSecond();
                }
                final UnsafeBuffer span = mqNotifySpan(second * 10, 10);
                writer.onSpan(span, 0, span.capacity(), 10);
            }
            writer.writeSummary(30, 0);
        }
        final List<Path> written = cycleFiles();
        assertTrue(written.size() == 3 || written.size() == 4, "one cycle file a second, the SUMMARY maybe in a fourth: " +
            written);

        // retention as the capture runs it, killed before the listing refresh: no start(), so none
        final long eachFile = Files.size(written.get(0));
        try (JournalRetention retention = new JournalRetention(journal,
            new JournalRetention.Limits((written.size() - 1) * eachFile, Long.MAX_VALUE)))
        {
            assertEquals(List.of(written.get(0)), retention.enforce());
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).readOnly(true).build())
        {
            assertEquals(cycleOf(written.get(0), secondly), queue.firstCycle(), "the listing names the deleted file");
        }
        final List<String> before = filesWithSizesAndTimes();

        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(1001, reader.metadata().capturePid(), "restated in the first file left");
            final List<Long> entries = new ArrayList<>();
            reader.forEachRecord((buffer, offset, length) ->
                entries.add(buffer.getLong(offset + EventHeaderLayout.ENTRY_NS_OFFSET, ByteOrder.LITTLE_ENDIAN)));
            assertEquals(LongStream.range(10, 30).boxed().toList(), entries);
            assertEquals(List.of(), reader.damage());
        }
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = io.ringcap.replay.cli.ReplayCommand.run(new String[] {"--journal", journal.toString(), "--stats"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals("20 events replayed from " + journal + " (journaled 30, dropped 0)\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(before, filesWithSizesAndTimes(), "replay created and changed no file");
    }

    /** count framed mq_notify records, entry_ns their numbers from first on, the rest zero. */
    private static UnsafeBuffer mqNotifySpan(final int first, final int count)
    {
        final int framed = RingRecordFraming.alignedRecordLength(MqNotifyLayout.LENGTH);
        final UnsafeBuffer span = new UnsafeBuffer(new byte[count * framed]);
        for (int i = 0; i < count; i++)
        {
            final int at = i * framed;
            span.putInt(at + RingRecordFraming.LENGTH_OFFSET, MqNotifyLayout.LENGTH, ByteOrder.LITTLE_ENDIAN);
            final int record = at + RingRecordFraming.HEADER_LENGTH;
            span.putShort(record + EventHeaderLayout.EVENT_TYPE_OFFSET, (short)EventType.MQ_NOTIFY, ByteOrder.LITTLE_ENDIAN);
            span.putShort(record + EventHeaderLayout.SIZE_OFFSET, (short)MqNotifyLayout.LENGTH, ByteOrder.LITTLE_ENDIAN);
            span.putLong(record + EventHeaderLayout.ENTRY_NS_OFFSET, first + i, ByteOrder.LITTLE_ENDIAN);
            span.putLong(record + EventHeaderLayout.EXIT_NS_OFFSET, first + i + 1, ByteOrder.LITTLE_ENDIAN);
        }
        return span;
    }

    private List<String> filesWithSizesAndTimes() throws Exception
    {
        final List<String> listed = new ArrayList<>();
        for (final Path file : files())
        {
            listed.add(file.getFileName() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toInstant());
        }
        return listed;
    }

    /** What SLF4J's simple provider (System.err at each message) printed while the action ran. */
    private static List<String> stderrOf(final Runnable action)
    {
        final PrintStream saved = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            action.run();
        }
        finally
        {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private Path cycle(final String name, final boolean withSidecar) throws Exception
    {
        final Path cycle = Files.write(journal.resolve(name), new byte[CYCLE_BYTES]);
        if (withSidecar)
        {
            Files.createFile(ReaderSidecar.of(cycle));
        }
        return cycle;
    }

    private List<Path> files() throws Exception
    {
        try (Stream<Path> list = Files.list(journal))
        {
            return list.sorted().toList();
        }
    }

    private List<Path> filesNow()
    {
        try (Stream<Path> list = Files.list(journal))
        {
            return list.sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private List<Path> cycleFiles() throws Exception
    {
        return files().stream().filter(file -> file.getFileName().toString().endsWith(ReaderSidecar.CYCLE_FILE_SUFFIX)).toList();
    }

    /** The cycle a file name stands for, as Chronicle names cycle files: the roll cycle's format, UTC. */
    private static int cycleOf(final Path cycleFile, final RollCycle rollCycle) throws ParseException
    {
        final SimpleDateFormat format = new SimpleDateFormat(rollCycle.format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        final String name = cycleFile.getFileName().toString();
        final String stem = name.substring(0, name.length() - ReaderSidecar.CYCLE_FILE_SUFFIX.length());
        return (int)(format.parse(stem).getTime() / rollCycle.lengthInMillis());
    }

    private static JournalMetadata metadata(final int capturePid)
    {
        return new JournalMetadata(JournalFormat.FORMAT_VERSION, "h", "6.18.0", 0, "tracepoint", 1 << 16, capturePid, "sh");
    }

    /** Until the wall clock, which Chronicle's writer reads, is in the next second: the next test-secondly cycle. */
    private static void awaitNextSecond() throws InterruptedException
    {
        final long second = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 == second)
        {
            Thread.sleep(5);
        }
    }

    /** Holds the passes retention asks for until the test runs them, so which it asked for is exact. */
    private static final class HeldPasses extends AbstractExecutorService
    {
        private final List<Runnable> waiting = new ArrayList<>();
        private boolean shutdown;

        @Override
        public void execute(final Runnable pass)
        {
            if (shutdown)
            {
                throw new RejectedExecutionException("shut down");
            }
            waiting.add(pass);
        }

        int waiting()
        {
            return waiting.size();
        }

        void runAll()
        {
            final List<Runnable> passes = List.copyOf(waiting);
            waiting.clear();
            passes.forEach(Runnable::run);
        }

        @Override
        public void shutdown()
        {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow()
        {
            shutdown = true;
            final List<Runnable> never = List.copyOf(waiting);
            waiting.clear();
            return never;
        }

        @Override
        public boolean isShutdown()
        {
            return shutdown;
        }

        @Override
        public boolean isTerminated()
        {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(final long timeout, final TimeUnit unit)
        {
            return shutdown;
        }
    }

    private static Process holdSharedLock(final Path file) throws Exception
    {
        final Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), HoldSharedLock.class.getName(), file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String ready = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        assertEquals(HoldSharedLock.READY, ready, "the holder locked " + file);
        return holder;
    }

    private static void release(final Process holder) throws Exception
    {
        holder.getOutputStream().close();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the holder let go");
        assertEquals(0, holder.exitValue());
    }
}
