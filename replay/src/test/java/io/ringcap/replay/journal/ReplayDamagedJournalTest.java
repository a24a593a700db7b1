package io.ringcap.replay.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.cli.ReplayCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal directories that are damaged or not journals at all: replay answers each with exactly
 * one line starting {@code ringcap: } and exit code 2, promptly, with no stack trace anywhere on
 * stderr (Chronicle's own logging included: it goes through SLF4J to System.err, which the test
 * captures as well).
 */
class ReplayDamagedJournalTest
{
    /** Replay of a damaged journal must answer within this; Chronicle can wait on a file it cannot frame. */
    private static final Duration PROMPTLY = Duration.ofSeconds(30);
    private static final String CYCLE_FILE = "20261122F.cq4";

    @TempDir
    Path temp;

    @Test
    void randomBytesInACycleFile() throws IOException
    {
        final Path dir = Files.createDirectories(temp.resolve("random"));
        final byte[] noise = new byte[256 * 1024];
        new Random(0x5EEDL).nextBytes(noise);
        Files.write(dir.resolve(CYCLE_FILE), noise);
        assertOneLineExitTwo(dir);

        // Next to a genuine metadata.cq4t, so Chronicle itself has to frame the noise.
        assertOneLineExitTwo(withRealQueueMetadata(dir));
    }

    @Test
    void anAllZeroCycleFile() throws IOException
    {
        final Path dir = Files.createDirectories(temp.resolve("zeros"));
        Files.write(dir.resolve(CYCLE_FILE), new byte[256 * 1024]);
        assertOneLineExitTwo(dir);

        assertOneLineExitTwo(withRealQueueMetadata(dir));
    }

    @Test
    void anEmptyFileNamedLikeACycle() throws IOException
    {
        final Path dir = Files.createDirectories(temp.resolve("empty-cycle"));
        Files.createFile(dir.resolve(CYCLE_FILE));
        assertOneLineExitTwo(dir);

        assertOneLineExitTwo(withRealQueueMetadata(dir));
    }

    @Test
    void aJournalWithoutItsQueueMetadataFileIsRefusedWithoutChronicleWarnings() throws IOException
    {
        final Path dir = writeRealJournal(temp.resolve("no-metadata"));
        Files.delete(dir.resolve("metadata.cq4t"));

        final Outcome outcome = assertOneLineExitTwo(dir);
        assertTrue(outcome.line().endsWith("but no metadata.cq4t"), outcome.line());
    }

    @Test
    void aDirectoryOfUnrelatedFiles() throws IOException
    {
        final Path dir = Files.createDirectories(temp.resolve("unrelated"));
        Files.writeString(dir.resolve("notes.txt"), "not a journal\n");
        Files.write(dir.resolve("data.bin"), new byte[4096]);
        Files.createDirectories(dir.resolve("sub"));

        final Outcome outcome = assertOneLineExitTwo(dir);
        assertTrue(outcome.line().contains("holds no Chronicle Queue .cq4 files"), outcome.line());
    }

    @Test
    void aRealJournalCutInHalf() throws IOException
    {
        final Path real = writeRealJournal(temp.resolve("real"));
        final Path cycle = onlyCycleFile(real);
        final long written = lastNonZeroByte(cycle) + 1;
        assertTrue(written > 256, "the fixture journal holds data: " + written + " bytes");

        // Cut in the middle of what was written: the METADATA survives, the events do not all.
        final Path cutInData = copyJournal(real, temp.resolve("cut-in-data"));
        truncate(onlyCycleFile(cutInData), written / 2);
        assertOneLineExitTwoOrCleanPartialReplay(cutInData);

        // Cut to half the cycle file's (preallocated) length.
        final Path cutInHalf = copyJournal(real, temp.resolve("cut-in-half"));
        truncate(onlyCycleFile(cutInHalf), Files.size(cycle) / 2);
        assertOneLineExitTwoOrCleanPartialReplay(cutInHalf);

        // Cut inside the first excerpt's header: nothing can be framed.
        final Path cutEarly = copyJournal(real, temp.resolve("cut-early"));
        truncate(onlyCycleFile(cutEarly), 100);
        assertOneLineExitTwo(cutEarly);
    }

