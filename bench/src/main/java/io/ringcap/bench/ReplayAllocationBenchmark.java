package io.ringcap.bench;

import io.ringcap.replay.ReplayAllocationWorkload;
import io.ringcap.replay.journal.JournalReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The proof that the replay loops allocate nothing per record, moved here from the unit tests
 * (AllocationTest, FilterAllocationTest), where it depended on C2 having compiled in time: the
 * same journals and loops ({@link ReplayAllocationWorkload}, replay's test-jar), warmed up by JMH;
 * run with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per record. {@code pass} names the
 * loop: the formatters over a journal of every event type (table, json), and CSV, filters and
 * --stats over the filter fixtures. Every pass must deliver every record and write exactly the
 * bytes of the first pass, made at setup (which must write something: a formatter that wrote
 * nothing would allocate nothing too, and prove nothing), or the run fails.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplayAllocationBenchmark
{
    @Param({"table", "json", "csv", "csvEveryFilter", "csvContainerFilter", "statsContainerFilter", "stats"})
    public String pass;

    private Path dir;
    private JournalReader reader;
    private ReplayAllocationWorkload.Pass loop;
    private long wrong;
    /** Counts what the pass writes, and discards it. */
    private final ReplayBenchmark.CountingOutputStream sink = new ReplayBenchmark.CountingOutputStream();
    private long expectedBytes;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("ringcap-bench-alloc").resolve("journal");
        final boolean formatter = "table".equals(pass) || "json".equals(pass);
        if (formatter)
        {
            ReplayAllocationWorkload.writeEveryEventJournal(dir);
        }
        else
        {
            ReplayAllocationWorkload.writeFilterJournal(dir);
        }
        reader = JournalReader.open(dir);
        final Map<String, ReplayAllocationWorkload.Pass> passes = new LinkedHashMap<>(formatter ?
            ReplayAllocationWorkload.formatterPasses(reader, sink) :
            ReplayAllocationWorkload.filterPasses(reader, sink));
        loop = passes.get(pass);
        if (null == loop)
        {
            throw new IllegalArgumentException("no pass " + pass + " in " + passes.keySet());
        }
        final long delivered = loop.run();
        expectedBytes = sink.bytes;
        if (delivered != ReplayAllocationWorkload.RECORDS || expectedBytes == 0)
        {
            throw new IllegalStateException(pass + ": the first pass delivered " + delivered + " of " +
                ReplayAllocationWorkload.RECORDS + " records and wrote " + expectedBytes + " bytes");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        reader.close();
        try (Stream<Path> paths = Files.walk(dir.getParent()))
        {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        if (wrong != 0)
        {
            throw new IllegalStateException(wrong + " passes did not deliver " + ReplayAllocationWorkload.RECORDS +
                " records or did not write the first pass's " + expectedBytes + " bytes");
        }
    }

    @Benchmark
    @OperationsPerInvocation(ReplayAllocationWorkload.RECORDS)
    public long replay()
    {
        sink.bytes = 0;
        final long delivered = loop.run();
        if (delivered != ReplayAllocationWorkload.RECORDS || sink.bytes != expectedBytes)
        {
            wrong++;
        }
        return delivered;
    }
}
