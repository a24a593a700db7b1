package io.ringcap.replay.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.decode.EventHeaderDecoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --since seeks through the Chronicle index: the records a walk from the seek point matches are
 * exactly those a walk from the beginning matches, and the search reads O(log n) excerpts.
 */
class JournalTimeSeekTest
{
    private static final int BLOCKS = 600;
    private static final int RECORDS_PER_BLOCK = 4;
    private static final int RECORDS = BLOCKS * RECORDS_PER_BLOCK;
    private static final long FIRST_EXIT_NS = 100_000_000_000L;
    private static final long STEP_NS = 10_000_000L;
    /**
     * Exits reordered by up to this in journal order (CPUs racing for the ring): far more than
     * happens, more than the records' spacing, less than the seek's margin.
     */
    private static final long JITTER_NS = 25_000_000L;
    /** Every so many records a blocking call: entered long before the records around it exited. */
    private static final int BLOCKING_EVERY = 37;
    private static final long BLOCKING_NS = 5_000_000_000L;

    @TempDir
    Path dir;

    private final long[] entryEpochNs = new long[RECORDS];
    private String lastErr = "";

    @BeforeEach
    void writeJournal()
    {
        final Random random = new Random(11);
        final long bootToWall = FormatterFixtures.METADATA.bootToWallNs();
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA).cgroups(FormatterFixtures.cgroups())
                .processes(FormatterFixtures.processes());
            int record = 0;
            for (int block = 0; block < BLOCKS; block++)
            {
                final RingSpan span = new RingSpan();
                if (block % 50 == 7)
                {
                    span.discarded(new UnsafeBuffer(new byte[13])); // a key is the first record not discarded
                }
                for (int i = 0; i < RECORDS_PER_BLOCK; i++, record++)
                {
                    final long exit = FIRST_EXIT_NS + record * STEP_NS + random.nextLong() % JITTER_NS;
                    // Some blocks start with a blocking call: an entry time would be a misleading key.
                    final boolean blocking = record % BLOCKING_EVERY == 5 || (i == 0 && block % 3 == 1);
                    final long entry = blocking ? exit - BLOCKING_NS : exit - 1_000;
                    entryEpochNs[record] = entry + bootToWall;
                    // The host tid numbers the records, to compare walks.
                    span.record(new MqNotifyRecord().entryNs(entry).exitNs(exit).hostTid(record).build());
                }
                writer.events(span);
                if (block % 100 == 42)
                {
                    writer.events(0, new RingSpan().discarded(new UnsafeBuffer(new byte[13]))); // no key at all
                }
            }
            writer.cgroups(FormatterFixtures.cgroupsAtStop()).summary(RECORDS, RECORDS, 0);
        }
    }

    @Test
    void aSeekMatchesExactlyWhatAScanMatches()
    {
        final List<Long> sinces = new ArrayList<>();
        sinces.add(Long.MIN_VALUE + 1);
        sinces.add(entryEpochNs[0] - 10 * BLOCKING_NS);
        for (long since = entryEpochNs[0] - 2 * BLOCKING_NS; since < entryEpochNs[RECORDS - 1] + BLOCKING_NS;
            since += 37_000_000L)
        {
            sinces.add(since);
        }
        for (int record = 0; record < RECORDS; record += 13)
        {
            sinces.add(entryEpochNs[record]);      // inclusive bound: the record itself matches
            sinces.add(entryEpochNs[record] + 1);  // and here it does not
        }
        sinces.add(Long.MAX_VALUE);

        try (JournalReader reader = JournalReader.open(dir))
        {
            int seeksThatSkipped = 0;
            for (final long since : sinces)
            {
                reader.seekSince(Long.MIN_VALUE);
                final List<Integer> scanned = matching(reader, since);

                reader.seekSince(since);
                final long[] delivered = {0};
                final List<Integer> sought = new ArrayList<>();
                reader.forEachRecord((buffer, offset, length) ->
                {
                    delivered[0]++;
                    final EventHeaderDecoder header = new EventHeaderDecoder().wrap(buffer, offset);
                    if (FormatterFixtures.METADATA.toEpochNs(header.entryNs()) >= since)
                    {
                        sought.add(header.hostTid());
                    }
                });

                assertEquals(scanned, sought, "since " + since);
                if (delivered[0] < RECORDS)
                {
                    seeksThatSkipped++;
                }
            }
            assertTrue(seeksThatSkipped > sinces.size() / 2, seeksThatSkipped + " of " + sinces.size() + " skipped");
        }
    }

    @Test
    void theSearchReadsLogarithmicallyManyExcerpts()
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            final long excerpts = reader.excerptCount();
            assertTrue(excerpts > BLOCKS, "excerpts: " + excerpts);
            final int bound = 2 * (64 - Long.numberOfLeadingZeros(excerpts)) + 4;

            for (final int record : new int[] {0, 1, RECORDS / 3, RECORDS / 2, RECORDS - 2, RECORDS - 1})
            {
                reader.seekSince(entryEpochNs[record]);
                final long[] delivered = {0};
                reader.forEachRecord((buffer, offset, length) -> delivered[0]++);
                final int visited = reader.timeSeek().excerptsVisited;
                assertTrue(visited <= bound, visited + " excerpts read to find record " + record + "; bound " + bound);
                if (record > RECORDS / 4)
                {
                    assertTrue(delivered[0] < RECORDS - record + RECORDS / 4,
                        delivered[0] + " records walked for a since at record " + record);
                }
            }
        }
    }

    @Test
    void replayWithSinceSeeksAndPrintsWhatAScanPrints()
    {
        final String all = replayJson();
        final long since = entryEpochNs[RECORDS / 2];
        final String sought = replayJson("--since", Instant.ofEpochSecond(0, since).toString());

        final String expected = all.lines()
            .filter(line -> Long.parseLong(line.substring("{\"timestamp\":".length(), line.indexOf(','))) >= since)
            .map(line -> line + "\n").collect(Collectors.joining());
        assertTrue(!expected.isEmpty() && expected.length() < all.length());
        assertEquals(expected, sought);
        assertTrue(lastErr.matches("[0-9]+ events replayed from .* \\(from the --since seek point\\), " +
            expected.lines().count() + " matched the filters .*\n"), lastErr);
    }

    private String replayJson(final String... filters)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> args = new ArrayList<>(List.of("--journal", dir.toString(), "--format", "json"));
        args.addAll(List.of(filters));
        assertEquals(ReplayCommand.EXIT_OK, ReplayCommand.run(args.toArray(new String[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        lastErr = err.toString(StandardCharsets.UTF_8);
        TraceeJsonRules.checkLines(out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<Integer> matching(final JournalReader reader, final long since)
    {
        final List<Integer> tids = new ArrayList<>();
        final EventHeaderDecoder header = new EventHeaderDecoder();
        assertEquals(RECORDS, reader.forEachRecord((buffer, offset, length) ->
        {
            if (FormatterFixtures.METADATA.toEpochNs(header.wrap(buffer, offset).entryNs()) >= since)
            {
                tids.add(header.hostTid());
            }
        }));
        return tids;
    }
}
