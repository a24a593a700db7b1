package io.ringcap.capture;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * One capture's metrics, read at scrape time on the HTTP thread from counters that exist anyway:
 * the journal writer's published counts, the BPF per-CPU counter map, the ring's positions. The
 * drain thread does nothing for them.
 * <p>
 * One collector for all of them, not one callback per metric, so a scrape reads the per-CPU drop
 * map once: the total and the per-CPU series come from the same read and always add up.
 * <p>
 * {@link #close()} takes a last reading and serves it from then on: the session closes it before
 * it unmaps the ring and closes the BPF maps, so a scrape never touches released memory, and
 * scrapes until the server stops see the final counts.
 */
final class CaptureMetrics implements MultiCollector, AutoCloseable
{
    static final String EVENTS_JOURNALED = "ringcap_events_journaled";
    static final String EVENTS_SUBMITTED = "ringcap_events_submitted";
    static final String EVENTS_DROPPED = "ringcap_events_dropped";
    static final String CPU_EVENTS_DROPPED = "ringcap_cpu_events_dropped";
    static final String JOURNAL_BYTES = "ringcap_journal_bytes";
    static final String RING_SIZE = "ringcap_ring_size_bytes";
    static final String READER_LAG = "ringcap_reader_lag_bytes";
    static final String RING_FILL = "ringcap_ring_fill_ratio";
    static final String INFO = "ringcap";

    /** Reads the live counters; called with the collector's lock held, never after {@link #close()}. */
    @FunctionalInterface
    interface Source
    {
        Sample read();
    }

    /**
     * @param eventsJournaled records written to the journal.
     * @param eventsSubmitted records the BPF programs committed to the ring, all CPUs.
     * @param droppedPerCpu   reserve failures (ring full) by CPU index.
     * @param journalBytes    record bytes written to the journal.
     * @param ringSize        the ring's data size in bytes.
     * @param readerLag       producer position minus consumer position: published, not yet consumed.
     */
    record Sample(long eventsJournaled, long eventsSubmitted, long[] droppedPerCpu, long journalBytes, long ringSize,
        long readerLag)
    {
        long eventsDropped()
        {
            long total = 0;
            for (final long cpu : droppedPerCpu)
            {
                total += cpu;
            }
            return total;
        }
    }

    private final Labels info;
    private Source source; // guarded by this; null once frozen
    private Sample last;   // guarded by this

    /**
     * @param attach  the attach method in use, e.g. {@code tracepoint}.
     * @param journal the journal directory.
     */
    CaptureMetrics(final String attach, final String journal, final Source source)
    {
        this.info = Labels.of("attach", attach, "journal", journal);
        this.source = source;
    }

    /** Takes the final reading; later scrapes serve it. Idempotent, never throws. */
    @Override
    public synchronized void close()
    {
        if (null != source)
        {
            try
            {
                last = source.read();
            }
            catch (final RuntimeException ex)
            {
                // keep the last good reading: metrics must not turn a stop into a failure
            }
            source = null;
        }
    }

    @Override
    public MetricSnapshots collect()
    {
        final Sample sample;
        synchronized (this)
        {
            if (null != source)
            {
                last = source.read();
            }
            sample = last;
        }
        return null == sample ? new MetricSnapshots() : snapshots(sample);
    }

    private MetricSnapshots snapshots(final Sample sample)
    {
        final CounterSnapshot.Builder perCpu = CounterSnapshot.builder().name(CPU_EVENTS_DROPPED)
            .help("Events lost because the ring was full, by the CPU the event happened on.");
        final long[] drops = sample.droppedPerCpu();
        for (int cpu = 0; cpu < drops.length; cpu++)
        {
            perCpu.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("cpu", Integer.toString(cpu)))
                .value(drops[cpu]).build());
        }
        return new MetricSnapshots(
            counter(EVENTS_JOURNALED, "Events written to the journal.", sample.eventsJournaled()),
            counter(EVENTS_SUBMITTED, "Events the BPF programs committed to the ring, all CPUs.",
                sample.eventsSubmitted()),
            counter(EVENTS_DROPPED, "Events lost because the ring was full, all CPUs.", sample.eventsDropped()),
            perCpu.build(),
            counter(JOURNAL_BYTES, "Event bytes written to the journal.", sample.journalBytes()),
            gauge(RING_SIZE, "Size of the BPF ring buffer.", sample.ringSize()),
            gauge(READER_LAG, "Bytes the kernel has published to the ring that the reader has not consumed " +
                "(producer minus consumer position).", sample.readerLag()),
            gauge(RING_FILL, "Reader lag over ring size: 1 means the ring is full and new events are dropped.",
                (double)sample.readerLag() / sample.ringSize()),
            InfoSnapshot.builder().name(INFO).help("The capture: attach method and journal directory.")
                .dataPoint(InfoDataPointSnapshot.builder().labels(info).build()).build());
    }

    private static CounterSnapshot counter(final String name, final String help, final long value)
    {
        return CounterSnapshot.builder().name(name).help(help)
            .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot gauge(final String name, final String help, final double value)
    {
        return GaugeSnapshot.builder().name(name).help(help)
            .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
