package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.bpf.AttachMethod;
import io.ringcap.bpf.BpfConfig;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics} on the real kernel, scraped with {@link HttpClient} as Prometheus would:
 * during a capture of a workload with a known number of calls, and after the capture stopped
 * (the last scrape sees the summary's counts); a held-back 4K ring shows drops whose per-CPU
 * series add up to the total.
 */
class MetricsCaptureTest
{
    /** mq_notify_cases: one mq_open, one mq_unlink, five mq_notify. */
    private static final int CASES_CALLS = 7;
    private static final List<String> CASES_EVENTS = List.of("mq_open", "mq_unlink", "mq_notify");
    private static final int RING_SIZE = 1 << 20;
    private static final long OVERFLOW_CALLS = 50_000;
    private static final Pattern METRICS_LINE = Pattern.compile("ringcap: metrics on (http://127\\.0\\.0\\.1:(\\d+)/metrics)");
    private static final String LISTEN = "0A";
    private static final String V4_MAPPED = "0000000000000000FFFF0000";

    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    @Test
    void aScrapeDuringTheCaptureShowsExactCountsFromLoopbackOnly() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final Path facts = temp.resolve("facts.txt");
        // The shell waits for a line on stdin after the calls, so the capture stays up to be scraped.
        final String workload = KernelTests.nativeBin("mq_notify_cases") + " " + facts + " && read line";
        final List<String> args = List.of("--metrics", "127.0.0.1:0", "--ring-size", "1M", "--quiet",
            "--events", String.join(",", CASES_EVENTS), "--journal", journal.toString(), "--", "sh", "-c", workload);
        final Process capture = new ProcessBuilder(ChildJvm.command(true, CaptureCommand.class.getName(), args))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final BlockingQueue<String> stderr = lines(capture);
        try
        {
            final List<String> before = new ArrayList<>();
            final Matcher url = awaitLine(stderr, METRICS_LINE, 120, before);
            final int port = Integer.parseInt(url.group(2));

            awaitFile(facts);
            Map<String, String> metrics = scrape(url.group(1));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!"7.0".equals(metrics.get("ringcap_events_journaled_total")) && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
                metrics = scrape(url.group(1));
            }

            assertEquals(CASES_CALLS + ".0", metrics.get("ringcap_events_journaled_total"), metrics.toString());
            assertEquals(CASES_CALLS + ".0", metrics.get("ringcap_events_submitted_total"), metrics.toString());
            assertEquals("0.0", metrics.get("ringcap_events_dropped_total"));
            assertCpuDropsAddUp(metrics, 0);
            assertEquals(RING_SIZE + ".0", metrics.get("ringcap_ring_size_bytes"));
            assertEquals("0.0", metrics.get("ringcap_reader_lag_bytes"), "a spinning reader has consumed everything");
            assertEquals("0.0", metrics.get("ringcap_ring_fill_ratio"));
            assertTrue(Double.parseDouble(metrics.get("ringcap_journal_bytes_total")) > 0, metrics.toString());
            final String info = "ringcap_info{attach=\"" + KernelAttachProbe.expectedAutoLabel() + "\",journal=\"" + journal + "\"}";
            assertEquals("1", metrics.get(info), metrics.toString());

            assertEquals(List.of("127.0.0.1"), listeners(port), "bound to loopback, nowhere else");

            try (OutputStream stdin = capture.getOutputStream())
            {
                stdin.write('\n');
            }
            assertTrue(capture.waitFor(120, TimeUnit.SECONDS), "the capture stops once the command exits");
            assertEquals(0, capture.exitValue());
            final List<String> after = new ArrayList<>();
            awaitLine(stderr, Pattern.compile("ringcap: 7 events journaled, 0 dropped, journal .*"), 60, after);
            stderr.drainTo(after);
            after.addAll(0, before);
            assertEquals(1, after.stream().filter(line -> line.startsWith("ringcap: metrics on ")).count(),
                "the address is printed once: " + after);

            final IOException refused = assertThrows(IOException.class, () -> scrape(url.group(1)),
                "the endpoint closes with the capture");
            assertTrue(refused instanceof ConnectException || refused.getCause() instanceof ConnectException, refused.toString());
            assertEquals(List.of(), listeners(port));
        }
        finally
        {
            capture.destroyForcibly();
            capture.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLastScrapeAfterTheCaptureStoppedSeesTheSummaryCounts() throws Exception
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CaptureOptions options = CaptureOptions.of(temp.resolve("journal"),
            List.of(KernelTests.nativeBin("mq_notify_cases").toString(), temp.resolve("facts.txt").toString()), RING_SIZE)
            .withBpfConfig(events(CASES_EVENTS));
        final CaptureResult result;
        final String url;
        try (MetricsServer server = MetricsServer.bind(MetricsAddress.parse("0"), new PrintStream(err, true, StandardCharsets.UTF_8)))
        {
            url = MetricsAddress.url(server.address());
            result = new CaptureSession(options, server).run();

            assertEquals(List.of("ringcap: metrics on " + url), err.toString(StandardCharsets.UTF_8).lines().toList());
            assertEquals(0, result.commandExitCode());
            assertEquals(CASES_CALLS, result.eventsJournaled());
            final Map<String, String> metrics = scrape(url);
            assertEquals(result.eventsJournaled() + ".0", metrics.get("ringcap_events_journaled_total"));
            assertEquals(result.eventsSubmitted() + ".0", metrics.get("ringcap_events_submitted_total"));
            assertEquals("0.0", metrics.get("ringcap_events_dropped_total"));
            assertCpuDropsAddUp(metrics, 0);
            assertEquals("0.0", metrics.get("ringcap_reader_lag_bytes"));
        }
        assertThrows(IOException.class, () -> scrape(url), "closed");
    }

    @Test
    void dropsPerCpuAddUpToTheTotalWhenTheRingOverflows() throws Exception
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CaptureOptions options = new CaptureOptions(temp.resolve("journal"),
            List.of(KernelTests.nativeBin("mq_load").toString(), "-n", Long.toString(OVERFLOW_CALLS)),
            null, CaptureCommand.parseRingSize("4K"), AttachMethod.candidates("auto"), events(List.of("mq_notify")),
            CaptureOptions.IdleMode.BUSY, true, false, null);
        try (MetricsServer server = MetricsServer.bind(MetricsAddress.parse("127.0.0.1:0"), new PrintStream(err, true, StandardCharsets.UTF_8)))
        {
            final CaptureResult result = new CaptureSession(options, server).run();
            final Map<String, String> metrics = scrape(MetricsAddress.url(server.address()));

            assertTrue(result.eventsDropped() > 0, "a held-back 4K ring overflows: " + result.summaryLine());
            assertEquals(OVERFLOW_CALLS, result.eventsJournaled() + result.eventsDropped(), result.summaryLine());
            assertEquals(result.eventsDropped() + ".0", metrics.get("ringcap_events_dropped_total"), metrics.toString());
            assertCpuDropsAddUp(metrics, result.eventsDropped());
            assertEquals(result.eventsJournaled() + ".0", metrics.get("ringcap_events_journaled_total"));
            assertEquals(metrics.get("ringcap_events_journaled_total"), metrics.get("ringcap_events_submitted_total"));
            assertEquals("4096.0", metrics.get("ringcap_ring_size_bytes"));
        }
    }

    private static BpfConfig events(final List<String> names)
    {
        return new BpfConfig(0, 0, BpfConfig.everything().filterUid(), 0, null, CaptureCommand.parseEvents(names), 0, false);
    }

    private static void assertCpuDropsAddUp(final Map<String, String> metrics, final long total)
    {
        long sum = 0;
        int cpus = 0;
        for (final Map.Entry<String, String> series : metrics.entrySet())
        {
            if (series.getKey().startsWith("ringcap_cpu_events_dropped_total{cpu=\""))
            {
                assertEquals("ringcap_cpu_events_dropped_total{cpu=\"" + cpus + "\"}", series.getKey(), "CPUs in order");
                sum += (long)Double.parseDouble(series.getValue());
                cpus++;
            }
        }
        assertTrue(cpus >= Runtime.getRuntime().availableProcessors(), "a series per possible CPU: " + metrics);
        assertEquals(total, sum, "per-CPU drops add up to the total: " + metrics);
    }

    /** @return each sample line's series (name and labels) and value, in order; checks the content type. */
    private Map<String, String> scrape(final String url) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(null));
        final Map<String, String> samples = new LinkedHashMap<>();
        for (final String line : response.body().lines().toList())
        {
            if (!line.startsWith("#"))
            {
                final int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return samples;
    }

    /** @return the local addresses of TCP sockets listening on this port (from /proc/net/tcp and tcp6). */
    private static List<String> listeners(final int port) throws IOException
    {
        final String hexPort = String.format(Locale.ROOT, ":%04X", port);
        final List<String> addresses = new ArrayList<>();
        for (final String table : List.of("/proc/net/tcp", "/proc/net/tcp6"))
        {
            for (final String line : Files.readAllLines(Path.of(table)))
            {
                final String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(hexPort) && LISTEN.equals(fields[3]))
                {
                    addresses.add(address(fields[1].substring(0, fields[1].indexOf(':'))));
                }
            }
        }
        return addresses;
    }

    /** /proc/net/tcp{,6} print addresses as 32-bit words in host (little-endian) order. */
    private static String address(final String hex)
    {
        if (hex.length() == 8)
        {
            final long value = Long.parseLong(hex, 16); // 0100007F is 127.0.0.1
            return (value & 0xff) + "." + ((value >> 8) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 24) & 0xff);
        }
        // Java binds an IPv4 address on a dual-stack socket: ::ffff:127.0.0.1 still takes IPv4 loopback only.
        return hex.startsWith(V4_MAPPED) ? address(hex.substring(V4_MAPPED.length())) : hex;
    }

    private static BlockingQueue<String> lines(final Process process)
    {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); null != line; line = in.readLine())
                {
                    lines.add(line);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }, "capture-stderr");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static Matcher awaitLine(final BlockingQueue<String> lines, final Pattern pattern, final int seconds,
        final List<String> seen) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline)
        {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (null != line)
            {
                seen.add(line);
                final Matcher matcher = pattern.matcher(line);
                if (matcher.matches())
                {
                    return matcher;
                }
            }
        }
        throw new AssertionError("no line like " + pattern + " on stderr within " + seconds + " s: " + seen);
    }

    /**
     * Until the workload has written its last line (results=, after its calls): the file exists as
     * soon as it is opened, and a partial read would miss the pid. The bound only keeps a hung run
     * from hanging the suite; it is no timing claim.
     */
    private static boolean complete(final Path file)
    {
        try
        {
            final String text = Files.readString(file);
            return text.endsWith("\n") && text.lines().anyMatch(line -> line.startsWith("results="));
        }
        catch (final java.io.IOException notYet)
        {
            return false;
        }
    }

    private static void awaitFile(final Path file) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!complete(file) && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertNotNull(KernelTests.facts(file).get("results"), "the workload made its calls");
        assertNotNull(KernelTests.facts(file).get("pid"));
    }
}
