package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.cli.ReplayCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ringcap opens no network connection: capture and replay run in child JVMs under
 * {@code strace -f -e trace=connect}, without the {@code -Dchronicle.analytics.disable} flag the
 * tests' JVM has, so only what each main sets itself keeps Chronicle's usage analytics off.
 * Not one AF_INET or AF_INET6 connect() may appear (Chronicle's analytics starts with a DNS
 * lookup of www.google-analytics.com, a connect() to the resolver).
 * <p>
 * The control: a JVM that opens a Chronicle queue without the property does try to connect(), so
 * this test fails if analytics were left on.
 * <p>
 * A capture with {@code --metrics} listens (one bind) and still connects nowhere; one without
 * binds no AF_INET or AF_INET6 socket at all.
 * <p>
 * Every traced JVM runs in a network namespace of its own ({@code unshare -n}: only a loopback
 * that is down), so an attempt shows in strace but no packet, not even the control's DNS query,
 * leaves this machine.
 */
class NoOutboundConnectionTest
{
    /**
     * Opens a queue as ringcap does, but leaves Chronicle's analytics at its default, says so, and
     * stays until the test has seen its connect() (or gives up).
     */
    private static final String PROBE = String.join("\n",
        "public class AnalyticsProbe {",
        "    public static void main(String[] args) throws Exception {",
        "        try (var queue = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.single(args[0]).build()) {",
        "            queue.createAppender().writeText(\"probe\");",
        "        }",
        "        System.out.println(\"" + "opened" + "\");",
        "        Thread.sleep(" + TimeUnit.SECONDS.toMillis(120) + ");",
        "    }",
        "}",
        "");
    /** A bound for one traced JVM (strace -f slows a JVM several times over), not a measurement. */
    private static final long TRACED_TIMEOUT_SECONDS = 300;
    /** How long the control took from opening its queue to its connect(), measured once. */
    private static volatile Double controlConnectSeconds;

    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
        assertTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is needed (apt-get install strace)");
    }

    @Test
    void theControlAChronicleQueueWithAnalyticsOnTriesToConnect() throws Exception
    {
        assertTrue(controlConnectSeconds(temp) >= 0);
    }

    /**
     * Runs the control once: a JVM with analytics on, traced until its connect() shows in strace's log.
     * The traced ringcap JVMs then stay up at least three times as long after opening their journal,
     * so a connect() as late as the control's would be seen.
     */
    private static double controlConnectSeconds(final Path temp) throws Exception
    {
        if (null == controlConnectSeconds)
        {
            final Path probeSource = Files.writeString(temp.resolve("AnalyticsProbe.java"), PROBE);
            final double[] seconds = new double[1];
            final Traced probe = traced(temp, "probe", probeSource.toString(), List.of(temp.resolve("probe-queue").toString()),
                (output, strace) ->
                {
                    if (!output.contains("opened"))
                    {
                        return false;
                    }
                    final long opened = System.nanoTime();
                    while (inet(strace).stream().noneMatch(line -> line.contains("connect(")))
                    {
                        assertTrue(System.nanoTime() - opened < TimeUnit.SECONDS.toNanos(120),
                            "with analytics on, Chronicle tries to connect within 120 s (else this test could not catch it)");
                        Thread.sleep(20);
                    }
                    seconds[0] = (System.nanoTime() - opened) / 1e9;
                    return true;
                });
            assertFalse(probe.inetConnects.isEmpty(),
                "with analytics on, Chronicle tries to connect (else this test could not catch it): " + probe.output);
            System.out.printf("control: connect() %.3f s after the queue was opened%n", seconds[0]);
            controlConnectSeconds = seconds[0];
        }
        return controlConnectSeconds;
    }

    /** @return how long a traced ringcap JVM stays up after opening its journal: 3x the control, at least 2 s. */
    private double lingerSeconds() throws Exception
    {
        return Math.max(2, 3 * controlConnectSeconds(temp));
    }

    @Test
    void captureAndReplayConnectNowhere() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final String workload = KernelTests.nativeBin("mq_notify_cases") + " " + temp.resolve("facts.txt") +
            " && sleep " + String.format("%.1f", lingerSeconds());
        final Traced capture = traced("capture", CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "--", "sh", "-c", workload));
        assertEquals(0, capture.exit, capture.output);
        final Matcher summary = Pattern.compile("ringcap: (\\d+) events journaled, 0 dropped").matcher(capture.output);
        assertTrue(summary.find(), capture.output);
        assertEquals(List.of(), capture.inetConnects, "capture connected somewhere: " + capture.output);
        assertEquals(List.of(), capture.inetBinds, "without --metrics no socket is bound: " + capture.output);

        // --follow keeps the replay JVM up: once it has printed, it lingers as long as the control
        // needed to connect (three times over), then SIGINT ends it with exit 0.
        final double linger = lingerSeconds();
        final Traced replay = traced(temp, "replay", ReplayCommand.class.getName(),
            List.of("--journal", journal.toString(), "--follow"), (output, strace) ->
            {
                if (!output.contains("mq_notify"))
                {
                    return false;
                }
                Thread.sleep((long)(linger * 1000));
                return true;
            });
        assertEquals(0, replay.exit, replay.output);
        final String events = summary.group(1);
        assertTrue(replay.output.contains(events + " events replayed from " + journal + " (journaled " + events + ", dropped 0)"),
            replay.output);
        assertEquals(List.of(), replay.inetConnects, "replay connected somewhere: " + replay.output);
    }

    @Test
    void captureWithMetricsListensButConnectsNowhere() throws Exception
    {
        final String workload = KernelTests.nativeBin("mq_notify_cases") + " " + temp.resolve("facts.txt") +
            " && sleep " + String.format("%.1f", lingerSeconds());
        final Traced capture = traced("capture-metrics", CaptureCommand.class.getName(),
            List.of("--metrics", "127.0.0.1:0", "--journal", temp.resolve("journal").toString(), "--", "sh", "-c", workload));
        assertEquals(0, capture.exit, capture.output);
        assertTrue(Pattern.compile("ringcap: metrics on http://127\\.0\\.0\\.1:\\d+/metrics").matcher(capture.output).find(),
            capture.output);
        assertEquals(1, capture.inetBinds.size(), "the metrics socket: " + capture.inetBinds);
        assertTrue(capture.inetBinds.get(0).contains("127.0.0.1"), "on loopback: " + capture.inetBinds);
        assertEquals(List.of(), capture.inetConnects, "capture with --metrics connected somewhere: " + capture.output);
    }

    private Traced traced(final String name, final String mainClass, final List<String> args) throws Exception
    {
        return traced(temp, name, mainClass, args, null);
    }

    /**
     * @param stopWhen null to let the JVM end by itself; else polled with the output and the strace
     *                 log until it returns true, then the traced JVM gets SIGINT.
     */
    private static Traced traced(final Path temp, final String name, final String mainClass, final List<String> args,
        final StopWhen stopWhen) throws Exception
    {
        final Path straceLog = temp.resolve(name + ".strace");
        final Path output = temp.resolve(name + ".out");
        final List<String> command = new ArrayList<>(List.of("unshare", "-n",
            "strace", "-f", "-qq", "-e", "trace=connect,bind", "-o", straceLog.toString()));
        command.addAll(ChildJvm.asUserRunsIt(mainClass, args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TRACED_TIMEOUT_SECONDS);
        try
        {
            if (null != stopWhen)
            {
                while (!stopWhen.test(Files.readString(output), straceLog))
                {
                    assertTrue(process.isAlive(), name + " ended early: " + Files.readString(output));
                    assertTrue(System.nanoTime() - deadline < 0, name + " did not get there in time: " + Files.readString(output));
                    Thread.sleep(20);
                }
                final ProcessHandle jvm = process.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst().orElseThrow();
                assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(jvm.pid())).start().waitFor());
            }
            assertTrue(process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS),
                name + " finishes within " + TRACED_TIMEOUT_SECONDS + " s");
        }
        finally
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        final List<String> inet = inet(straceLog);
        return new Traced(process.exitValue(), Files.readString(output),
            inet.stream().filter(line -> line.contains("connect(")).toList(),
            inet.stream().filter(line -> line.contains("bind(")).toList());
    }

    private static List<String> inet(final Path straceLog) throws IOException
    {
        if (!Files.exists(straceLog))
        {
            return List.of();
        }
        return Files.readAllLines(straceLog, StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains("AF_INET") || line.contains("AF_INET6"))
            .toList();
    }

    /** Polled while a traced JVM runs. */
    private interface StopWhen
    {
        boolean test(String output, Path straceLog) throws Exception;
    }

    private record Traced(int exit, String output, List<String> inetConnects, List<String> inetBinds)
    {
    }

}
