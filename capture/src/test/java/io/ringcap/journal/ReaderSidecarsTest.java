package io.ringcap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer makes each cycle file's sidecar, and the next cycle's before that cycle's file
 * exists, under the names Chronicle gives the cycle files; each private (0600).
 */
class ReaderSidecarsTest
{
    /** Half a second before midnight UTC: the next cycle of every roll cycle is on the next day. */
    private static final Instant LAST_SECOND_OF_THE_DAY = Instant.parse("2026-11-22T23:59:59.500Z");

    @TempDir
    Path temp;

    @Test
    void daily() throws Exception
    {
        assertSidecars(RollCycles.FAST_DAILY, "20261122F", "20261123F", "20261124F");
    }

    @Test
    void hourly() throws Exception
    {
        assertSidecars(RollCycles.FAST_HOURLY, "20261122-23F", "20261123-00F", "20261123-01F");
    }

    @Test
    void secondly() throws Exception
    {
        assertSidecars(TestRollCycles.TEST_SECONDLY, "20261122-235959T", "20261123-000000T", "20261123-000001T");
    }

    @Test
    void prepareMakesThoseOfTheCycleOfNowAndTheNextBeforeAnyCycleFile() throws Exception
    {
        final Path journal = temp.resolve("prepared");
        Files.createDirectory(journal);
        ReaderSidecars.prepare(journal, RollCycles.FAST_HOURLY, LAST_SECOND_OF_THE_DAY.toEpochMilli());
        assertEquals(List.of("20261122-23F.cq4.readers", "20261123-00F.cq4.readers"), names(journal));
        for (final String name : names(journal))
        {
            assertPrivateAndEmpty(journal.resolve(name));
        }
    }

    @Test
    void reportsOfOldCyclesMakeNoSidecarThatRetentionWouldFindStale() throws Exception
    {
        final Path journal = Files.createDirectory(temp.resolve("late"));
        final long now = LAST_SECOND_OF_THE_DAY.toEpochMilli(); // cycle 20261122-235959T
        final ReaderSidecars sidecars = new ReaderSidecars(journal, TestRollCycles.TEST_SECONDLY, () -> now, null);
        final int current = TestRollCycles.TEST_SECONDLY.current(() -> now, 0);

        // A capture appending visits the previous capture's last cycle; retention may have deleted it since.
        sidecars.onAcquired(current - 5, journal.resolve("20261122-235954T.cq4").toFile());
        assertEquals(List.of(), names(journal));

        // A report a cycle late: the cycle is no longer the newest, the next one (now current) is.
        sidecars.onAcquired(current - 1, journal.resolve("20261122-235958T.cq4").toFile());
        assertEquals(List.of("20261122-235959T.cq4.readers"), names(journal));

        sidecars.onAcquired(current, journal.resolve("20261122-235959T.cq4").toFile());
        assertEquals(List.of("20261122-235959T.cq4.readers", "20261123-000000T.cq4.readers"), names(journal));
    }

    /** Appends in three cycles in a row, as the writer's queue does with the listener capture gives it. */
    private void assertSidecars(final RollCycle rollCycle, final String first, final String second, final String third)
        throws Exception
    {
        final Path journal = temp.resolve(rollCycle.toString());
        final SetTimeProvider time = new SetTimeProvider(LAST_SECOND_OF_THE_DAY);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile()).rollCycle(rollCycle)
                .timeProvider(time).storeFileListener(new ReaderSidecars(journal, rollCycle, time, null)).build();
            ExcerptAppender appender = queue.createAppender())
        {
            append(appender);
            awaitFile(journal.resolve(second + ".cq4.readers"));
            assertEquals(List.of(first + ".cq4", first + ".cq4.readers", second + ".cq4.readers"), cycleNames(journal),
                "the next cycle's sidecar is there before its cycle file");

            time.advanceMillis(rollCycle.lengthInMillis());
            append(appender);
            awaitFile(journal.resolve(third + ".cq4.readers"));
            assertEquals(List.of(first + ".cq4", first + ".cq4.readers", second + ".cq4", second + ".cq4.readers",
                third + ".cq4.readers"), cycleNames(journal));
        }
        for (final String name : cycleNames(journal))
        {
            if (name.endsWith(".readers"))
            {
                assertPrivateAndEmpty(journal.resolve(name));
            }
        }
    }

    private static void assertPrivateAndEmpty(final Path sidecar) throws Exception
    {
        final String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(sidecar));
        assertEquals("rw-------", permissions, sidecar.toString());
        assertEquals(0, Files.size(sidecar), sidecar.toString());
    }

    private static void append(final ExcerptAppender appender)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().writeInt(1);
        }
    }

    /** Chronicle reports an acquired file from its background thread: a moment later. */
    private static void awaitFile(final Path file) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(file) && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(file), file + " within 10 s");
    }

    /** The cycle files and sidecars, without Chronicle's tables (*.cq4t). */
    private static List<String> cycleNames(final Path journal) throws Exception
    {
        return names(journal).stream().filter(name -> !name.endsWith(".cq4t")).toList();
    }

    private static List<String> names(final Path journal) throws Exception
    {
        try (Stream<Path> list = Files.list(journal))
        {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
