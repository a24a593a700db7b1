package io.ringcap.replay.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.FilterFixtures;
import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.RecordBuilder;
import io.ringcap.replay.Records;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.format.CsvFormatter;
import io.ringcap.replay.format.JsonFormatterTest;
import io.ringcap.replay.format.TableFormatterTest;
import io.ringcap.wire.EventType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gap records (events lost because the ring was full) in every output: decoded, rendered as their
 * own row or object, kept by every filter but --event and the time bounds, counted apart in --stats
 * and in the closing line.
 */
class GapTest
{
    /** Records.Gap() rendered by the table: no task columns, no RET. */
    static final String GAP_ROW = "10:15:42.123456789   1                                          " +
        "gap                                           cpu=1 dropped=1234 first=10:15:42.123456789 last=10:15:42.123956789";

    @TempDir
    Path dir;

    @Test
    void decoderReadsEveryField()
    {
        final UnsafeBuffer record = new Records.Gap().build();
        final EventHeaderDecoder header = new EventHeaderDecoder().wrap(record, 0);
        final io.ringcap.wire.GapRecord gap = new io.ringcap.wire.GapRecord().wrap(record, 0);

        assertEquals(EventType.GAP, header.eventType());
        assertEquals("gap", EventType.name(header.eventType()));
        assertEquals(EventType.GAP, EventType.byName("gap"));
        assertEquals(1, header.cpu());
        assertEquals(1234, gap.dropped());
        assertEquals(RecordBuilder.ENTRY_NS, gap.firstNs());
        assertEquals(RecordBuilder.ENTRY_NS + 500_000, gap.lastNs());
        assertEquals(gap.firstNs(), header.entryNs(), "the header's time is the first drop");
    }

    @Test
    void tableRow() throws Exception
    {
        final String table = TableFormatterTest.render(FormatterFixtures.METADATA, JournalTables.empty(),
            List.of(new Records.Gap().build()));

        assertEquals(TableFormatterTest.HEADER + "\n" + GAP_ROW + "\n", table);
    }

    @Test
    void jsonObject() throws Exception
    {
        assertEquals("{\"timestamp\":1732270542123456789,\"processorId\":1,\"hostName\":\"build-7\",\"eventId\":\"10009\"," +
            "\"eventName\":\"gap\",\"dropped\":1234,\"firstTimestamp\":1732270542123456789," +
            "\"lastTimestamp\":1732270542123956789}\n",
            JsonFormatterTest.renderText(JournalTables.empty(), List.of(new Records.Gap().build())));
    }

    @Test
    void csvRow() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplayContext context = new ReplayContext(FormatterFixtures.METADATA, JournalTables.empty());
        final CsvFormatter formatter = new CsvFormatter(out, context);
        final RecordRouter router = RecordRouter.all(context, formatter);
        formatter.begin();
        final UnsafeBuffer gap = new Records.Gap().build();
        router.onRecord(gap, 0, gap.capacity());
        formatter.flush();

