package io.ringcap.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
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
        assertEquals(TableFormatterTest.HEADER + "\n" + String.join("\n", TableFormatterTest.ROWS) + "\n", out());
        assertEquals("8 events replayed from " + dir + " (journaled 8, dropped 2)\n", err());
    }

    @Test
    void json() throws Exception
    {
        writeFixtureJournal(true);

        assertEquals(ReplayCommand.EXIT_OK, run("--journal", dir.toString(), "--format", "json"));
        final List<JsonNode> events = JsonFormatterTest.parseLines(out());
        assertEquals(8, events.size());
        assertEquals(JsonFormatterTest.render(FormatterFixtures.records()), events, "same as the formatter alone");
        assertEquals(JsonFormatterTest.TOP_LEVEL_FIELDS, JsonFormatterTest.fieldNames(events.get(0)));
        assertEquals("8 events replayed from " + dir + " (journaled 8, dropped 2)\n", err());
    }

    @Test
    void journalWithoutSummary()
    {
        writeFixtureJournal(false);

        assertEquals(ReplayCommand.EXIT_OK, run("--journal", dir.toString()));
        assertEquals(1 + 8, out().split("\n").length);
        assertEquals("8 events replayed from " + dir + " (capture did not finish cleanly: no summary)\n", err());
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
    void corruptRecordStopsWithOneLineAfterTheGoodOnes()
    {
        final UnsafeBuffer record = new MqNotifyRecord().build();
        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA)
                .events(new RingSpan().record(record))
                .events(2, new RingSpan().record(record).rawRecord(0x3fff_ffff, record, record.capacity()))
                .summary(3, 3, 0);
        }

        assertEquals(ReplayCommand.EXIT_BAD_INPUT, run("--journal", dir.toString()));
        assertEquals(TableFormatterTest.HEADER + "\n" + TableFormatterTest.ROWS.get(0) + "\n" +
            TableFormatterTest.ROWS.get(0) + "\n", out(), "rows decoded before the corruption are printed");
        assertOneErrorLine();
        assertTrue(err().startsWith("ringcap: corrupt journal " + dir + ": excerpt 2 (index 0x"), err());
        assertTrue(err().endsWith("offset 136: ring record length 1073741823 runs past the end of the 264-byte block\n"),
            err());
    }

    @Test
    void help()
    {
        assertEquals(ReplayCommand.EXIT_OK, run("--help"));
        assertTrue(out().startsWith("Usage: replay "), out());
        assertTrue(out().contains("--journal=DIR"), out());
        assertTrue(out().contains("--format=FORMAT"), out());
        assertEquals("", err());
    }

    private void writeFixtureJournal(final boolean withSummary)
    {
        final List<UnsafeBuffer> records = FormatterFixtures.records();
        final RingSpan first = new RingSpan();
        final RingSpan second = new RingSpan();
        for (int i = 0; i < records.size(); i++)
        {
            (i < 3 ? first : second).record(records.get(i));
            if (i == 1 || i == 5)
            {
                (i < 3 ? first : second).discarded(new UnsafeBuffer(new byte[21]));
            }
        }

        try (TestJournalWriter writer = TestJournalWriter.create(dir))
        {
            writer.metadata(FormatterFixtures.METADATA).events(first).events(second);
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
