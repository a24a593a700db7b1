package io.ringcap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.wire.ReaderSidecar;
import io.ringcap.wire.ShipCheckpoint;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention against a reader registered on a cycle file's sidecar from another process (fcntl
 * locks are per process: one in this JVM would not be what retention meets in production).
 * The cycle files are stand-ins of 1,000 bytes each: retention only lists, sizes and deletes them.
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
