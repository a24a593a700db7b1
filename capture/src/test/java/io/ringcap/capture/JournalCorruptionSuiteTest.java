package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.wire.JournalFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corruption suite: one real capture of 20,000 mq_notify calls, then copies of its journal
 * damaged in every way a disk or an operator damages files: seeded random byte flips in the data,
 * zeroed 4 KiB blocks, truncation at several lengths, damaged excerpt headers. For each, replay
 * must print no line the undamaged journal does not hold, lose at most the records of the excerpts
 * the damage touched, report exactly what it lost (the records its damage lines count equal the
 * records that did not replay), and exit with {@link ReplayCommand#EXIT_DAMAGED} when it lost any.
 * <p>
 * The oracle for where excerpts lie is Chronicle's own tailer over the undamaged journal, not the
 * code under test. Prints the suite's table (case, replayed, lost, reported, regions, exit).
 */
class JournalCorruptionSuiteTest
{
    private static final int CALLS = 20_000;
    private static final Pattern JOURNALED = Pattern.compile("ringcap: (\\d+) events journaled, 0 dropped.*");
    private static final Pattern LOST = Pattern.compile("(at least )?(\\d+) records? lost\\)$");

    @TempDir
    static Path temp;

    private static Path original;
    private static Path cycleFile;
    private static long journaled;
    private static Map<String, Integer> baseline;
    private static long baselineRecords;
    /** Every excerpt of the undamaged journal: {header offset, end offset, records (EVENTS only)}. */
    private static final List<long[]> excerpts = new ArrayList<>();
    private static long dataStart;   // the first EVENTS excerpt's header
    private static long dataEnd;     // the end of the last excerpt
    private static final StringBuilder table = new StringBuilder();

    @BeforeAll
    static void captureOnce() throws Exception
    {
        KernelTests.requireBpf();
        original = temp.resolve("original");
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(),
            List.of("--journal", original.toString(), "--events", "mq_notify", "--quiet", "--",
                KernelTests.nativeBin("mq_load").toString(), "-n", Integer.toString(CALLS))))
            .redirectErrorStream(true).start();
        final String output = new String(capture.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(capture.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, capture.exitValue(), output);
        final Matcher matcher = JOURNALED.matcher(output.lines().filter(l -> l.startsWith("ringcap:")).findFirst()
            .orElseThrow());
        assertTrue(matcher.matches(), output);
        journaled = Long.parseLong(matcher.group(1));
        assertEquals(CALLS, journaled, "mq_load -n N makes N mq_notify calls: " + output);

        try (Stream<Path> files = Files.list(original))
        {
            final List<Path> cycles = files.filter(p -> p.toString().endsWith(".cq4")).toList();
            assertEquals(1, cycles.size(), "one cycle file: " + cycles);
            cycleFile = cycles.get(0).getFileName();
        }
        mapExcerpts();

        final Replay clean = replay(original);
        assertEquals(ReplayCommand.EXIT_OK, clean.exit, clean.err);
        baseline = clean.lines;
        baselineRecords = clean.rows;
        assertEquals(journaled, baselineRecords, clean.err);
        table.append(String.format("%-34s %9s %7s %9s %8s %5s%n", "case", "replayed", "lost", "reported", "regions", "exit"));
    }

    private static void mapExcerpts()
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(original.toFile()).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            dataStart = -1;
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long start = bytes.readPosition();
                    final long length = bytes.readRemaining();
                    final int type = bytes.readInt(start);
                    final long records = type == JournalFormat.BLOCK_EVENTS ?
                        bytes.readInt(start + JournalFormat.EVENTS_COUNT_OFFSET) : 0;
                    if (type == JournalFormat.BLOCK_EVENTS && dataStart < 0)
                    {
                        dataStart = start - Integer.BYTES;
                    }
                    excerpts.add(new long[] {start - Integer.BYTES, start + length, records});
                    dataEnd = start + length;
                }
            }
        }
        assertTrue(excerpts.size() > 10, "enough excerpts to damage some: " + excerpts.size());
    }

    @Test
    void seededRandomByteFlipsInTheData() throws Exception
    {
        for (final long seed : new long[] {1, 2, 3, 42, 1009})
        {
            flips(seed, 50);
        }
        for (final long seed : new long[] {7, 8, 9})
        {
            flips(seed, 3);
        }
    }

    private static void flips(final long seed, final int flips) throws IOException
    {
        {
            final Random random = new Random(seed);
            final Path journal = copy("flips-" + flips + "-" + seed);
            final List<long[]> damaged = new ArrayList<>();
            try (RandomAccessFile file = new RandomAccessFile(journal.resolve(cycleFile.toString()).toFile(), "rw"))
            {
                for (int i = 0; i < flips; i++)
                {
                    final long at = dataStart + (long)(random.nextDouble() * (dataEnd - dataStart));
                    file.seek(at);
                    final int value = file.read();
                    file.seek(at);
                    file.write(value ^ (1 + random.nextInt(255)));
                    damaged.add(new long[] {at, at + 1});
                }
            }
            assertDamageHandled(flips + " byte flips, seed " + seed, journal, damaged, false);
        }
    }

    @Test
    void zeroedBlocks() throws Exception
    {
        for (final double where : new double[] {0.1, 0.5, 0.9})
        {
            final long at = (dataStart + (long)(where * (dataEnd - dataStart))) & ~4095L;
            final Path journal = copy("zeroed-" + where);
            try (RandomAccessFile file = new RandomAccessFile(journal.resolve(cycleFile.toString()).toFile(), "rw"))
            {
                file.seek(at);
                file.write(new byte[4096]);
            }
            assertDamageHandled("zeroed 4 KiB at " + (int)(where * 100) + "% of the data", journal,
                List.of(new long[] {at, at + 4096}), false);
        }
    }

    @Test
    void truncation() throws Exception
    {
        for (final long cut : new long[] {dataEnd - 598, dataStart + (dataEnd - dataStart) / 2, dataStart + 10_000})
        {
            final Path journal = copy("truncated-" + cut);
            try (RandomAccessFile file = new RandomAccessFile(journal.resolve(cycleFile.toString()).toFile(), "rw"))
            {
                file.setLength(cut);
            }
            assertDamageHandled("truncated to " + cut + " bytes", journal, List.of(new long[] {cut, Long.MAX_VALUE}), true);
        }
    }

    @Test
    void aFileCutTo100BytesIsOneLine() throws Exception
    {
        final Path journal = copy("cut-100");
        try (RandomAccessFile file = new RandomAccessFile(journal.resolve(cycleFile.toString()).toFile(), "rw"))
        {
            file.setLength(100);
        }
        final Replay replay = replay(journal);
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, replay.exit, replay.err);
        assertEquals(0, replay.rows);
        assertEquals(1, replay.err.lines().count(), replay.err);
        assertTrue(replay.err.startsWith("ringcap: journal " + journal + " is empty: it has no intact METADATA block"),
            replay.err);
        table.append(String.format("%-34s %9d %7s %9s %8s %5d%n", "cut to 100 bytes", 0, "all", "-", "-", replay.exit));
    }

    @Test
    void damagedExcerptHeaders() throws Exception
    {
        final long[] victim = excerpts.get(excerpts.size() / 2);
        final int[][] damages =
        {
            {0x00000100, 0}, // length grown by 256: the tailer would land inside the next excerpt
            {0x40000000, 0}, // METADATA bit: Chronicle would skip it as its own
            {0x80000000, 0}, // NOT_COMPLETE: Chronicle would wait for it forever, or call it the end
            {0x3FFFFFFF, 1}, // the whole length replaced by ones
        };
        for (final int[] damage : damages)
        {
            final Path journal = copy("header-" + Integer.toHexString(damage[0]));
            try (RandomAccessFile file = new RandomAccessFile(journal.resolve(cycleFile.toString()).toFile(), "rw"))
            {
                file.seek(victim[0]);
                final int header = Integer.reverseBytes(file.readInt());
                final int damaged = damage[1] == 1 ? header | damage[0] : header ^ damage[0];
                file.seek(victim[0]);
                file.writeInt(Integer.reverseBytes(damaged));
            }
            assertDamageHandled("excerpt header ^ 0x" + Integer.toHexString(damage[0]), journal,
                List.of(new long[] {victim[0], victim[0] + 4}), false);
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void printTable()
    {
        System.out.println("corruption suite over " + journaled + " events, " + excerpts.size() + " excerpts:\n" + table);
    }

    /**
     * @param damaged byte ranges the case damaged; an excerpt overlapping one may be lost, no other.
     */
    private static void assertDamageHandled(final String name, final Path journal, final List<long[]> damaged,
        final boolean truncated) throws IOException
    {
        final Replay replay = replay(journal);
        // No line that the undamaged journal does not hold, and none more often than it does.
        final Map<String, Integer> seen = new HashMap<>();
        for (final Map.Entry<String, Integer> line : replay.lines.entrySet())
        {
            final Integer times = baseline.get(line.getKey());
            assertTrue(null != times && times >= line.getValue(), name + ": invented line " + line.getKey());
            seen.merge(line.getKey(), line.getValue(), Integer::sum);
        }

        long mayLose = 0;
        for (final long[] excerpt : excerpts)
        {
            for (final long[] range : damaged)
            {
                if (range[0] < excerpt[1] && excerpt[0] < range[1])
                {
                    mayLose += excerpt[2];
                    break;
                }
            }
        }
        final long lost = baselineRecords - replay.rows;
        assertTrue(lost <= mayLose, name + ": lost " + lost + " records, but the damage touched excerpts holding " +
            mayLose + "\n" + replay.err);

        final List<String> damageLines = replay.err.lines().filter(l -> l.startsWith("ringcap: damaged journal")).toList();
        final String closing = replay.err.lines().reduce((a, b) -> b).orElse("");
        String reported = "0";
        if (lost > 0)
        {
            assertEquals(ReplayCommand.EXIT_DAMAGED, replay.exit, name + "\n" + replay.err);
            assertTrue(damageLines.size() >= 1, name + ": a line per damaged region\n" + replay.err);
            final Matcher matcher = LOST.matcher(closing);
            if (truncated && closing.endsWith("records lost unknown)"))
            {
                reported = "unknown";
            }
            else
            {
                assertTrue(matcher.find(), name + ": the closing line counts what was lost: " + closing);
                reported = (null == matcher.group(1) ? "" : ">=") + matcher.group(2);
            }
            if (truncated)
            {
                assertTrue(closing.contains("(no summary: the journal ends in damaged data;"),
                    name + ": a cut journal does not blame the capture: " + closing);
            }
            if (reported.equals("unknown"))
            {
                // the journal ends in the damage: its SUMMARY, which would tell, is gone
            }
            else if (null == matcher.group(1))
            {
                assertEquals(lost, Long.parseLong(matcher.group(2)), name + ": reported exactly what was lost\n" + replay.err);
            }
            else
            {
                assertTrue(truncated, name + ": only a journal ending in damage leaves the count open\n" + replay.err);
                assertTrue(Long.parseLong(matcher.group(2)) <= lost, name + "\n" + replay.err);
            }
        }
        else
        {
            // The damage fell where nothing of ours lay (padding between excerpts, Chronicle's index):
            // everything replays, and any region reported lost nothing.
            assertTrue(replay.exit == ReplayCommand.EXIT_OK || replay.exit == ReplayCommand.EXIT_DAMAGED, replay.err);
        }
        assertEquals(1 + damageLines.size(), replay.err.lines().count(), name + ": nothing but damage lines and the closing line\n" +
            replay.err);
        table.append(String.format("%-34s %9d %7d %9s %8d %5d%n", name, replay.rows, lost, reported, damageLines.size(),
            replay.exit));
    }

    private static Path copy(final String name) throws IOException
    {
        final Path copy = temp.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(original))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private record Replay(int exit, Map<String, Integer> lines, long rows, String err)
    {
    }

    private static Replay replay(final Path journal)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(new String[] {"--journal", journal.toString(), "--format", "table"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(), () -> false);
        final Map<String, Integer> lines = new HashMap<>();
        long rows = 0;
        for (final String line : out.toString(StandardCharsets.UTF_8).lines().toList())
        {
            if (!line.startsWith("TIME "))
            {
                lines.merge(line, 1, Integer::sum);
                rows++;
            }
        }
        return new Replay(exit, lines, rows, err.toString(StandardCharsets.UTF_8));
    }
}
