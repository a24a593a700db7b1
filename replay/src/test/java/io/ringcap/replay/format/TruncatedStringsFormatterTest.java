package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.journal.JournalTables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A string longer than its record's field ({@link FormatterFixtures#truncatedStrings()}): every
 * format shows the bytes read and how much of the string they are, and never a whole string where
 * only its first bytes were kept. A 255-byte name fills the field and is whole: no mark.
 */
class TruncatedStringsFormatterTest
{
    private static final String Q = "q".repeat(255);
    private static final String P = "/" + "p".repeat(254);
    private static final String ROW = "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  ";
    private static final String CONTEXT = "{\"timestamp\":1732270542123456789,\"processorId\":3,\"processId\":42," +
        "\"cgroupId\":4711,\"threadId\":43,\"parentProcessId\":1,\"hostProcessId\":4242,\"hostThreadId\":4243," +
        "\"hostParentProcessId\":4200,\"userId\":1000,\"mountNamespace\":4026532841,\"pidNamespace\":4026532836," +
        "\"processName\":\"mq_notify_cases\",\"executable\":{\"path\":\"\"},\"hostName\":\"build-7\",\"containerId\":\"\",";
    private static final String OPEN_REST = "{\"name\":\"oflag\",\"type\":\"int32\",\"value\":194}," +
        "{\"name\":\"mode\",\"type\":\"uint16\",\"value\":416},{\"name\":\"attr\",\"type\":\"trace.Pointer\"," +
        "\"value\":140724603461632}";
    private static final String ATTR = ",\"attr\":{\"mq_maxmsg\":4,\"mq_msgsize\":64}";
    private static final String END = "],\"ringcap\":{\"exitTimestamp\":1732270542123469134,\"durationNs\":12345," +
        "\"groupId\":1001";
    /** An exec is no call: no duration. */
    private static final String EXEC_END = "],\"ringcap\":{\"exitTimestamp\":1732270542123469134,\"groupId\":1001";
    private static final String CSV_ROW = "2024-11-22T10:15:42.123456789Z,3,42,43,4242,mq_notify_cases,";

    @Test
    void tableShowsTheBytesReadThenHowMuchOfTheStringTheyAre() throws Exception
    {
        assertEquals(TableFormatterTest.HEADER + "\n" +
            ROW + "mq_open             3                12.345us name=\"" + Q + "\" oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 " +
                "attr={maxmsg=4,msgsize=64}\n" +
            ROW + "mq_open             -36 ENAMETOOLONG   12.345us name=\"" + Q + "\"(truncated, 255 of 300 bytes) " +
                "oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 attr={maxmsg=4,msgsize=64}\n" +
            ROW + "mq_unlink           -36 ENAMETOOLONG   12.345us name=\"" + Q + "\"(truncated, 255 of 4096 or more bytes)\n" +
            ROW + "mq_unlink           -14 EFAULT       12.345us name=\"" + Q + "\"(truncated, 255 bytes read, the rest unreadable)\n" +
            ROW + "sched_process_exec  0                         cmdpath=\"" + P + "\"(truncated, 255 of 4095 bytes)\n",
            TableFormatterTest.render(FormatterFixtures.METADATA, JournalTables.empty(),
                FormatterFixtures.truncatedStrings()));
    }

    @Test
    void jsonKeepsTheBytesReadInArgsAndTheTruncationOutsideThem() throws Exception
    {
        final String output = JsonFormatterTest.renderText(JournalTables.empty(), FormatterFixtures.truncatedStrings());

        assertEquals(List.of(
            CONTEXT + "\"eventId\":\"240\",\"eventName\":\"mq_open\",\"argsNum\":4,\"returnValue\":3,\"syscall\":\"mq_open\"," +
                "\"args\":[{\"name\":\"name\",\"type\":\"string\",\"value\":\"" + Q + "\"}," + OPEN_REST + END + ATTR + "}}",
            CONTEXT + "\"eventId\":\"240\",\"eventName\":\"mq_open\",\"argsNum\":4,\"returnValue\":-36,\"syscall\":\"mq_open\"," +
                "\"args\":[{\"name\":\"name\",\"type\":\"string\",\"value\":\"" + Q + "\"}," + OPEN_REST + END +
                ",\"truncated\":{\"name\":{\"read\":255,\"length\":300}}" + ATTR + "}}",
            CONTEXT + "\"eventId\":\"241\",\"eventName\":\"mq_unlink\",\"argsNum\":1,\"returnValue\":-36,\"syscall\":\"mq_unlink\"," +
                "\"args\":[{\"name\":\"name\",\"type\":\"string\",\"value\":\"" + Q + "\"}" + END +
                ",\"truncated\":{\"name\":{\"read\":255,\"lengthAtLeast\":4096}}}}",
            CONTEXT + "\"eventId\":\"241\",\"eventName\":\"mq_unlink\",\"argsNum\":1,\"returnValue\":-14,\"syscall\":\"mq_unlink\"," +
                "\"args\":[{\"name\":\"name\",\"type\":\"string\",\"value\":\"" + Q + "\"}" + END +
                ",\"truncated\":{\"name\":{\"read\":255,\"length\":null}}}}",
            CONTEXT + "\"eventId\":\"715\",\"eventName\":\"sched_process_exec\",\"argsNum\":1,\"returnValue\":0," +
                "\"syscall\":\"\",\"args\":[{\"name\":\"cmdpath\",\"type\":\"string\",\"value\":\"" + P + "\"}" + EXEC_END +
                ",\"truncated\":{\"cmdpath\":{\"read\":255,\"length\":4095}}}}"),
            List.of(output.split("\n")));
        assertEquals(5, JsonFormatterTest.parseLines(output).size(), "every line is one JSON object");
    }

    @Test
    void csvArgsAreTheTablesText() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplayContext context = new ReplayContext(FormatterFixtures.METADATA, JournalTables.empty());
        final CsvFormatter formatter = new CsvFormatter(out, context);
        final RecordRouter router = RecordRouter.all(context, formatter);
        formatter.begin();
        for (final UnsafeBuffer record : FormatterFixtures.truncatedStrings())
        {
            router.onRecord(record, 0, record.capacity());
        }
        formatter.flush();

        assertEquals(CsvFormatterTest.HEADER + "\n" +
            CSV_ROW + "mq_open,3,,12345,\"name=\"\"" + Q + "\"\" oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 " +
                "attr={maxmsg=4,msgsize=64}\"\n" +
            CSV_ROW + "mq_open,-36,ENAMETOOLONG,12345,\"name=\"\"" + Q + "\"\"(truncated, 255 of 300 bytes) " +
                "oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 attr={maxmsg=4,msgsize=64}\"\n" +
            CSV_ROW + "mq_unlink,-36,ENAMETOOLONG,12345,\"name=\"\"" + Q + "\"\"(truncated, 255 of 4096 or more bytes)\"\n" +
            CSV_ROW + "mq_unlink,-14,EFAULT,12345,\"name=\"\"" + Q + "\"\"(truncated, 255 bytes read, the rest unreadable)\"\n" +
            CSV_ROW + "sched_process_exec,0,,,\"cmdpath=\"\"" + P + "\"\"(truncated, 255 of 4095 bytes)\"\n",
            out.toString(StandardCharsets.UTF_8));
    }
}
