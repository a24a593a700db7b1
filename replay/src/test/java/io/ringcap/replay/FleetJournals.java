package io.ringcap.replay;

import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import java.nio.file.Path;
import java.util.Map;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Journals for the fleet tests (io.ringcap.fleet), written as capture writes them through
 * {@link TestJournalWriter}: METADATA naming a host, CGROUPS and PROCESSES, EVENTS blocks of a mix
 * of every event type whose entry times rise by 1 µs per event (so order and exactly-once can be
 * checked from the events alone), and a SUMMARY.
 */
public final class FleetJournals implements AutoCloseable
{
    /** Entry time of event 0, boot clock. */
    public static final long FIRST_ENTRY_NS = 5_000_000_000L;
    public static final long BOOT_TO_WALL_NS = 1_796_220_000_000_000_000L;
    private final TestJournalWriter writer;
    private final String host;
    private long written;
    private long gaps;
    private long spacingNs = 1_000;

    private FleetJournals(final TestJournalWriter writer, final String host, final boolean tables)
    {
        this.writer = writer;
        this.host = host;
        metadata(BOOT_TO_WALL_NS);
        if (tables)
        {
            tables();
        }
    }

    /** A journal whose first segment has its METADATA only, so far: {@link #tables()} writes the rest of its head. */
    public static FleetJournals createHeadless(final Path directory, final String host)
    {
        return new FleetJournals(TestJournalWriter.create(directory), host, false);
    }

    /** A new capture segment (METADATA without continuesSegment, CGROUPS, PROCESSES): a capture appending. */
    public FleetJournals segment(final long bootToWallNs)
    {
        return metadata(bootToWallNs).tables();
    }

    /** A segment's METADATA alone: with {@link #tables()}, a head written (or shipped) in two steps. */
    public FleetJournals metadata(final long bootToWallNs)
    {
        writer.metadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, host, "6.18.44-test", bootToWallNs,
            "tracepoint", 16L * 1024 * 1024, 31337, "./mq_load"));
        return this;
    }

    /** The segment's CGROUPS (the events' cgroup is a docker container's) and PROCESSES tables. */
    public FleetJournals tables()
    {
        writer.cgroups(Map.of(RecordBuilder.CGROUP_ID, "/system.slice/docker-" + "ab".repeat(32) + ".scope"));
        writer.processes(Map.of(RecordBuilder.HOST_PID, "/usr/local/bin/mq_load"));
        return this;
    }

    /** Events from now on enter spacingNs apart (1 µs unless told). */
    public FleetJournals spacing(final long ns)
    {
        spacingNs = ns;
        return this;
    }

    /** A journal being written: {@link #events} appends, {@link #close} ends it (with a SUMMARY if asked). */
    public static FleetJournals create(final Path directory, final String host)
    {
        return new FleetJournals(TestJournalWriter.create(directory), host, true);
    }

    /** As {@link #create(Path, String)}, rolling cycle files as rollCycle says. */
    public static FleetJournals create(final Path directory, final String host, final RollCycle rollCycle)
    {
        return new FleetJournals(TestJournalWriter.create(directory, rollCycle), host, true);
    }

    /** A finished journal of events records, perBlock to an EVENTS block. */
    public static void write(final Path directory, final String host, final long events, final int perBlock)
    {
        try (FleetJournals journal = create(directory, host))
        {
            journal.events(events, perBlock);
            journal.summary();
        }
    }

    /** Append events records in blocks of perBlock. */
    public FleetJournals events(final long events, final int perBlock)
    {
        long left = events;
        while (left > 0)
        {
            final int block = (int)Math.min(perBlock, left);
            final RingSpan span = new RingSpan();
            for (int i = 0; i < block; i++)
            {
                span.record(record(written++, spacingNs));
            }
            writer.events(span);
            left -= block;
        }
        return this;
    }

    public long written()
    {
        return written;
    }

    /** The SUMMARY block: every event journaled, none dropped. */
    public FleetJournals summary()
    {
        writer.summary(written, written, 0, gaps);
        return this;
    }

    /** Event n: one of six kinds, from one of four threads, entered at FIRST_ENTRY_NS + n spacings. */
    public static UnsafeBuffer record(final long n, final long spacingNs)
    {
        final long entry = FIRST_ENTRY_NS + n * spacingNs;
        final int tid = RecordBuilder.HOST_TID + (int)(n % 4);
        final int kind = (int)(n % 10);
        final RecordBuilder<?> record;
        if (kind == 0)
        {
            record = new Records.MqOpen().name("ringcap-q-" + (n % 97));
        }
        else if (kind == 1)
        {
            record = new Records.MqUnlink().retval(n % 3 == 0 ? -2 : 0);
        }
        else if (kind <= 4)
        {
            record = new Records.MqTimedSend();
        }
        else if (kind <= 7)
        {
            record = new Records.MqTimedReceive();
        }
        else if (kind == 8)
        {
            record = new MqNotifyRecord().retval(n % 7 == 0 ? -16 : 0);
        }
        else
        {
            record = new Records.MqGetSetAttr();
        }
        return record.entryNs(entry).exitNs(entry + 300 + n % 500).hostTid(tid).tid(tid - 1000).cpu((int)(n & 1)).build();
    }

    public void close()
    {
        writer.close();
    }
}