    /**
     * A cut in the event data may leave a prefix Chronicle still frames: then replay shows the events
     * before the cut and says the capture did not finish (exit 0); a cut in the file's unused,
     * preallocated tail loses nothing. Otherwise one line, exit 2.
     */
    private Outcome assertOneLineExitTwoOrCleanPartialReplay(final Path dir)
    {
        final Outcome outcome = replay(dir);
        assertNoStackTrace(outcome);
        assertEquals(1, outcome.errLines().size(), outcome.err);
        if (outcome.exit == ReplayCommand.EXIT_OK)
        {
            assertTrue(outcome.line().endsWith("(capture did not finish cleanly: no summary)") ||
                outcome.line().endsWith("(journaled 10, dropped 0)"), "partial or (cut only in unused space) whole: " + outcome.err);
        }
        else
        {
            assertEquals(ReplayCommand.EXIT_BAD_INPUT, outcome.exit, outcome.err);
            assertTrue(outcome.line().startsWith("ringcap: "), outcome.err);
        }
        return outcome;
    }

    private Outcome assertOneLineExitTwo(final Path dir)
    {
        final Outcome outcome = replay(dir);
        assertNoStackTrace(outcome);
        assertEquals(1, outcome.errLines().size(), "exactly one line on stderr: " + outcome.err);
        assertTrue(outcome.line().startsWith("ringcap: "), outcome.err);
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, outcome.exit, outcome.err);
        assertEquals("", outcome.out, "no events from a damaged journal");
        return outcome;
    }

    private static void assertNoStackTrace(final Outcome outcome)
    {
        assertFalse(outcome.err.contains("\tat ") || outcome.err.contains("Exception in thread") ||
            outcome.err.contains(" WARN ") || outcome.err.contains(" ERROR "),
            "no stack trace and no Chronicle log line on stderr: " + outcome.err);
        assertFalse(outcome.err.strip().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n'),
            "no control characters (bytes quoted from the file) on the terminal: " + outcome.err);
    }

    /** Runs replay with System.err captured too, so nothing Chronicle logs escapes the check. */
    private Outcome replay(final Path dir)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        final PrintStream systemErr = System.err;
        System.setErr(errStream);
        try
        {
            final long start = System.nanoTime();
            final int exit = assertTimeoutPreemptively(PROMPTLY, () -> ReplayCommand.run(
                new String[] {"--journal", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), errStream),
                "replay of " + dir + " must answer promptly");
            final long millis = (System.nanoTime() - start) / 1_000_000;
            systemErr.println("replay of " + dir.getFileName() + ": exit " + exit + " in " + millis + " ms: " +
                err.toString(StandardCharsets.UTF_8).strip());
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setErr(systemErr);
        }
    }

    private static Path writeRealJournal(final Path dir)
    {
        final List<UnsafeBuffer> records = FormatterFixtures.everyEvent();
        final RingSpan first = new RingSpan();
        final RingSpan second = new RingSpan();
        for (int i = 0; i < records.size(); i++)
        {
            (i < records.size() / 2 ? first : second).record(records.get(i));
        }
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA)
                .cgroups(FormatterFixtures.cgroups())
                .processes(FormatterFixtures.processes())
                .events(first)
                .events(second)
                .summary(records.size(), records.size(), 0);
        }
        return dir;
    }

    /** Adds the metadata.cq4t of a genuine journal to dir. */
    private Path withRealQueueMetadata(final Path dir) throws IOException
    {
        final Path real = writeRealJournal(temp.resolve("metadata-donor-" + dir.getFileName()));
        Files.copy(real.resolve("metadata.cq4t"), dir.resolve("metadata.cq4t"));
        return dir;
    }

    private static Path onlyCycleFile(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> cycles = files.filter(f -> f.getFileName().toString().endsWith(".cq4")).toList();
            assertEquals(1, cycles.size(), "one cycle file in " + dir + ": " + cycles);
            return cycles.get(0);
        }
    }

    private static Path copyJournal(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
    }

    private static long lastNonZeroByte(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length - 1; i >= 0; i--)
        {
            if (bytes[i] != 0)
            {
                return i;
            }
        }
        return -1;
    }

    private record Outcome(int exit, String out, String err)
    {
        List<String> errLines()
        {
            return err.lines().toList();
        }

        String line()
        {
            return errLines().isEmpty() ? "" : errLines().get(0);
        }
    }
}
