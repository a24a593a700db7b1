package io.ringcap.replay;

import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.EventFilter;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.format.CsvFormatter;
import io.ringcap.replay.format.EventFormatter;
import io.ringcap.replay.format.JsonFormatter;
import io.ringcap.replay.format.ReplayStats;
import io.ringcap.replay.format.TableFormatter;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.RecordHandler;
import io.ringcap.wire.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The replay loops whose allocation per record is measured: by JMH with {@code -prof gc}
 * (bench's ReplayAllocationBenchmark, the proof: C2 compiled, gc.alloc.rate.norm per record), and
 * by AllocationTest and FilterAllocationTest, which keep only what is deterministic (every pass
 * delivers every record and writes the same bytes). Public for the bench module (replay's test-jar).
 * <p>
 * Two journals of {@link #RECORDS} records: every event type (execs, registrations and the
 * deliveries that consume them, containers from the tables, truncated strings, gaps, SysV
 * messages), for the formatters; the filter fixtures, for filters, CSV and --stats.
 */
public final class ReplayAllocationWorkload
{
    public static final int BLOCKS = 20;
    public static final int RECORDS_PER_BLOCK = 500;
    public static final int RECORDS = BLOCKS * RECORDS_PER_BLOCK;

    private ReplayAllocationWorkload()
    {
    }

    /** @return one record of every event type and more: the formatters' mix. */
    static List<UnsafeBuffer> everyEventMix()
    {
        final List<UnsafeBuffer> cases = new ArrayList<>(FormatterFixtures.everyEvent());
        cases.addAll(FormatterFixtures.mqNotifyCases());
        cases.addAll(FormatterFixtures.truncatedStrings()); // the truncation marks and the JSON extras too
        cases.add(new Records.Gap().build());
        cases.addAll(FormatterFixtures.sysvMsgEvents());
        final boolean[] seen = new boolean[EventType.MAX];
        for (final UnsafeBuffer record : cases)
        {
            seen[new EventHeaderDecoder().wrap(record, 0).eventType()] = true;
        }
        for (int type = 1; type < EventType.MAX; type++)
        {
            if (!seen[type])
            {
                throw new IllegalStateException("the mix has no " + EventType.name(type));
            }
        }
        return cases;
    }

    /** Writes the formatters' journal (every event type) into dir. */
    public static void writeEveryEventJournal(final Path dir)
    {
        final List<UnsafeBuffer> cases = everyEventMix();
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA)
                .cgroups(FormatterFixtures.cgroups())
                .processes(FormatterFixtures.processes());
            for (int block = 0; block < BLOCKS; block++)
            {
                final RingSpan span = new RingSpan();
                for (int i = 0; i < RECORDS_PER_BLOCK; i++)
                {
                    span.record(cases.get(i % cases.size()));
                }
                writer.events(span.discarded(new UnsafeBuffer(new byte[13])));
            }
            writer.cgroups(FormatterFixtures.cgroupsAtStop()).summary(RECORDS, RECORDS, 0);
        }
    }

    /** Writes the filters' journal into dir. */
    public static void writeFilterJournal(final Path dir)
    {
        final List<UnsafeBuffer> cases = new ArrayList<>(FilterFixtures.records());
        cases.addAll(FormatterFixtures.everyEvent());
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FilterFixtures.METADATA).cgroups(FormatterFixtures.cgroups());
            for (int block = 0; block < BLOCKS; block++)
            {
                final RingSpan span = new RingSpan();
                for (int i = 0; i < RECORDS_PER_BLOCK; i++)
                {
                    span.record(cases.get(i % cases.size()));
                }
                writer.events(span);
            }
            writer.cgroups(FormatterFixtures.cgroupsAtStop()).summary(RECORDS, RECORDS, 0);
        }
    }

    /** One replay loop: a full pass over the journal, returning the records delivered. */
    @FunctionalInterface
    public interface Pass
    {
        long run();
    }

    /** @return the formatters' passes over the every-event journal, by name: table, json. */
    public static Map<String, Pass> formatterPasses(final JournalReader reader, final OutputStream sink)
    {
        final Map<String, Pass> passes = new LinkedHashMap<>();
        final ReplayContext tableContext = new ReplayContext(reader.metadata(), reader.tables());
        final ReplayContext jsonContext = new ReplayContext(reader.metadata(), reader.tables());
        final TableFormatter table = new TableFormatter(sink, tableContext);
        final JsonFormatter json = new JsonFormatter(sink, jsonContext);
        passes.put("table", pass(reader, tableContext, table, RecordRouter.all(tableContext, table)));
        passes.put("json", pass(reader, jsonContext, json, RecordRouter.all(jsonContext, json)));
        return passes;
    }

    /**
     * @return the filter journal's passes, by name: csv, every filter at once into CSV (so each is
     *         evaluated), the container filter into CSV, the container filter into --stats, --stats.
     */
    public static Map<String, Pass> filterPasses(final JournalReader reader, final OutputStream sink)
    {
        final EventFilter everyFilter = new EventFilter.Builder()
            .events("mq_open,mq_notify,mq_unlink").pid(5151).tid(5152).comm("worker").uid(1000L)
            .container("3f4e").failed(true).errno("EBUSY")
            .since("2026-11-22T10:00:00Z", 0).until("2026-11-22T10:01:00Z", 0)
            .build(reader.metadata(), reader.tables());
        final EventFilter containerOnly = new EventFilter.Builder().container("3f4e")
            .build(reader.metadata(), reader.tables());
        final ReplayContext context = new ReplayContext(reader.metadata(), reader.tables());
        final CsvFormatter csv = new CsvFormatter(sink, context);
        final ReplayStats stats = new ReplayStats(context);
        final Map<String, Pass> passes = new LinkedHashMap<>();
        passes.put("csv", pass(reader, context, csv, RecordRouter.all(context, csv)));
        passes.put("csvEveryFilter", pass(reader, context, csv, new RecordRouter(context, everyFilter, csv)));
        passes.put("csvContainerFilter", pass(reader, context, csv, new RecordRouter(context, containerOnly, csv)));
        passes.put("statsContainerFilter", pass(reader, context, csv, new RecordRouter(context, containerOnly, stats)));
        passes.put("stats", pass(reader, context, csv, RecordRouter.all(context, stats)));
        return passes;
    }

    /** A new walk (its context reset), begin, the walk, flush: one pass as replay makes it. */
    private static Pass pass(final JournalReader reader, final ReplayContext context, final EventFormatter formatter,
        final RecordHandler handler)
    {
        return () ->
        {
            try
            {
                context.reset();
                formatter.begin();
                final long delivered = reader.forEachRecord(handler);
                formatter.flush();
                return delivered;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        };
    }
}
