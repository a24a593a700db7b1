package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The exposition text (Prometheus format 0.0.4) for given counter values, line for line. No kernel needed. */
class MetricsExpositionTest
{
    @Test
    void everyMetricWithHelpAndType() throws Exception
    {
        final CaptureMetrics metrics = new CaptureMetrics("tracepoint", "journals/20261122-080000-42",
            () -> new CaptureMetrics.Sample(1_234, 1_240, new long[] {5, 0, 2}, 196_608, 1 << 20, 262_144));

        assertEquals(String.join("\n",
            "# HELP ringcap_info The capture: attach method and journal directory.",
            "# TYPE ringcap_info gauge",
            "ringcap_info{attach=\"tracepoint\",journal=\"journals/20261122-080000-42\"} 1",
            "# HELP ringcap_cpu_events_dropped_total Events lost because the ring was full, by the CPU the event happened on.",
            "# TYPE ringcap_cpu_events_dropped_total counter",
            "ringcap_cpu_events_dropped_total{cpu=\"0\"} 5.0",
            "ringcap_cpu_events_dropped_total{cpu=\"1\"} 0.0",
            "ringcap_cpu_events_dropped_total{cpu=\"2\"} 2.0",
            "# HELP ringcap_events_dropped_total Events lost because the ring was full, all CPUs.",
            "# TYPE ringcap_events_dropped_total counter",
            "ringcap_events_dropped_total 7.0",
            "# HELP ringcap_events_journaled_total Events written to the journal.",
            "# TYPE ringcap_events_journaled_total counter",
            "ringcap_events_journaled_total 1234.0",
            "# HELP ringcap_events_submitted_total Events the BPF programs committed to the ring, all CPUs.",
            "# TYPE ringcap_events_submitted_total counter",
            "ringcap_events_submitted_total 1240.0",
            "# HELP ringcap_journal_bytes_total Event bytes written to the journal.",
            "# TYPE ringcap_journal_bytes_total counter",
            "ringcap_journal_bytes_total 196608.0",
            "# HELP ringcap_reader_lag_bytes Bytes the kernel has published to the ring that the reader has not consumed " +
                "(producer minus consumer position).",
            "# TYPE ringcap_reader_lag_bytes gauge",
            "ringcap_reader_lag_bytes 262144.0",
            "# HELP ringcap_ring_fill_ratio Reader lag over ring size: 1 means the ring is full and new events are dropped.",
            "# TYPE ringcap_ring_fill_ratio gauge",
            "ringcap_ring_fill_ratio 0.25",
            "# HELP ringcap_ring_size_bytes Size of the BPF ring buffer.",
            "# TYPE ringcap_ring_size_bytes gauge",
            "ringcap_ring_size_bytes 1048576.0",
            ""), exposition(metrics));
    }

    @Test
    void labelValuesAreEscaped() throws Exception
    {
        final CaptureMetrics metrics = new CaptureMetrics("tracepoint", "/tmp/a \"quoted\" \\ dir\nx",
            () -> new CaptureMetrics.Sample(0, 0, new long[] {0}, 0, 4096, 0));

        assertEquals("ringcap_info{attach=\"tracepoint\",journal=\"/tmp/a \\\"quoted\\\" \\\\ dir\\nx\"} 1",
            exposition(metrics).lines().filter(line -> line.startsWith("ringcap_info{")).findFirst().orElseThrow());
    }

    @Test
    void afterCloseTheLastReadingIsServedAndTheSourceIsNeverReadAgain() throws Exception
    {
        final AtomicInteger reads = new AtomicInteger();
        final CaptureMetrics metrics = new CaptureMetrics("tracepoint", "j", () ->
        {
            final int read = reads.incrementAndGet();
            return new CaptureMetrics.Sample(read, read, new long[] {0}, 0, 4096, 0);
        });
        assertEquals(1, journaled(metrics));
        metrics.close();  // the final reading: 2
        metrics.close();  // idempotent
        assertEquals(2, journaled(metrics));
        assertEquals(2, journaled(metrics));
        assertEquals(2, reads.get());
    }

    @Test
    void aSourceThatFailsAtCloseLeavesTheLastGoodReading() throws Exception
    {
        final AtomicInteger reads = new AtomicInteger();
        final CaptureMetrics metrics = new CaptureMetrics("tracepoint", "j", () ->
        {
            if (reads.incrementAndGet() > 1)
            {
                throw new IllegalStateException("maps gone");
            }
            return new CaptureMetrics.Sample(9, 9, new long[] {0}, 0, 4096, 0);
        });
        assertEquals(9, journaled(metrics));
        metrics.close();
        assertEquals(9, journaled(metrics));
    }

    private static long journaled(final CaptureMetrics metrics) throws Exception
    {
        final String line = exposition(metrics).lines().filter(l -> l.startsWith("ringcap_events_journaled_total "))
            .findFirst().orElseThrow();
        return (long)Double.parseDouble(line.substring(line.indexOf(' ') + 1));
    }

    static String exposition(final CaptureMetrics metrics) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toString(StandardCharsets.UTF_8);
    }
}
