package io.ringcap.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FleetJournals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ringcap kafka-local} as a user meets it: one ready line naming its address, storage
 * formatted in DIR on first use and kept across a restart (a topic shipped before is still there),
 * listening on 127.0.0.1 only; a taken port, a bad port, a DIR that is a file: one line, exit 2.
 */
final class KafkaLocalTest
{
    /** 127.0.0.1 in /proc/net/tcp, and as ::ffff:127.0.0.1 in /proc/net/tcp6. */
    private static final Set<String> LOOPBACK = Set.of("0100007F", "0000000000000000FFFF00000100007F");

    @TempDir
    Path dir;

    @Test
    void readyLineFormatOnFirstUseLoopbackOnlyAndARestartKeepsTheTopics() throws Exception
    {
        final Path data = dir.resolve("kafka");
        final Path journal = dir.resolve("j");
        FleetJournals.write(journal, "alpha", 300, 100);
        try (KafkaBroker broker = KafkaBroker.start(data))
        {
            assertEquals(List.of("ringcap: kafka ready on " + broker.bootstrap() + " (KRaft, data in " + data + ")"),
                broker.output().stream().filter(line -> line.startsWith("ringcap: ")).toList(), "one ready line");
            assertTrue(Files.isRegularFile(data.resolve("data/meta.properties")), "storage formatted on first use");
            final List<String> listening = listeningAddresses(broker.pid());
            assertEquals(2, listening.size(), "the broker and the controller listener: " + listening);
            for (final String address : listening)
            {
                assertTrue(LOOPBACK.contains(address), "listens on 127.0.0.1 only: " + listening);
            }
            assertEquals(0, KafkaFleetTest.ship("--journal", journal.toString(), "--to", broker.url("kept")).exit());

            broker.stop();
            broker.restart(); // the same DIR: formatted already, the topic is still there
            assertEquals(1, broker.output().stream().filter(line -> line.startsWith("ringcap: kafka ready on ")).count(),
                "this start's output: " + broker.output());
            final KafkaFleetTest.Run replayed = KafkaFleetTest.replay("--from", broker.url("kept"), "--format", "json");
            assertEquals(0, replayed.exit(), replayed.err());
            assertEquals(KafkaFleetTest.replay("--journal", journal.toString(), "--format", "json").out(), replayed.out());

            // a second broker on the port this one holds
            final Run taken = run(List.of("--port", Integer.toString(Integer.parseInt(broker.bootstrap().split(":")[1])),
                "--dir", dir.resolve("other").toString()));
            assertEquals(2, taken.exit);
            assertEquals(List.of("ringcap: cannot listen on " + broker.bootstrap() + ": Address already in use"), taken.lines);
        }
    }

    @Test
    void badOptionsAreOneLineAndExitTwo() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        final Run port = run(List.of("--port", "70000"));
        assertEquals(2, port.exit);
        assertEquals(List.of("ringcap: invalid --port '70000': a TCP port, 0-65535 (0: a free one)"), port.lines);
        final Run notDir = run(List.of("--port", "0", "--dir", file.toString()));
        assertEquals(2, notDir.exit);
        assertEquals(List.of("ringcap: --dir " + file + " exists and is not a directory"), notDir.lines);
        final Run unknown = run(List.of("--frob"));
        assertEquals(2, unknown.exit);
        assertEquals(List.of("ringcap: unknown option '--frob' (usage: ringcap kafka-local [--port 9092] [--dir DIR])"),
            unknown.lines);
    }

    private record Run(int exit, List<String> lines)
    {
    }

    private Run run(final List<String> args) throws Exception
    {
        final List<String> command = KafkaBroker.kafkaLocal(args);
        assertNotNull(command, "the broker module is packaged (ringcap.broker.target)");
        final Path out = Files.createTempFile(dir, "kafka-local", ".out");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try
        {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        }
        finally
        {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8));
    }

    /** @return the local addresses (hex, as /proc/net shows them) of the process's listening TCP sockets. */
    private static List<String> listeningAddresses(final long pid) throws IOException
    {
        final Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd")))
        {
            fds.forEach(fd ->
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:["))
                    {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                }
                catch (final IOException gone)
                {
                    // closed meanwhile
                }
            });
        }
        final List<String> addresses = new ArrayList<>();
        for (final String table : List.of("/proc/net/tcp", "/proc/net/tcp6"))
        {
            final List<String> lines = Files.readAllLines(Path.of(table));
            for (final String line : lines.subList(1, lines.size()))
            {
                final String[] fields = line.trim().split("\\s+");
                if ("0A".equals(fields[3]) && inodes.contains(fields[9])) // TCP_LISTEN
                {
                    addresses.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        assertFalse(addresses.isEmpty(), "no listening socket found for pid " + pid);
        return addresses;
    }
}
