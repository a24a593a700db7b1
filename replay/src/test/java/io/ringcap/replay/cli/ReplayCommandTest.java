package io.ringcap.replay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.RingSpan;
import io.ringcap.replay.TestJournalWriter;
import io.ringcap.replay.format.JsonFormatterTest;
import io.ringcap.replay.format.TableFormatterTest;
import io.ringcap.replay.journal.JournalException;
import io.ringcap.wire.JournalMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void tableIsTheDefault()
    {
        writeFixtureJournal(true);

        assertEquals(ReplayCommand.EXIT_OK, run("--journal", dir.toString()));
        assertEquals(TableFormatterTest.HEADER_WITH_CONTAINER + "\n" +
            String.join("\n", TableFormatterTest.EVERY_EVENT_ROWS) + "\n", out(),
            "the container named by the CGROUPS block at the journal's end shows on the event before it");
        assertEquals("10 events replayed from " + dir + " (journaled 10, dropped 2)\n", err());
    }

    @Test
    void json() throws Exception
    {
        writeFixtureJournal(true);

        assertEquals(ReplayCommand.EXIT_OK, run("--journal", dir.toString(), "--format", "json"));
        assertEquals(String.join("\n", JsonFormatterTest.EVERY_EVENT) + "\n", out(),
            "same as the formatter alone, with the journal's tables");
        final List<JsonNode> events = JsonFormatterTest.parseLines(out());
        assertEquals(10, events.size());
        assertEquals(JsonFormatterTest.TOP_LEVEL_FIELDS, JsonFormatterTest.fieldNames(events.get(0)));
        assertEquals("10 events replayed from " + dir + " (journaled 10, dropped 2)\n", err());
    }

    @Test
    void journalWithoutSummary()
    {
        writeFixtureJournal(false);

        assertEquals(ReplayCommand.EXIT_OK, run("--journal", dir.toString()));
        assertEquals(1 + 10, out().split("\n").length);
        assertEquals("10 events replayed from " + dir + " (capture did not finish cleanly: no summary)\n", err());
    }

    @Test
    void aJournalOfAnotherFormatVersionIsOneLineAndExitTwo()
    {
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(new JournalMetadata(1, "h", "6.1", 0, "tracepoint", 4096, 1, "host"));
        }

        assertEquals(ReplayCommand.EXIT_BAD_INPUT, run("--journal", dir.toString(), "--format", "json"));
        assertEquals("", out());
        assertEquals("ringcap: journal " + dir + " has format version 1, but this replay reads version " +
            io.ringcap.wire.JournalFormat.FORMAT_VERSION + " only: " +
            "replay it with the ringcap that captured it\n", err());
    }

    @Test
    void missingJournalIsOneLineAndExitTwo()
    {
        final Path missing = dir.resolve("missing");

        assertEquals(ReplayCommand.EXIT_BAD_INPUT, run("--journal", missing.toString()));
        assertEquals("", out());
        assertEquals("ringcap: journal directory " + missing + " does not exist\n", err());
    }

    @Test
    void withoutJournalTheNewestUnderJournalsIsTaken() throws Exception
    {
        final Path journals = dir.resolve("journals");
        Files.createDirectories(journals.resolve("20261122-090000-11"));
        Files.createDirectories(journals.resolve("20261122-101500-7"));
        Files.createDirectories(journals.resolve("20261121-235959-99"));

        assertEquals(journals.resolve("20261122-101500-7"), ReplayCommand.newestJournal(journals));
    }

    @Test
    void withoutJournalAndNoJournalsDirectoryIsOneLine()
    {
        final JournalException ex = assertThrows(JournalException.class,
            () -> ReplayCommand.newestJournal(dir.resolve("journals")));
        assertEquals("no --journal given and no " + dir.resolve("journals") +
            "/ directory here to take the newest from", ex.getMessage());
    }

    @Test
    void emptyDirectoryIsNotAJournal()
    {
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, run("--journal", dir.toString(), "--format", "json"));
        assertEquals("", out());
        assertEquals("ringcap: " + dir + " is not a journal: it holds no Chronicle Queue .cq4 files\n", err());
    }

    @Test
    void badFormatIsOneLineAndExitTwo()
    {
        writeFixtureJournal(true);

        assertEquals(ReplayCommand.EXIT_BAD_INPUT, run("--journal", dir.toString(), "--format", "xml"));
        assertEquals("", out());
        assertOneErrorLine();
        assertTrue(err().startsWith("ringcap: Invalid value for option '--format': "), err());
        assertTrue(err().contains("xml"), err());
    }

    @Test
    void unknownOptionIsOneLineAndExitTwo()
    {
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, run("--jornal", dir.toString()));
        assertEquals("", out());
        assertOneErrorLine();
        assertTrue(err().startsWith("ringcap: Unknown option"), err());
    }

    @Test
    void aBadRecordInABlockWhoseChecksumHoldsIsDamageAfterTheGoodOnes()
    {
        final UnsafeBuffer record = new MqNotifyRecord().build();
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA)
                .events(new RingSpan().record(record))
                .events(2, new RingSpan().record(record).rawRecord(0x3fff_ffff, record, record.capacity()))
                .events(new RingSpan().record(record))
                .summary(4, 4, 0);
        }

        assertEquals(ReplayCommand.EXIT_DAMAGED, run("--journal", dir.toString()));
        assertEquals(TableFormatterTest.HEADER + "\n" + TableFormatterTest.MQ_NOTIFY_ROWS.get(0) + "\n" +
            TableFormatterTest.MQ_NOTIFY_ROWS.get(0) + "\n" + TableFormatterTest.MQ_NOTIFY_ROWS.get(0) + "\n", out(),
            "the rows before the bad record and the block after it are printed");
        final List<String> lines = err().lines().toList();
        assertEquals(2, lines.size(), err());
        assertTrue(lines.get(0).startsWith("ringcap: damaged journal " + dir + ": "), lines.get(0));
        assertTrue(lines.get(0).endsWith(": offset 264: ring record length 1073741823 runs past the end of the 504-byte block, " +
            "1 record lost"), lines.get(0));
        assertEquals("3 events replayed from " + dir + " (journaled 4, dropped 0; 1 damaged region, 1 record lost)", lines.get(1));
    }

    @Test
    void versionSaysTheReleaseTheCommitAndTheJournalFormat()
    {
        assertEquals(ReplayCommand.EXIT_OK, run("-V"));
        assertEquals("ringcap replay " + io.ringcap.wire.BuildInfo.version() + " (commit " +
            io.ringcap.wire.BuildInfo.commit() + ", journal format " + io.ringcap.wire.JournalFormat.FORMAT_VERSION + ")\n",
            out());
        assertTrue(io.ringcap.wire.BuildInfo.commit().matches("[0-9a-f]{12}(-dirty)?"),
            "the build wrote the commit it was made from: " + io.ringcap.wire.BuildInfo.commit());
        assertEquals("", err());
    }

    @Test
    void shortOptionsAsSysdigHasThem() throws Exception
    {
        writeFixtureJournal(true);
        final java.nio.file.Path file = dir.resolveSibling("events.json");

        // -r DIR, -n N, -o FILE, -q: the first 3 events of the 10 into FILE, nothing on stdout or stderr
        assertEquals(ReplayCommand.EXIT_OK, run("-r", dir.toString(), "--format", "json", "-n", "3", "-o",
            file.toString(), "-q"));
        assertEquals("", out());
        assertEquals("", err());
        assertEquals(String.join("\n", JsonFormatterTest.EVERY_EVENT.subList(0, 3)) + "\n",
            java.nio.file.Files.readString(file));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(file)));

        // -n counts the events that pass the filters, and the closing line says what was walked
        out.reset();
        assertEquals(ReplayCommand.EXIT_OK, run("-r", dir.toString(), "--format", "csv", "-e", "mq_unlink", "-n", "1"));
        assertEquals(2, out().split("\n").length, out());
        assertTrue(out().split("\n")[1].contains(",mq_unlink,0,"), out());
        assertEquals("8 events replayed from " + dir + ", 1 matched the filters (stopped after -n 1)\n", err());
    }

    @Test
    void valuesThatCanMatchNothingAreRefused()
    {
        writeFixtureJournal(true);
        for (final String[] bad : new String[][] {
            {"--tid", "-1", "ringcap: invalid value for option '--tid': -1 (a thread id is positive: no event can match)"},
            {"-p", "0", "ringcap: invalid value for option '--pid': 0 (a process id is positive: no event can match)"},
            {"--comm", "a-name-of-16-byte", "ringcap: invalid value for option '--comm': 'a-name-of-16-byte' is 17 " +
                "bytes; the kernel keeps a comm of 1 to 15 bytes, so no event can match"},
            {"-n", "0", "ringcap: invalid value for option '-n': 0 (a count of events, 1 or more)"},
            {"--uid", "-1", "ringcap: invalid value for option '--uid': -1 (a user id is 0 to 4294967294: no event can match)"},
            {"--uid", "4294967295", "ringcap: invalid value for option '--uid': 4294967295 (a user id is 0 to 4294967294: " +
                "no event can match)"}})
        {
            out.reset();
            err.reset();
            assertEquals(ReplayCommand.EXIT_BAD_INPUT, run("-r", dir.toString(), bad[0], bad[1]), bad[0]);
            assertEquals(bad[2] + "\n", err());
            assertEquals("", out());
        }
    }

    @Test
    void help()
    {
        assertEquals(ReplayCommand.EXIT_OK, run("--help"));
        assertTrue(out().startsWith("Usage: ringcap replay "), out());
        assertTrue(out().contains("-r, --journal=DIR"), out());
        assertTrue(out().contains("--format=FORMAT"), out());
        assertEquals("", err());
    }

    /**
     * As capture writes it: METADATA, CGROUPS and PROCESSES at the start, EVENTS, CGROUPS made during
     * the capture (the container's), SUMMARY at a clean stop.
     */
    private void writeFixtureJournal(final boolean withSummary)
    {
        final List<UnsafeBuffer> records = FormatterFixtures.everyEvent();
        final RingSpan first = new RingSpan();
        final RingSpan second = new RingSpan();
        for (int i = 0; i < records.size(); i++)
        {
            (i < 4 ? first : second).record(records.get(i));
            if (i == 1 || i == 6)
            {
                (i < 4 ? first : second).discarded(new UnsafeBuffer(new byte[21]));
            }
        }

        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA)
                .cgroups(FormatterFixtures.cgroups())
                .processes(FormatterFixtures.processes())
                .events(first)
                .events(second)
                .cgroups(FormatterFixtures.cgroupsAtStop());
            if (withSummary)
            {
                writer.summary(records.size(), records.size() + 2, 2);
            }
        }
    }

    private int run(final String... args)
    {
        return ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneErrorLine()
    {
        final String err = err();
        assertTrue(err.endsWith("\n"), err);
        assertEquals(1, err.split("\n").length, err);
        assertTrue(err.startsWith("ringcap: "), err);
    }
}
