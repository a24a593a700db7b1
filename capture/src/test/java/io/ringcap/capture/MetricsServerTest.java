package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint over real loopback sockets, with fixed counter values. No kernel needed. */
class MetricsServerTest
{
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(30)).build();

    @Test
    void servesTheExpositionAtSlashMetricsOnly() throws Exception
    {
        final CaptureMetrics metrics = fixed();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String url;
        try (MetricsServer server = MetricsServer.bind(MetricsAddress.parse("0"), new PrintStream(err, true, StandardCharsets.UTF_8)))
        {
            url = MetricsAddress.url(server.address());
            server.start(metrics);
            assertEquals(List.of("ringcap: metrics on " + url), err.toString(StandardCharsets.UTF_8).lines().toList());

            final HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(url)).GET());
            assertEquals(200, ok.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", ok.headers().firstValue("Content-Type").orElseThrow());
            // Written out by hand for fixed()'s sample, not rendered by the writer under test.
            assertEquals(String.join("\n",
                "# HELP ringcap_info The capture: attach method and journal directory.",
                "# TYPE ringcap_info gauge",
                "ringcap_info{attach=\"tracepoint\",journal=\"journals/x\"} 1",
                "# HELP ringcap_cpu_events_dropped_total Events lost because the ring was full, by the CPU the event happened on.",
                "# TYPE ringcap_cpu_events_dropped_total counter",
                "ringcap_cpu_events_dropped_total{cpu=\"0\"} 0.0",
                "ringcap_cpu_events_dropped_total{cpu=\"1\"} 0.0",
                "# HELP ringcap_events_dropped_total Events lost because the ring was full, all CPUs.",
                "# TYPE ringcap_events_dropped_total counter",
                "ringcap_events_dropped_total 0.0",
                "# HELP ringcap_events_journaled_total Events written to the journal.",
                "# TYPE ringcap_events_journaled_total counter",
                "ringcap_events_journaled_total 7.0",
                "# HELP ringcap_events_submitted_total Events the BPF programs committed to the ring, all CPUs.",
                "# TYPE ringcap_events_submitted_total counter",
                "ringcap_events_submitted_total 7.0",
                "# HELP ringcap_journal_bytes_total Event bytes written to the journal.",
                "# TYPE ringcap_journal_bytes_total counter",
                "ringcap_journal_bytes_total 2216.0",
                "# HELP ringcap_reader_lag_bytes Bytes the kernel has published to the ring that the reader has not consumed " +
                    "(producer minus consumer position).",
                "# TYPE ringcap_reader_lag_bytes gauge",
                "ringcap_reader_lag_bytes 0.0",
                "# HELP ringcap_ring_fill_ratio Reader lag over ring size: 1 means the ring is full and new events are dropped.",
                "# TYPE ringcap_ring_fill_ratio gauge",
                "ringcap_ring_fill_ratio 0.0",
                "# HELP ringcap_ring_size_bytes Size of the BPF ring buffer.",
                "# TYPE ringcap_ring_size_bytes gauge",
                "ringcap_ring_size_bytes 1048576.0",
                ""), ok.body());

            assertEquals(200, send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(URI.create(url.replace("/metrics", "/")))).statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(URI.create(url + "x"))).statusCode());
            assertEquals(405, send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("x")))
                .statusCode());
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("HTTP-Dispatcher")).allMatch(Thread::isDaemon),
                "a forgotten endpoint never keeps the JVM alive");
        }
        assertThrows(IOException.class, () -> send(HttpRequest.newBuilder(URI.create(url))), "closed with the server");
    }

    @Test
    void listensOnIpv6LoopbackWhenAsked() throws Exception
    {
        try (MetricsServer server = MetricsServer.bind(MetricsAddress.parse("[::1]:0"), new PrintStream(new ByteArrayOutputStream())))
        {
            server.start(fixed());
            final String url = MetricsAddress.url(server.address());
            assertTrue(url.startsWith("http://[0:0:0:0:0:0:0:1]:"), url);
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(url))).statusCode());
        }
    }

    @Test
    void aFailingScrapeIsAServerErrorAndTheNextOneWorks() throws Exception
    {
        final boolean[] fail = {true};
        final CaptureMetrics metrics = new CaptureMetrics("tracepoint", "j", () ->
        {
            if (fail[0])
            {
                fail[0] = false;
                throw new IllegalStateException("cannot read rc_counters");
            }
            return new CaptureMetrics.Sample(1, 1, new long[] {0}, 0, 4096, 0);
        });
        try (MetricsServer server = MetricsServer.bind(MetricsAddress.parse("0"), new PrintStream(new ByteArrayOutputStream())))
        {
            server.start(metrics);
            final String url = MetricsAddress.url(server.address());
            assertEquals(500, send(HttpRequest.newBuilder(URI.create(url))).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(url))).statusCode());
        }
    }

    private HttpResponse<String> send(final HttpRequest.Builder request) throws IOException, InterruptedException
    {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CaptureMetrics fixed()
    {
        return new CaptureMetrics("tracepoint", "journals/x",
            () -> new CaptureMetrics.Sample(7, 7, new long[] {0, 0}, 2_216, 1 << 20, 0));
    }
}