        assertEquals(CsvFormatter.HEADER + "\n" +
            "2024-11-22T10:15:42.123456789Z,1,,,,,gap,,,,cpu=1 dropped=1234 first=10:15:42.123456789 last=10:15:42.123956789\n",
            out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void gapsPassEveryFilterButEventAndTime()
    {
        writeJournalWithGaps();

        final FilterFixtures.Run byPid = new FilterFixtures.Run("--journal", dir.toString(), "--pid", "100",
            "--format", "csv");
        assertEquals(ReplayCommand.EXIT_OK, byPid.exitCode);
        assertEquals(List.of(CsvFormatter.HEADER,
            "2026-11-22T10:00:00.100000000Z,0,100,100,100,server,mq_open,3,,1000,\"name=\"\"jobs\"\" oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 attr={maxmsg=4,msgsize=64}\"",
            "2026-11-22T10:00:00.200000000Z,1,100,101,100,server,mq_notify,0,,1000,\"mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}\"",
            "2026-11-22T10:00:01.550000000Z,1,,,,,gap,,,,cpu=1 dropped=2 first=10:00:01.550000000 last=10:00:01.560000000",
            "2026-11-22T10:00:02.000000000Z,4,100,100,100,server,mq_unlink,-2,ENOENT,1000,\"name=\"\"jobs\"\"\"",
            "2026-11-22T10:00:04.500000000Z,0,,,,,gap,,,,cpu=0 dropped=1 first=10:00:04.500000000 last=10:00:04.500000000"),
            List.of(byPid.out().split("\n")));
        assertEquals("7 events and 2 gaps replayed from " + dir + ", 3 matched the filters (and 2 gaps) " +
            "(journaled 7, dropped 3)\n", byPid.err());

        final FilterFixtures.Run onlyGaps = new FilterFixtures.Run("--journal", dir.toString(), "--event", "gap");
        assertEquals(TableFormatterTest.HEADER + "\n" +
            "10:00:01.550000000   1                                          gap                                           " +
            "cpu=1 dropped=2 first=10:00:01.550000000 last=10:00:01.560000000\n" +
            "10:00:04.500000000   0                                          gap                                           " +
            "cpu=0 dropped=1 first=10:00:04.500000000 last=10:00:04.500000000\n", onlyGaps.out());

        final FilterFixtures.Run noGaps = new FilterFixtures.Run("--journal", dir.toString(), "--event", "mq_open",
            "--format", "csv");
        assertEquals(3, noGaps.out().split("\n").length, "the header and the two mq_open: " + noGaps.out());

        // The time bounds keep a gap whose drops overlap them: 10:00:01.555 falls inside the first.
        final FilterFixtures.Run inTime = new FilterFixtures.Run("--journal", dir.toString(),
            "--since", "2026-11-22T10:00:01.555", "--until", "2026-11-22T10:00:02", "--format", "csv");
        assertEquals(List.of(CsvFormatter.HEADER,
            "2026-11-22T10:00:01.550000000Z,1,,,,,gap,,,,cpu=1 dropped=2 first=10:00:01.550000000 last=10:00:01.560000000",
            "2026-11-22T10:00:01.600000000Z,3,7,8,5151,worker,mq_notify,-16,EBUSY,1000,\"mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}\"",
            "2026-11-22T10:00:02.000000000Z,4,100,100,100,server,mq_unlink,-2,ENOENT,1000,\"name=\"\"jobs\"\"\""),
            List.of(inTime.out().split("\n")));
    }

    @Test
    void statsCountGapsApartFromEvents()
    {
        writeJournalWithGaps();

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--stats");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals("""
            7 events
            by event:
              2  mq_notify
              2  mq_open
              2  mq_unlink
              1  sched_process_exec
            by process:
              3  100 server
              2  200 client
              2  5151 worker
            by errno:
              2  EBUSY
              1  EEXIST
              1  ENOENT
            by time (1 s per line, UTC):
              2026-11-22T10:00:00Z  2
              2026-11-22T10:00:01Z  2
              2026-11-22T10:00:02Z  1
              2026-11-22T10:00:03Z  1
              2026-11-22T10:00:04Z  1
            latency:
              event      calls      p50      p90      p99      max
              mq_notify      2  1.000us  1.000us  1.000us  1.000us
              mq_open        2  1.000us  1.000us  1.000us  1.000us
              mq_unlink      2  1.000us  1.000us  1.000us  1.000us
            slowest calls:
              1.000us  2026-11-22T10:00:00.100000000Z  mq_open  100 server  3
              1.000us  2026-11-22T10:00:00.200000000Z  mq_notify  100 server  0
              1.000us  2026-11-22T10:00:01.500000000Z  mq_open  5151 worker  -17 EEXIST
              1.000us  2026-11-22T10:00:01.600000000Z  mq_notify  5151 worker  -16 EBUSY
              1.000us  2026-11-22T10:00:02.000000000Z  mq_unlink  100 server  -2 ENOENT
            drops: 3 (journaled 7, submitted 7)
            gaps: 2 gaps, 3 dropped
              cpu 0: 1 gap, 1 dropped
              cpu 1: 1 gap, 2 dropped
            """, run.out());
        assertEquals("7 events and 2 gaps replayed from " + dir + " (journaled 7, dropped 3)\n", run.err());
    }

    @Test
    void withoutSummaryGapsAreCountedAsReplayed()
    {
        writeJournalWithGaps(false);

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--format", "json");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals(9, run.out().split("\n").length, run.out());
        assertEquals(9, TraceeJsonRules.checkLines(run.out()), "gaps and events alike decode as Tracee's");
        assertEquals("7 events and 2 gaps replayed from " + dir + " (capture did not finish cleanly: no summary)\n",
            run.err());
    }

    private void writeJournalWithGaps()
    {
        writeJournalWithGaps(true);
    }

    /**
     * FilterFixtures' seven events with two gaps as a capture journals them: 2 events lost on CPU 1
     * between events 2 and 3 (BPF's), 1 lost on CPU 0 after the last event (the capture's, at stop).
     */
    private void writeJournalWithGaps(final boolean withSummary)
    {
        final List<UnsafeBuffer> records = new ArrayList<>(FilterFixtures.records());
        final long boot = FilterFixtures.BOOT_NS;
        records.add(3, new Records.Gap().cpu(1).dropped(2).range(boot + 1_550_000_000L, boot + 1_560_000_000L).build());
        final RingSpan span = new RingSpan();
        records.forEach(span::record);
        final RingSpan atStop = new RingSpan()
            .record(new Records.Gap().cpu(0).dropped(1).range(boot + 4_500_000_000L, boot + 4_500_000_000L).build());
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FilterFixtures.METADATA)
                .cgroups(Map.of(FilterFixtures.SESSION_CGROUP, "/user.slice/user-1000.slice/session-2.scope"))
                .events(span)
                .events(atStop);
            if (withSummary)
            {
                writer.summary(7, 7, 3, 2);
            }
        }
    }
}
