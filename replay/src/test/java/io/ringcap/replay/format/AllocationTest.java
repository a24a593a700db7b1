package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.ReplayAllocationWorkload;
import io.ringcap.replay.journal.JournalReader;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay loop's formatters over a journal of every event type (execs naming executables,
 * registrations and the deliveries that consume them, containers from the tables): what is
 * deterministic here. Every pass delivers every record and writes the same bytes as the one
 * before (a formatter keeping state across passes, or dropping a record, fails).
 * <p>
 * That these loops allocate nothing per record is proven where the JIT is known to have compiled
 * them: bench's {@code ReplayAllocationBenchmark} with {@code -prof gc} (gc.alloc.rate.norm per
 * record; figures in bench/README.md). A unit test's count depends on whether C2 compiled in time,
 * so here the per-thread allocation is printed, not asserted.
 */
public class AllocationTest
{
    private static final int PASSES = 5;

    @TempDir
    Path dir;

    @Test
    void everyPassDeliversEveryRecordAndWritesTheSameBytes() throws Exception
    {
        ReplayAllocationWorkload.writeEveryEventJournal(dir); // fails unless the mix holds every event type
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (JournalReader reader = JournalReader.open(dir))
        {
            for (final Map.Entry<String, ReplayAllocationWorkload.Pass> pass :
                ReplayAllocationWorkload.formatterPasses(reader, sink).entrySet())
            {
                assertPassesRepeat(pass.getKey(), pass.getValue(), sink);
            }
        }
    }

    /** Shared with FilterAllocationTest: PASSES passes, each delivering every record and writing the same bytes. */
    public static byte[] assertPassesRepeat(final String name, final ReplayAllocationWorkload.Pass pass, final ByteArrayOutputStream sink)
    {
        byte[] first = null;
        long allocated = 0;
        for (int i = 0; i < PASSES; i++)
        {
            sink.reset();
            final long before = allocatedBytes();
            assertEquals(ReplayAllocationWorkload.RECORDS, pass.run(), name + " delivered every record");
            allocated = allocatedBytes() - before;
            final byte[] written = sink.toByteArray();
            if (null == first)
            {
                first = written;
                assertTrue(first.length > 0, name + " wrote something");
            }
            else
            {
                assertArrayEquals(first, written, name + ": pass " + (i + 1) + " wrote other bytes than the first");
            }
        }
        System.out.printf("%s: %d bytes allocated in the last of %d passes over %d records (not asserted: see the benchmark)%n",
            name, allocated, PASSES, ReplayAllocationWorkload.RECORDS);
        return first;
    }

    private static long allocatedBytes()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ?
            ((com.sun.management.ThreadMXBean)bean).getThreadAllocatedBytes(Thread.currentThread().getId()) : 0;
    }
}
