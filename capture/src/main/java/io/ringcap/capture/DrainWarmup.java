package io.ringcap.capture;

import io.ringcap.journal.JournalWriter;
import io.ringcap.journal.LatencyRecorder;
import io.ringcap.ring.RingBufferReader;
import io.ringcap.ring.RingSpanHandler;
import io.ringcap.ring.SimulatedRingBuffer;
import io.ringcap.wire.EventHeaderLayout;
import io.ringcap.wire.EventType;
import io.ringcap.wire.MqNotifyLayout;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs the drain path (ring reader, journal append, latency recorder) over a simulated ring into a
 * throwaway journal before the hooks attach, so the JIT has compiled it by the time real events
 * arrive: interpreted, the first events waited milliseconds behind a cold reader.
 */
final class DrainWarmup
{
    private static final int RECORDS = 200_000;
    private static final int BATCH = 256;

    private DrainWarmup()
    {
    }

    static void run(final boolean withLatency)
    {
        final Path scratch;
        try
        {
            final Path shm = Path.of("/dev/shm");
            scratch = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "ringcap-warmup") :
                Files.createTempDirectory("ringcap-warmup");
        }
        catch (final IOException ex)
        {
            return; // no scratch space: start cold
        }
        try (JournalWriter journal = new JournalWriter(scratch))
        {
            final SimulatedRingBuffer ring = new SimulatedRingBuffer(1 << 20);
            final RingBufferReader reader = ring.newReader(EventHeaderLayout.LENGTH);
            final RingSpanHandler sink = withLatency ? new LatencyRecorder(journal) : journal;
            final UnsafeBuffer record = new UnsafeBuffer(new byte[MqNotifyLayout.LENGTH]);
            record.putShort(EventHeaderLayout.EVENT_TYPE_OFFSET, (short)EventType.MQ_NOTIFY, ByteOrder.LITTLE_ENDIAN);
            record.putShort(EventHeaderLayout.SIZE_OFFSET, (short)MqNotifyLayout.LENGTH, ByteOrder.LITTLE_ENDIAN);
            for (int written = 0; written < RECORDS; written += BATCH)
            {
                for (int i = 0; i < BATCH; i++)
                {
                    ring.write(record, 0, MqNotifyLayout.LENGTH);
                }
                while (reader.poll(sink, RingDrainAgent.MAX_SPAN_BYTES) > 0)
                {
                    // drain
                }
            }
        }
        finally
        {
            delete(scratch);
        }
    }

    private static void delete(final Path scratch)
    {
        try (Stream<Path> paths = Files.walk(scratch))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // a temp directory left behind
        }
    }
}
