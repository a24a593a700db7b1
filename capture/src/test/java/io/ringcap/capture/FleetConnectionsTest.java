package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.fleet.ShipCommand;
import io.ringcap.replay.FleetJournals;
import io.ringcap.replay.cli.ReplayCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ship and replay --from connect to the brokers named and nowhere else (issue 13): a broker
 * ({@code ringcap kafka-local}, default port 9092), ship and replay run in one network namespace of
 * their own ({@code unshare -n}, loopback only), ship and replay under
 * {@code strace -f -e trace=connect}; every AF_INET/AF_INET6 connect() they make goes to
 * 127.0.0.1:9092, the broker of the URL, which also advertises itself there. The namespace means
 * an attempt elsewhere shows in strace and fails, but sends no packet off this machine.
 */
class FleetConnectionsTest
{
    private static final int PORT = 9092;
    private static final long TIMEOUT_SECONDS = 600;
    private static final Pattern CONNECT = Pattern.compile(
        "connect\\(\\d+, \\{sa_family=AF_INET6?, sin6?_port=htons\\((\\d+)\\), (?:sin_addr=inet_addr\\(\"([^\"]+)\"\\)|" +
            "[^}]*inet_pton\\(AF_INET6, \"([^\"]+)\"[^}]*)\\}");

    @TempDir
    Path temp;

    @BeforeEach
    void requireRoot()
    {
        KernelTests.requireBpf(); // root, as unshare -n needs
        assertTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is needed (apt-get install strace)");
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
            "ip is needed to bring up the namespace's loopback (apt-get install iproute2)");
    }

    @Test
    void shipAndReplayFromKafkaConnectOnlyToTheBrokerNamed() throws Exception
    {
        final Path journal = temp.resolve("alpha-journal");
        FleetJournals.write(journal, "alpha", 2_000, 250);
        final String url = "kafka://127.0.0.1:" + PORT + "/fleet";
        final Path brokerTarget = Path.of(System.getProperty("ringcap.broker.target", "../broker/target"));
        final String brokerClassPath;
        try (Stream<Path> jars = Files.list(brokerTarget))
        {
            brokerClassPath = jars.map(Path::toString).filter(p -> p.endsWith(".jar") && p.contains("ringcap-broker"))
                .collect(Collectors.joining(":")) + ":" + brokerTarget.resolve("lib") + "/*";
        }
        final List<String> broker = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-XX:+UseSerialGC", "-cp", brokerClassPath, "io.ringcap.broker.KafkaLocal",
            "--port", Integer.toString(PORT), "--dir", temp.resolve("kafka").toString());
        final List<String> ship = ChildJvm.asUserRunsIt(ShipCommand.class.getName(),
            List.of("--journal", journal.toString(), "--to", url));
        final List<String> replay = ChildJvm.asUserRunsIt(ReplayCommand.class.getName(),
            List.of("--from", url, "--format", "json"));

        final String script = String.join("\n",
            "set -u",
            "cd " + quote(temp.toString()),
            "ip link set lo up || exit 91",
            shell(broker) + " > broker.out 2>&1 &",
            "broker=$!",
            "trap 'kill $broker; wait $broker' EXIT",
            "for i in $(seq 1 3000); do grep -q 'ringcap: kafka ready on' broker.out && break; " +
                "kill -0 $broker 2>/dev/null || exit 92; sleep 0.1; done",
            "grep -q 'ringcap: kafka ready on' broker.out || exit 93",
            "strace -f -qq -e trace=connect -o ship.strace " + shell(ship) + " > ship.out 2> ship.err",
            "echo ship=$? > exits",
            "strace -f -qq -e trace=connect -o replay.strace " + shell(replay) + " > replay.out 2> replay.err",
            "echo replay=$? >> exits",
            "");
        final Path scriptFile = Files.writeString(temp.resolve("fleet.sh"), script);
        final Process process = new ProcessBuilder("unshare", "-n", "bash", scriptFile.toString())
            .redirectErrorStream(true).redirectOutput(temp.resolve("script.out").toFile()).start();
        try
        {
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "done within " + TIMEOUT_SECONDS + " s");
        }
        finally
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), read("script.out") + read("broker.out"));
        assertEquals("ship=0\nreplay=0\n", read("exits"), read("ship.err") + read("replay.err") + read("broker.out"));
        assertTrue(read("broker.out").contains("ringcap: kafka ready on 127.0.0.1:" + PORT), read("broker.out"));
        assertEquals(2_000, read("replay.out").lines().count(), "every event came back: " + read("replay.err"));

        for (final String traced : List.of("ship", "replay"))
        {
            final Map<String, Integer> targets = connects(temp.resolve(traced + ".strace"));
            assertFalse(targets.isEmpty(), traced + " reached the broker, and strace saw it (else this test sees nothing)");
            assertEquals(List.of("127.0.0.1:" + PORT), List.copyOf(targets.keySet()),
                traced + " connected only to the broker named: " + targets);
            System.out.println(traced + ": connect() to " + targets + " (address:port=count)");
        }
    }

    /** @return each AF_INET/AF_INET6 address:port connected to, with how often; fails on one it cannot read. */
    private static Map<String, Integer> connects(final Path strace) throws IOException
    {
        final Map<String, Integer> targets = new TreeMap<>();
        for (final String line : Files.readAllLines(strace, StandardCharsets.UTF_8))
        {
            if (!line.contains("connect(") || !(line.contains("AF_INET") || line.contains("AF_INET6")))
            {
                continue;
            }
            final Matcher matcher = CONNECT.matcher(line);
            assertTrue(matcher.find(), "a connect() this test cannot read: " + line);
            final String address = null != matcher.group(2) ? matcher.group(2) : matcher.group(3).replace("::ffff:", "");
            targets.merge(address + ":" + matcher.group(1), 1, Integer::sum);
        }
        return targets;
    }

    private String read(final String name) throws IOException
    {
        final Path file = temp.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static String shell(final List<String> command)
    {
        final List<String> quoted = new ArrayList<>();
        for (final String word : command)
        {
            quoted.add(quote(word));
        }
        return String.join(" ", quoted);
    }

    private static String quote(final String word)
    {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
