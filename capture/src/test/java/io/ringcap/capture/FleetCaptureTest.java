package io.ringcap.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.fleet.KafkaBroker;
import io.ringcap.fleet.ShipCommand;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.journal.JournalReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet path on a journal captured from the real kernel: mq_notify_cases traced, the journal
 * shipped to a real broker (started on 127.0.0.1, a free port), replayed from Kafka: exactly what
 * replay of the journal prints, in every format and through a filter.
 */
class FleetCaptureTest
{
    @TempDir
    Path temp;

    @BeforeEach
    void requireKernel()
    {
        KernelTests.requireBpf();
    }

    /** exit code, stdout, stderr */
    record Run(int exit, String out, String err)
    {
    }

    private static Run replay(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        if (TraceeJsonRules.writesJson(args))
        {
            TraceeJsonRules.checkLines(out.toString(StandardCharsets.UTF_8)); // every JSON line a suite writes
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Each line without its first width + 1 characters (the HOST column) or, in CSV, its first field. */
    private static String withoutHost(final String text, final boolean csv, final int width)
    {
        return Arrays.stream(text.split("\n", -1)).map(line -> line.isEmpty() ? line :
            csv ? line.substring(line.indexOf(',') + 1) : line.substring(width + 1)).collect(Collectors.joining("\n"));
    }

    @Test
    void aCapturedJournalReplaysFromKafkaExactlyAsFromTheJournal() throws Exception
    {
        final Path facts = temp.resolve("facts.txt");
        final Path journal = temp.resolve("captured");
        final CaptureResult result = new CaptureSession(CaptureOptions.of(journal,
            List.of(KernelTests.nativeBin("mq_notify_cases").toString(), facts.toString()), 1 << 20)).run();
        final Map<String, String> known = KernelTests.facts(facts);
        assertEquals("0,-16,0,0,-9", known.get("results"), "the program's own view of its calls");
        assertEquals(0, result.eventsDropped());
        assertEquals(result.eventsSubmitted(), result.eventsJournaled());
        final String host;
        try (JournalReader reader = JournalReader.open(journal))
        {
            host = reader.metadata().hostName();
        }

        try (KafkaBroker broker = KafkaBroker.start(temp.resolve("kafka")))
        {
            final String url = broker.url("captured");
            final ByteArrayOutputStream shipErr = new ByteArrayOutputStream();
            assertEquals(0, ShipCommand.run(new String[] {"--journal", journal.toString(), "--to", url},
                new PrintStream(shipErr, true, StandardCharsets.UTF_8), () -> false), shipErr.toString(StandardCharsets.UTF_8));
            assertTrue(shipErr.toString(StandardCharsets.UTF_8).contains(", " + result.eventsJournaled() + " event records in all"),
                shipErr.toString(StandardCharsets.UTF_8));

            final String label = url + " (host " + host + ", journal captured)";
            final int width = Math.max(4, host.length());
            for (final String format : new String[] {"json", "table", "csv"})
            {
                final Run direct = replay("--journal", journal.toString(), "--format", format);
                final Run kafka = replay("--from", url, "--format", format);
                assertEquals(0, direct.exit(), direct.err());
                assertEquals(0, kafka.exit(), kafka.err());
                assertEquals(direct.out(), "json".equals(format) ? kafka.out() : withoutHost(kafka.out(), "csv".equals(format), width),
                    format + ": every event, argument and order");
                assertEquals(("json".equals(format) ? 0 : 1) + result.eventsJournaled(), kafka.out().split("\n").length);
                assertEquals(direct.err().replace(journal.toString(), label), kafka.err());
            }

            // a filter and -n run the same on both
            final Run direct = replay("--journal", journal.toString(), "-e", "mq_notify", "--format", "json");
            final Run kafka = replay("--from", url, "--host", host, "-e", "mq_notify", "--format", "json");
            assertEquals(direct.out(), kafka.out());
            assertEquals(5, kafka.out().split("\n").length, "the five mq_notify calls of mq_notify_cases");
            assertEquals(direct.err().replace(journal.toString(), label), kafka.err());
            final Run first = replay("--from", url, "-e", "mq_notify", "-n", "2", "--format", "json");
            assertEquals(Arrays.stream(direct.out().split("\n")).limit(2).map(line -> line + "\n").collect(Collectors.joining()),
                first.out());
            System.out.println("fleet capture: " + result.eventsJournaled() + " events captured; " +
                shipErr.toString(StandardCharsets.UTF_8).trim() + "; replay --from: " + kafka.err().trim());
        }
    }
}
