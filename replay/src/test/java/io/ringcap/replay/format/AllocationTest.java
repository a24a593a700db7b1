package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.Records;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.wire.EventType;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay loop (reader, decoders, renderers, context, formatters) allocates nothing per record:
 * measured with the JVM's per-thread allocation counter over many records of every event type
 * (execs naming executables, registrations and the deliveries that consume them, containers from
 * the tables), after warming up.
 */
class AllocationTest
{
    private static final int BLOCKS = 20;
    private static final int RECORDS_PER_BLOCK = 500;
    private static final int RECORDS = BLOCKS * RECORDS_PER_BLOCK;
    /** Headroom for what Chronicle may allocate per excerpt (block), not per record. */
    private static final long ALLOWED_BYTES_PER_RECORD = 1;

    @TempDir
    Path dir;

    @Test
    void replayAllocatesNothingPerRecord() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = threadBean();
        assumeTrue(threads != null && threads.isThreadAllocatedMemorySupported(), "no allocation counter");
        threads.setThreadAllocatedMemoryEnabled(true);

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
            assertTrue(seen[type], "the mix has a " + EventType.name(type));
        }

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

        final OutputStream sink = OutputStream.nullOutputStream();
        try (JournalReader reader = JournalReader.open(dir))
        {
            final ReplayContext tableContext = new ReplayContext(reader.metadata(), reader.tables());
            final ReplayContext jsonContext = new ReplayContext(reader.metadata(), reader.tables());
            final EventFormatter[] formatters =
            {
                new TableFormatter(sink, tableContext),
                new JsonFormatter(sink, jsonContext),
            };
            final RecordRouter[] routers =
            {
                RecordRouter.all(tableContext, formatters[0]),
                RecordRouter.all(jsonContext, formatters[1]),
            };
            for (int i = 0; i < formatters.length; i++)
            {
                final EventFormatter formatter = formatters[i];
                for (int warmUp = 0; warmUp < 20; warmUp++)
                {
                    formatter.begin();
                    assertEquals(RECORDS, reader.forEachRecord(routers[i]));
                }

                final long threadId = Thread.currentThread().getId();
                final long before = threads.getThreadAllocatedBytes(threadId);
                formatter.begin();
                assertEquals(RECORDS, reader.forEachRecord(routers[i]));
                formatter.flush();
                final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

                assertTrue(allocated < ALLOWED_BYTES_PER_RECORD * RECORDS,
                    formatter.getClass().getSimpleName() + " allocated " + allocated + " bytes for " + RECORDS +
                    " records");
            }
        }
    }

    private static com.sun.management.ThreadMXBean threadBean()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean)bean : null;
    }
}
