package io.ringcap.bench;

import io.ringcap.fleet.ShipCommand;
import io.ringcap.replay.cli.ReplayCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code ringcap bench-fleet --to kafka://HOST:PORT/TOPIC [--events N] [--rounds R]}: ships a finished
 * N-event journal (ReplayBenchmark's, 1,000,000 by default) to the broker (start one with
 * {@code ringcap kafka-local}), replays it back from Kafka, and replays the journal directly, each
 * as CSV to /dev/null; prints events/s of each, per round. Each round ships to a topic of its own
 * (TOPIC-1, TOPIC-2, ...), created by ship.
 */
public final class FleetBenchmark
{
    private FleetBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.net.openhft.chronicle.queue.impl.single.SCQMeta", "error");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "off");
        String to = null;
        int events = 1_000_000;
        int rounds = 3;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--to" -> to = args[++i];
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: bench-fleet --to kafka://HOST:PORT/TOPIC [--events N] [--rounds R]");
            }
        }
        if (to == null)
        {
            System.err.println("ringcap: bench-fleet needs --to kafka://HOST:PORT/TOPIC (start a broker with ringcap kafka-local)");
            System.exit(2);
        }
        final Path work = Files.createTempDirectory("ringcap-fleet-bench-");
        try
        {
            final Path journal = work.resolve("journal");
            ReplayBenchmark.writeJournal(journal, events);
            System.out.printf("journal: %d events, %d bytes%n", events, size(journal));
            for (int round = 1; round <= rounds; round++)
            {
                final String url = to + "-" + round + "-" + ProcessHandle.current().pid();
                final long direct = time(() -> check(ReplayCommand.run(new String[] {"--journal", journal.toString(),
                    "--format", "csv", "-o", "/dev/null", "-q", "--no-progress"}, System.out, System.err)));
                final long ship = time(() -> check(ShipCommand.run(new String[] {"--journal", journal.toString(), "--to", url,
                    "-q"}, System.err, () -> false)));
                final long kafka = time(() -> check(ReplayCommand.run(new String[] {"--from", url, "--format", "csv",
                    "-o", "/dev/null", "-q"}, System.out, System.err)));
                System.out.printf("round %d: ship %,.0f events/s (%.2f s); replay --from kafka %,.0f events/s (%.2f s); " +
                    "replay --journal %,.0f events/s (%.2f s)%n", round, rate(events, ship), ship / 1e9,
                    rate(events, kafka), kafka / 1e9, rate(events, direct), direct / 1e9);
                Files.deleteIfExists(journal.resolve("ship-" + url.substring(url.lastIndexOf('/') + 1) + ".checkpoint"));
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(work))
            {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Step
    {
        void run() throws Exception;
    }

    private static long time(final Step step) throws Exception
    {
        final long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    private static void check(final int exit)
    {
        if (exit != 0)
        {
            throw new IllegalStateException("exit " + exit);
        }
    }

    private static double rate(final long events, final long ns)
    {
        return events * 1e9 / ns;
    }

    private static long size(final Path dir) throws Exception
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
