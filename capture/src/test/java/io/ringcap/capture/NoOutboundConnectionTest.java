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
    /** Opens a queue as ringcap does, but leaves Chronicle's analytics at its default, and waits for it. */
    private static final String PROBE = String.join("\n",
        "public class AnalyticsProbe {",
        "    public static void main(String[] args) throws Exception {",
        "        try (var queue = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.single(args[0]).build()) {",
        "            queue.createAppender().writeText(\"probe\");",
        "        }",
        "        Thread.sleep(2000);",
        "    }",
        "}",
        "");

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
        final Path probeSource = Files.writeString(temp.resolve("AnalyticsProbe.java"), PROBE);
        final Traced probe = traced("probe", probeSource.toString(), List.of(temp.resolve("probe-queue").toString()));
        assertEquals(0, probe.exit, probe.output);
        assertFalse(probe.inetConnects.isEmpty(),
            "with analytics on, Chronicle tries to connect (else this test could not catch it): " + probe.output);
    }

    @Test
    void captureAndReplayConnectNowhere() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final String workload = KernelTests.nativeBin("mq_notify_cases") + " " + temp.resolve("facts.txt") + " && sleep 2";
        final Traced capture = traced("capture", CaptureCommand.class.getName(),
            List.of("--journal", journal.toString(), "--", "sh", "-c", workload));
        assertEquals(0, capture.exit, capture.output);
        final Matcher summary = Pattern.compile("ringcap: (\\d+) events journaled, 0 dropped").matcher(capture.output);
        assertTrue(summary.find(), capture.output);
        assertEquals(List.of(), capture.inetConnects, "capture connected somewhere: " + capture.output);
        assertEquals(List.of(), capture.inetBinds, "without --metrics no socket is bound: " + capture.output);

        final Traced replay = traced("replay", ReplayCommand.class.getName(), List.of("--journal", journal.toString()));
        assertEquals(0, replay.exit, replay.output);
        final String events = summary.group(1);
        assertTrue(replay.output.contains(events + " events replayed from " + journal + " (journaled " + events + ", dropped 0)"),
            replay.output);
        assertEquals(List.of(), replay.inetConnects, "replay connected somewhere: " + replay.output);
    }

    @Test
    void captureWithMetricsListensButConnectsNowhere() throws Exception
    {
        final String workload = KernelTests.nativeBin("mq_notify_cases") + " " + temp.resolve("facts.txt");
        final Traced capture = traced("capture-metrics", CaptureCommand.class.getName(),
            List.of("--metrics", "127.0.0.1:0", "--journal", temp.resolve("journal").toString(), "--", "sh", "-c", workload));
        assertEquals(0, capture.exit, capture.output);
        assertTrue(Pattern.compile("ringcap: metrics on http://127\\.0\\.0\\.1:\\d+/metrics").matcher(capture.output).find(),
            capture.output);
        assertEquals(1, capture.inetBinds.size(), "the metrics socket: " + capture.inetBinds);
        assertTrue(capture.inetBinds.get(0).contains("127.0.0.1"), "on loopback: " + capture.inetBinds);
        assertEquals(List.of(), capture.inetConnects, "capture with --metrics connected somewhere: " + capture.output);
    }

    private Traced traced(final String name, final String mainClass, final List<String> args)
        throws IOException, InterruptedException
    {
        final Path straceLog = temp.resolve(name + ".strace");
        final Path output = temp.resolve(name + ".out");
        final List<String> command = new ArrayList<>(List.of("unshare", "-n",
            "strace", "-f", "-qq", "-e", "trace=connect,bind", "-o", straceLog.toString()));
        command.addAll(ChildJvm.asUserRunsIt(mainClass, args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try
        {
            assertTrue(process.waitFor(50, TimeUnit.SECONDS), name + " finishes");
        }
        finally
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        final List<String> inet = Files.readAllLines(straceLog, StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains("AF_INET") || line.contains("AF_INET6"))
            .toList();
        return new Traced(process.exitValue(), Files.readString(output),
            inet.stream().filter(line -> line.contains("connect(")).toList(),
            inet.stream().filter(line -> line.contains("bind(")).toList());
    }

    private record Traced(int exit, String output, List<String> inetConnects, List<String> inetBinds)
    {
    }

}
