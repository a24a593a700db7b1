package io.ringcap.bench;

import io.ringcap.capture.RingDrainAgent;
import io.ringcap.journal.JournalWriter;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.decode.EventHeaderDecoder;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.format.CsvFormatter;
import io.ringcap.replay.format.JsonFormatter;
import io.ringcap.replay.format.TableFormatter;
import io.ringcap.replay.journal.JournalReader;
import io.ringcap.replay.journal.JournalSummary;
import io.ringcap.replay.journal.RecordHandler;
import io.ringcap.ring.RingBufferReader;
import io.ringcap.ring.SimulatedRingBuffer;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.MqNotifyLayout;
import io.ringcap.wire.MqTimedReceiveLayout;
import io.ringcap.wire.MqTimedSendLayout;
import io.ringcap.wire.ReadStatus;
import io.ringcap.wire.SigeventLayout;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The replay side: one journal of {@link #N} records written at trial setup the way capture writes
 * one (METADATA, CGROUPS, PROCESSES, EVENTS blocks of ring spans copied verbatim, SUMMARY), then
 * read back by one {@link JournalReader} opened once per trial ({@link JournalReader#forEachRecord}
 * starts from the beginning of the journal on every call). Each operation is one full pass over
 * the journal; scores are per event:
 * <ol>
 *   <li>{@code count}: the reader's walk with a handler that counts (framing, bounds and type
 *       checks, Chronicle excerpt reads: the floor of every replay);</li>
 *   <li>{@code filter}: one host pid and one event type, through {@link EventHeaderDecoder};</li>
 *   <li>{@code json}: {@link JsonFormatter} into an OutputStream that counts and discards;</li>
 *   <li>{@code table}: {@link TableFormatter} likewise;</li>
 *   <li>{@code csv}: {@link CsvFormatter} likewise.</li>
 * </ol>
 * Every invocation is checked as it ends (a wrong one throws, and JMH reports the benchmark failed
 * instead of a score): every pass delivers all {@link #N} records; {@code count}'s handler counts
 * them all, {@code filter} matches exactly the events the journal was written with for its pid and
 * type; each formatter pass writes exactly the bytes {@code ringcap replay --format F} prints for
 * the journal, measured at setup through {@link ReplayCommand} itself.
 * The journal: 8 processes (2 in a docker container, so the table has a CONTAINER column and the
 * JSON a containerId), 1-3 threads each; per 100 events about 1 mq_open, 6 mq_timedsend and 6
 * mq_timedreceive keeping 64-byte payloads (--payload-bytes 64), 87 mq_notify (232 bytes)
 * alternating register (SIGEV_SIGNAL) and cancel (NULL) per process, some failing with EBUSY. The
 * producer writes bursts of 1-256 records into a simulated ring and the reader polls after each,
 * as the drain agent does (spans up to {@link RingDrainAgent#MAX_SPAN_BYTES}): one EVENTS excerpt
 * per burst, about 130 records each. Fixed seed: every fork replays the same bytes.
 * <p>
 * A pass takes about 55 ms (count, filter) or 0.5-1.5 s (table, json), so the formatters get 2 s
 * iterations: 3 forks of all four run in about 3 minutes, setup (about 2 s per fork) included.
 * <p>
 * {@code java -cp ... io.ringcap.bench.ReplayBenchmark DIR} writes the same journal into DIR, for
 * a look with {@code ./ringcap replay --journal DIR}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3) // forks inherit the JVM flags `./ringcap jmh` gives the host VM (the parent pom's ringcap.jvm.flags)
public class ReplayBenchmark
{
    /** Records in the journal: one operation is a pass over all of them. */
    static final int N = 1_000_000;

    /** The filter benchmark's predicate: this host pid's mq_notify events. */
    static final int FILTER_HOST_PID = 4110;
    static final int FILTER_EVENT_TYPE = EventType.MQ_NOTIFY;

    private static final long SEED = 0x5eed_2026L;
    private static final long BOOT_TO_WALL_NS = 1_795_329_000_000_000_000L - 1_000_000_000_000L;
    private static final long FIRST_ENTRY_NS = 1_000_000_000_000L;
    private static final int RING_SIZE = 1 << 20;
    private static final int MAX_BURST = 256;
    private static final long HOST_CGROUP = 1234;
    private static final long CONTAINER_CGROUP = 5678;
    private static final String CONTAINER_ID = "4c01db0b339c5a9e2e7f1c0a7d6b3e8f9a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final long HOST_PID_NS = 4026531836L;
    private static final long CONTAINER_PID_NS = 4026532511L;

    private Path journalDir;
    private JournalReader reader;
    private Expected expected;
    private CountingHandler counter;
    private PidTypeFilter filter;
    private JsonFormatter json;
    private TableFormatter table;
    private CsvFormatter csv;
    /** Each format's walk: its own context, updated by every record before the formatter sees it. */
    private ReplayContext jsonContext;
    private ReplayContext tableContext;
    private ReplayContext csvContext;
    private RecordRouter jsonWalk;
    private RecordRouter tableWalk;
    private RecordRouter csvWalk;
    private final CountingOutputStream jsonOut = new CountingOutputStream();
    private final CountingOutputStream tableOut = new CountingOutputStream();
    private final CountingOutputStream csvOut = new CountingOutputStream();
    /**
     * The bytes {@code ringcap replay --format F} prints to stdout for this journal, F being this
     * trial's format: measured at setup through the command itself, which every pass must equal.
     */
    private long expectedBytes = -1;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws IOException
    {
        journalDir = Files.createTempDirectory("ringcap-bench-replay").resolve("journal");
        expected = writeJournal(journalDir, N);
        reader = JournalReader.open(journalDir);
        final JournalSummary summary = reader.summary();
        if (summary == null || summary.eventsJournaled() != N)
        {
            throw new IllegalStateException("the journal's summary is " + summary + ", not " + N + " events");
        }
        counter = new CountingHandler();
        filter = new PidTypeFilter(FILTER_HOST_PID, FILTER_EVENT_TYPE);
        jsonContext = new ReplayContext(reader.metadata(), reader.tables());
        tableContext = new ReplayContext(reader.metadata(), reader.tables());
        csvContext = new ReplayContext(reader.metadata(), reader.tables());
        json = new JsonFormatter(jsonOut, jsonContext);
        table = new TableFormatter(tableOut, tableContext);
        csv = new CsvFormatter(csvOut, csvContext);
        jsonWalk = RecordRouter.all(jsonContext, json);
        tableWalk = RecordRouter.all(tableContext, table);
        csvWalk = RecordRouter.all(csvContext, csv);
        final String benchmark = params.getBenchmark();
        final String format = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        if ("json".equals(format) || "table".equals(format) || "csv".equals(format))
        {
            expectedBytes = replayCommandBytes(journalDir, format);
        }
    }

    /** @return the bytes {@code ringcap replay --journal DIR --format FORMAT} writes to stdout. */
    static long replayCommandBytes(final Path journal, final String format)
    {
        final CountingOutputStream out = new CountingOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(new String[] {"--journal", journal.toString(), "--format", format},
            new PrintStream(out, false, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (exit != ReplayCommand.EXIT_OK || out.bytes < 100L * N)
        {
            throw new IllegalStateException("ringcap replay --format " + format + " exited " + exit + " after " + out.bytes +
                " bytes: " + err.toString(StandardCharsets.UTF_8));
        }
        return out.bytes;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        reader.close();
        try (Stream<Path> paths = Files.walk(journalDir.getParent()))
        {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void count(final Blackhole blackhole)
    {
        final CountingHandler counter = this.counter;
        counter.records = 0;
        final long delivered = reader.forEachRecord(counter);
        if (delivered != N || counter.records != N)
        {
            throw new IllegalStateException("a pass delivered " + delivered + " records and the handler counted " +
                counter.records + ", not " + N);
        }
        blackhole.consume(counter.records);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void filter(final Blackhole blackhole)
    {
        final PidTypeFilter filter = this.filter;
        filter.matches = 0;
        final long delivered = reader.forEachRecord(filter);
        if (delivered != N || filter.matches != expected.filterMatches)
        {
            throw new IllegalStateException("a pass delivered " + delivered + " records (not " + N + ") and the filter " +
                "matched " + filter.matches + " (the journal was written with " + expected.filterMatches + ")");
        }
        blackhole.consume(filter.matches);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public long json() throws IOException
    {
        final JsonFormatter json = this.json;
        jsonContext.reset(); // a new walk, as a new replay run starts one
        json.begin();
        final long delivered = reader.forEachRecord(jsonWalk);
        json.flush();
        checkPass("json", delivered, jsonOut);
        return delivered;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public long table() throws IOException
    {
        final TableFormatter table = this.table;
        tableContext.reset(); // a new walk, as a new replay run starts one
        table.begin();
        final long delivered = reader.forEachRecord(tableWalk);
        table.flush();
        checkPass("table", delivered, tableOut);
        return delivered;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public long csv() throws IOException
    {
        final CsvFormatter csv = this.csv;
        csvContext.reset(); // a new walk, as a new replay run starts one
        csv.begin();
        final long delivered = reader.forEachRecord(csvWalk);
        csv.flush();
        checkPass("csv", delivered, csvOut);
        return delivered;
    }

    /** Counts records. */
    static final class CountingHandler implements RecordHandler
    {
        long records;

        @Override
        public void onRecord(final DirectBuffer buffer, final int offset, final int length)
        {
            records++;
        }
    }

    /** Counts the records of one host pid and one event type, as a replay filter would select them. */
    static final class PidTypeFilter implements RecordHandler
    {
        private final EventHeaderDecoder header = new EventHeaderDecoder();
        private final int hostPid;
        private final int eventType;
        long matches;

        PidTypeFilter(final int hostPid, final int eventType)
        {
            this.hostPid = hostPid;
            this.eventType = eventType;
        }

        @Override
        public void onRecord(final DirectBuffer buffer, final int offset, final int length)
        {
            final EventHeaderDecoder header = this.header.wrap(buffer, offset);
            if (header.hostPid() == hostPid && header.eventType() == eventType)
            {
                matches++;
            }
        }
    }

    /**
     * Every pass is checked where it ends, so no invocation can score without having done the work:
     * every record delivered, and exactly the bytes the replay command prints (a formatter that wrote
     * nothing, or less, would score better: the run fails instead).
     */
    private void checkPass(final String format, final long delivered, final CountingOutputStream out)
    {
        final long written = out.bytes;
        out.bytes = 0;
        if (delivered != N || written != expectedBytes)
        {
            throw new IllegalStateException(format + ": a pass delivered " + delivered + " of " + N + " records and wrote " +
                written + " bytes, not the " + expectedBytes + " that ringcap replay --format " + format + " prints");
        }
    }

    /** Discards what a formatter writes, counting the bytes. */
    static final class CountingOutputStream extends OutputStream
    {
        long bytes;

        @Override
        public void write(final int b)
        {
            bytes++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            bytes += len;
        }
    }

    /** What the journal holds, to check the passes against. */
    record Expected(long filterMatches, long excerpts, long bytes)
    {
    }

    /** A traced process: host ids, and its own pid namespace's when it runs in a container. */
    private record Proc(int hostPid, int threads, int hostPpid, int nsPid, long cgroupId, long pidNs, byte[] comm,
        String executable, long mqInode)
    {
    }

    private static Proc[] processes()
    {
        final String[] comms = {"mq_load", "broker", "broker", "worker", "worker", "worker", "order-svc", "audit"};
        final Proc[] procs = new Proc[comms.length];
        for (int i = 0; i < procs.length; i++)
        {
            final boolean container = i >= 6;
            final int hostPid = container ? 5200 + (i - 6) * 100 : 4100 + i * 10;
            procs[i] = new Proc(hostPid, 1 + i % 3, container ? 5190 : 4000, container ? 1 + (i - 6) * 6 : 0,
                container ? CONTAINER_CGROUP : HOST_CGROUP, container ? CONTAINER_PID_NS : HOST_PID_NS,
                comms[i].getBytes(StandardCharsets.US_ASCII), "/usr/local/bin/" + comms[i], 66751 + i);
        }
        return procs;
    }

    /**
     * Write the benchmark's journal: records as capture would journal them.
     *
     * @param directory a directory that does not exist yet or is empty.
     * @param records   how many.
     * @return what the journal holds.
     */
    static Expected writeJournal(final Path directory, final int records)
    {
        final Proc[] procs = processes();
        final boolean[] registered = new boolean[procs.length];
        final SplittableRandom random = new SplittableRandom(SEED);
        final UnsafeBuffer notify = SyntheticEvents.mqNotifyRecord();
        final UnsafeBuffer open = SyntheticEvents.mqOpenRecord();
        final UnsafeBuffer send = SyntheticEvents.mqTimedSendRecord();
        final UnsafeBuffer receive = SyntheticEvents.mqTimedReceiveRecord();
        final SimulatedRingBuffer ring = new SimulatedRingBuffer(RING_SIZE);
        final RingBufferReader ringReader = ring.newReader(EventHeaderLayout.LENGTH);
        long filterMatches = 0;
        long excerpts = 0;

        try (JournalWriter writer = new JournalWriter(directory))
        {
            writer.writeMetadata(new JournalMetadata(JournalFormat.FORMAT_VERSION, "bench-host", "6.18.0",
                BOOT_TO_WALL_NS, "tracepoint", 64L << 20, 3999, "host"));
            writer.writeCgroups(cgroups());
            writer.writeProcesses(executables(procs));

            long entryNs = FIRST_ENTRY_NS;
            int written = 0;
            while (written < records)
            {
                final int burst = Math.min(records - written, 1 + random.nextInt(MAX_BURST));
                for (int i = 0; i < burst; i++)
                {
                    final int p = random.nextInt(procs.length);
                    final Proc proc = procs[p];
                    final int hostTid = proc.hostPid + random.nextInt(proc.threads);
                    entryNs += 200 + random.nextInt(1000);
                    final long exitNs = entryNs + 300 + random.nextInt(1200);
                    final int kind = random.nextInt(100);
                    final UnsafeBuffer record;
                    final long retval;
                    if (kind == 0)
                    {
                        record = open;
                        retval = 3;
                    }
                    else if (kind <= 6)
                    {
                        record = send;
                        send.putInt(MqTimedSendLayout.MSG_PRIO_OFFSET, kind % 4, ByteOrder.LITTLE_ENDIAN);
                        send.putLong(MqTimedSendLayout.MQ_INODE_OFFSET, proc.mqInode, ByteOrder.LITTLE_ENDIAN);
                        retval = 0;
                    }
                    else if (kind <= 12)
                    {
                        record = receive;
                        receive.putInt(MqTimedReceiveLayout.MSG_PRIO_OFFSET, kind % 4, ByteOrder.LITTLE_ENDIAN);
                        receive.putLong(MqTimedReceiveLayout.MQ_INODE_OFFSET, proc.mqInode, ByteOrder.LITTLE_ENDIAN);
                        retval = SyntheticEvents.PAYLOAD_BYTES;
                    }
                    else
                    {
                        record = notify;
                        retval = mqNotify(notify, proc, registered, p, random);
                        if (proc.hostPid == FILTER_HOST_PID)
                        {
                            filterMatches++;
                        }
                    }
                    SyntheticEvents.header(record, hostTid & 1, entryNs, exitNs, retval, proc.hostPid, hostTid,
                        proc.hostPpid, proc.nsPid, proc.cgroupId, proc.pidNs, proc.comm);
                    if (!ring.write(record, 0, record.capacity()))
                    {
                        throw new IllegalStateException("the simulated ring is full: a burst must fit it");
                    }
                }
                written += burst;
                while (ringReader.poll(writer, RingDrainAgent.MAX_SPAN_BYTES) > 0)
                {
                    excerpts++;
                }
            }
            if (writer.eventsJournaled() != records)
            {
                throw new IllegalStateException("journaled " + writer.eventsJournaled() + " events, not " + records);
            }
            writer.writeSummary(records, 0);
            return new Expected(filterMatches, excerpts, writer.bytesJournaled());
        }
    }

    /**
     * One mq_notify call of a process that alternates register and cancel (as mq_load does); 3% of
     * registrations while one is pending fail with EBUSY.
     *
     * @return the call's return value.
     */
    private static long mqNotify(
        final UnsafeBuffer notify, final Proc proc, final boolean[] registered, final int p,
        final SplittableRandom random)
    {
        notify.putLong(MqNotifyLayout.MQ_INODE_OFFSET, proc.mqInode, ByteOrder.LITTLE_ENDIAN);
        final boolean busy = registered[p] && random.nextInt(100) < 3;
        if (!registered[p] || busy)
        {
            final int status = ReadStatus.OK;
            notify.putInt(MqNotifyLayout.SEV_STATUS_OFFSET, status, ByteOrder.LITTLE_ENDIAN);
            notify.putLong(MqNotifyLayout.SEVP_OFFSET, 0x7ffc_6387_5620L + (proc.hostPid & 0xff) * 64L,
                ByteOrder.LITTLE_ENDIAN);
            notify.putInt(MqNotifyLayout.SEV_SIGNO_OFFSET, busy ? 12 : 10, ByteOrder.LITTLE_ENDIAN);
            notify.putLong(MqNotifyLayout.SEV_VALUE_OFFSET, busy ? 7 : 0x5eed, ByteOrder.LITTLE_ENDIAN);
            notify.putInt(MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, status, ByteOrder.LITTLE_ENDIAN);
            notify.putBytes(MqNotifyLayout.SEV_EXIT_OFFSET, notify, MqNotifyLayout.SEV_OFFSET,
                SigeventLayout.LENGTH);
            if (busy)
            {
                return -16; // EBUSY: a registration is pending
            }
            registered[p] = true;
            return 0;
        }
        notify.putInt(MqNotifyLayout.SEV_STATUS_OFFSET, ReadStatus.NULL, ByteOrder.LITTLE_ENDIAN);
        notify.putLong(MqNotifyLayout.SEVP_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        notify.putInt(MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, ReadStatus.NULL, ByteOrder.LITTLE_ENDIAN);
        notify.setMemory(MqNotifyLayout.SEV_OFFSET, SigeventLayout.LENGTH, (byte)0);
        notify.setMemory(MqNotifyLayout.SEV_EXIT_OFFSET, SigeventLayout.LENGTH, (byte)0);
        registered[p] = false;
        return 0;
    }

    /** A host's cgroup tree as capture snapshots it: systemd units, a session, one docker container. */
    private static Map<Long, String> cgroups()
    {
        final Map<Long, String> cgroups = new LinkedHashMap<>();
        cgroups.put(1L, "/");
        for (long id = 2; id < 120; id++)
        {
            cgroups.put(id, "/system.slice/unit-" + id + ".service");
        }
        cgroups.put(HOST_CGROUP, "/user.slice/user-1000.slice/session-3.scope");
        cgroups.put(CONTAINER_CGROUP, "/system.slice/docker-" + CONTAINER_ID + ".scope");
        return cgroups;
    }

    /** Processes running when the capture began: the traced ones and some others. */
    private static Map<Integer, String> executables(final Proc[] procs)
    {
        final Map<Integer, String> executables = new LinkedHashMap<>();
        for (int pid = 1; pid < 300; pid++)
        {
            executables.put(pid, pid == 1 ? "/usr/lib/systemd/systemd" : "/usr/sbin/daemon-" + pid);
        }
        for (final Proc proc : procs)
        {
            executables.put(proc.hostPid, proc.executable);
        }
        return executables;
    }

    /**
     * Write the benchmark's journal into a directory, for inspection with {@code ./ringcap replay}.
     *
     * @param args the directory.
     */
    public static void main(final String[] args)
    {
        if (args.length != 1)
        {
            System.err.println("usage: ReplayBenchmark JOURNAL_DIR");
            System.exit(2);
        }
        final Path directory = Path.of(args[0]);
        final long start = System.nanoTime();
        final Expected expected = writeJournal(directory, N);
        System.out.printf("%d records (%d bytes of ring records) in %d EVENTS excerpts written to %s in %.2f s; " +
                "host pid %d has %d mq_notify%n", N, expected.bytes(), expected.excerpts(), directory,
            (System.nanoTime() - start) / 1e9, FILTER_HOST_PID, expected.filterMatches());
    }
}
