package io.ringcap.replay.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringcap.replay.FilterFixtures;
import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.format.CsvFormatter;
import io.ringcap.replay.format.ReplayStats;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.RecordHandler;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filtering (every filter at once, so each is evaluated), CSV and --stats counting allocate nothing
 * per record once warmed up: measured with the JVM's per-thread allocation counter.
 */
class FilterAllocationTest
{
    private static final int BLOCKS = 20;
    private static final int RECORDS_PER_BLOCK = 500;
    private static final int RECORDS = BLOCKS * RECORDS_PER_BLOCK;
    private static final long ALLOWED_BYTES_PER_RECORD = 1;

    @TempDir
    Path dir;

    @Test
    void filtersCsvAndStatsAllocateNothingPerRecord() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = threadBean();
        assumeTrue(threads != null && threads.isThreadAllocatedMemorySupported(), "no allocation counter");
        threads.setThreadAllocatedMemoryEnabled(true);

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

        final OutputStream sink = OutputStream.nullOutputStream();
        try (JournalReader reader = JournalReader.open(dir))
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
            final RecordRouter all = RecordRouter.all(context, csv);
            final RecordRouter strict = new RecordRouter(context, everyFilter, csv);
            final RecordRouter loose = new RecordRouter(context, containerOnly, csv);
            final ReplayStats stats = new ReplayStats(context);
            final RecordRouter counted = new RecordRouter(context, containerOnly, stats);
            final RecordHandler[] handlers = {all, strict, loose, counted, RecordRouter.all(context, stats)};

            for (final RecordHandler handler : handlers)
            {
                for (int warmUp = 0; warmUp < 20; warmUp++)
                {
                    csv.begin();
                    assertEquals(RECORDS, reader.forEachRecord(handler));
                }

                final long threadId = Thread.currentThread().getId();
                final long before = threads.getThreadAllocatedBytes(threadId);
                csv.begin();
                assertEquals(RECORDS, reader.forEachRecord(handler));
                csv.flush();
                final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

                assertTrue(allocated < ALLOWED_BYTES_PER_RECORD * RECORDS,
                    handler.getClass().getSimpleName() + " allocated " + allocated + " bytes for " + RECORDS +
                    " records");
            }
            assertTrue(strict.matched() > 0, "every filter at once still matches some: " + strict.matched());
            assertTrue(loose.matched() > strict.matched());
        }
    }

    private static com.sun.management.ThreadMXBean threadBean()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean)bean : null;
    }
}
