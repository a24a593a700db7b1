package io.ringcap.bench;

import io.ringcap.wire.JournalChecksum;
import io.ringcap.wire.JournalFormat;
import io.ringcap.wire.RingRecordFraming;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the journal's block checksum costs per event: CRC32C ({@link JournalChecksum}, the JDK's
 * intrinsic over an address) of one EVENTS block of {@link #RECORDS} mq_notify records as the ring
 * frames them, as the writer seals it after the copy and replay verifies it before decoding.
 * Scores are per event; the drain path's total is RingReaderBenchmark.drainToJournalBatched.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class JournalChecksumBenchmark
{
    /** Records per block: about what one 64 KiB poll of a busy ring holds. */
    static final int RECORDS = 256;

    private final JournalChecksum checksum = new JournalChecksum();
    private long address;
    private int length;

    @Setup
    public void setUp()
    {
        final UnsafeBuffer record = SyntheticEvents.mqNotifyRecord();
        final int recordLength = RingRecordFraming.alignedRecordLength(record.capacity());
        length = JournalFormat.EVENTS_RECORDS_OFFSET + RECORDS * recordLength;
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(length + 64, 64);
        final UnsafeBuffer block = new UnsafeBuffer(memory, 0, length);
        block.putInt(JournalFormat.BLOCK_TYPE_OFFSET, JournalFormat.BLOCK_EVENTS, java.nio.ByteOrder.LITTLE_ENDIAN);
        block.putInt(JournalFormat.EVENTS_COUNT_OFFSET, RECORDS, java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < RECORDS; i++)
        {
            final int offset = JournalFormat.EVENTS_RECORDS_OFFSET + i * recordLength;
            block.putInt(offset + RingRecordFraming.LENGTH_OFFSET, record.capacity(), java.nio.ByteOrder.LITTLE_ENDIAN);
            block.putBytes(offset + RingRecordFraming.HEADER_LENGTH, record, 0, record.capacity());
        }
        address = block.addressOffset();
        checksum.seal(address, length);
        if (!JournalChecksum.isIntrinsic())
        {
            throw new IllegalStateException("CRC32C intrinsic not reachable: --add-opens java.base/java.util missing");
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void seal()
    {
        checksum.seal(address, length);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public boolean verify()
    {
        return checksum.verify(address, length);
    }
}
