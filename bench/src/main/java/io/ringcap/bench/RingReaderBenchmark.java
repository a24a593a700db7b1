package io.ringcap.bench;

import io.ringcap.journal.JournalWriter;
import io.ringcap.ring.RingBufferReader;
import io.ringcap.ring.RingSpanHandler;
import io.ringcap.ring.SimulatedRingBuffer;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.RingRecordFraming;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The capture hot path without a kernel: a simulated ring holding {@link #BATCH} mq_notify
 * records per operation (232-byte payloads, as the BPF program writes them), drained by the
 * {@link RingBufferReader} into (a) nothing, (b) the journal one span per poll, (c) the journal one
 * excerpt per event. Scores are per event; {@code -prof gc} shows the allocation per event.
 * <p>
 * The reader's benchmarks ({@code drainTo*}) leave the producer out: the ring is filled once at
 * setup, and each operation rewinds the two positions (two stores) so the reader finds the same
 * {@link #BATCH} committed records again. {@code produce} measures the simulated producer alone
 * (byte-wise headers, payload copied into both halves of the doubly mapped data area), and the
 * {@code fillAndDrainTo*} benchmarks are the former ones, producer and reader together, kept to
 * compare. Every operation's result is checked: each drain must consume exactly the batch's bytes
 * and records, each write must succeed, and the journal must hold one record per event drained;
 * a reader that stopped consuming fails the run instead of scoring better.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3) // forks inherit the JVM flags `./ringcap jmh` gives the host VM (the parent pom's ringcap.jvm.flags)
public class RingReaderBenchmark
{
    static final int BATCH = 256;
    private static final int RING_SIZE = 1 << 20;

    /** Bytes per record: an mq_notify record as the BPF program writes it. */
    private int payloadLength;

    private SimulatedRingBuffer ring;
    private RingBufferReader reader;
    private UnsafeBuffer record;
    private Path journalDir;
    private JournalWriter journal;
    private PerEventJournal perEvent;
    private BlackholeHandler blackholeHandler;
    /** Bytes the batch occupies in the ring: what every drain must consume. */
    private int batchBytes;
    /** Records drained into the journal this iteration, by either journal benchmark. */
    private long journalRecordsDrained;
    private long journaledAtIterationStart;

    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole)
    {
        ring = new SimulatedRingBuffer(RING_SIZE);
        reader = ring.newReader(EventHeaderLayout.LENGTH);
        record = SyntheticEvents.mqNotifyRecord();
        payloadLength = record.capacity();
        blackholeHandler = new BlackholeHandler(blackhole);
        batchBytes = BATCH * RingRecordFraming.alignedRecordLength(payloadLength);
        // The batch's committed records stay in the data area from 0; the ring starts empty (the
        // fillAndDrain and produce benchmarks write from 0 again, the drain ones rewind onto them).
        ring.resetPositions(0);
        fill();
        ring.resetPositions(0);
    }

    /**
     * A fresh journal per iteration, deleted after it: the disk footprint stays bounded (an
     * iteration writes a few hundred MB) and no roll falls inside a measurement, as none would in a
     * capture between two daily rolls.
     */
    @Setup(Level.Iteration)
    public void openJournal() throws IOException
    {
        journalDir = Files.createTempDirectory("ringcap-bench-journal");
        journal = new JournalWriter(journalDir);
        perEvent = new PerEventJournal(journal);
        journalRecordsDrained = 0;
        journaledAtIterationStart = journal.eventsJournaled();
    }

    @TearDown(Level.Iteration)
    public void deleteJournal() throws IOException
    {
        final long journaled = journal.eventsJournaled() - journaledAtIterationStart;
        journal.close();
        try (Stream<Path> paths = Files.walk(journalDir))
        {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        if (journaled != journalRecordsDrained)
        {
            throw new IllegalStateException("the journal holds " + journaled + " records, " + journalRecordsDrained +
                " were drained into it");
        }
    }

    // The reader alone: the ring was filled at setup; rewinding costs two stores per operation.

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int drainToBlackhole()
    {
        rewind();
        return drain(blackholeHandler);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int drainToJournalBatched()
    {
        rewind();
        journalRecordsDrained += BATCH;
        return drain(journal);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int drainToJournalPerEvent()
    {
        rewind();
        journalRecordsDrained += BATCH;
        return drain(perEvent);
    }

    /** The simulated producer alone: BATCH writes, then the reader's position moved past them unread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long produce()
    {
        fill();
        final long producer = ring.producerPosition();
        ring.resetPositions(producer);
        return producer;
    }

    // The former benchmarks: producer and reader in one measurement, kept beside the reader's own.

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fillAndDrainToBlackhole()
    {
        fill();
        return drain(blackholeHandler);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fillAndDrainToJournalBatched()
    {
        fill();
        journalRecordsDrained += BATCH;
        return drain(journal);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fillAndDrainToJournalPerEvent()
    {
        fill();
        journalRecordsDrained += BATCH;
        return drain(perEvent);
    }

    /** The same BATCH committed records again, from position 0. */
    private void rewind()
    {
        ring.resetPositions(0);
        ring.putProducerPosition(batchBytes);
    }

    private void fill()
    {
        for (int i = 0; i < BATCH; i++)
        {
            if (!ring.write(record, 0, payloadLength))
            {
                throw new IllegalStateException("the ring is full: the reader did not consume");
            }
        }
    }

    /** @return bytes consumed, checked: exactly the batch, in records the handler counted. */
    private int drain(final RingSpanHandler handler)
    {
        int consumed = 0;
        int bytes;
        while ((bytes = reader.poll(handler, 256 * 1024)) > 0)
        {
            consumed += bytes;
        }
        if (consumed != batchBytes)
        {
            throw new IllegalStateException("drained " + consumed + " bytes, not the batch's " + batchBytes);
        }
        if (handler == blackholeHandler && blackholeHandler.takeRecords() != BATCH)
        {
            throw new IllegalStateException("the handler saw other than " + BATCH + " records");
        }
        return consumed;
    }

    private static final class BlackholeHandler implements RingSpanHandler
    {
        private final Blackhole blackhole;
        private int records;

        BlackholeHandler(final Blackhole blackhole)
        {
            this.blackhole = blackhole;
        }

        @Override
        public void onSpan(final DirectBuffer ring, final int offset, final int length, final int records)
        {
            blackhole.consume(ring.getLong(offset + length - 8));
            this.records += records;
        }

        int takeRecords()
        {
            final int taken = records;
            records = 0;
            return taken;
        }
    }

    /** The alternative to span batching: one journal excerpt per record. */
    private static final class PerEventJournal implements RingSpanHandler
    {
        private final JournalWriter journal;

        PerEventJournal(final JournalWriter journal)
        {
            this.journal = journal;
        }

        @Override
        public void onSpan(final DirectBuffer ring, final int offset, final int length, final int records)
        {
            int position = offset;
            final int end = offset + length;
            while (position < end)
            {
                final int lengthField = ring.getInt(position);
                final int recordLength = RingRecordFraming.alignedRecordLength(RingRecordFraming.payloadLength(lengthField));
                if ((lengthField & RingRecordFraming.DISCARD_BIT) == 0)
                {
                    journal.onSpan(ring, position, recordLength, 1);
                }
                position += recordLength;
            }
        }
    }
}
