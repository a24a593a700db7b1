package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.FilterFixtures;
import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.Records;
import io.ringcap.replay.cli.ReplayCommand;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.journal.JournalTables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatterTest
{
    static final String HEADER =
        "timestamp,processorId,processId,threadId,hostProcessId,processName,eventName,returnValue,errno,durationNs,args";
    static final String[] ROWS =
    {
        "2026-11-22T10:00:00.100000000Z,0,100,100,100,server,mq_open,3,,1000," +
            "\"name=\"\"jobs\"\" oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 attr={maxmsg=4,msgsize=64}\"",
        "2026-11-22T10:00:00.200000000Z,1,100,101,100,server,mq_notify,0,,1000," +
            "\"mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}\"",
        // the name we"ird,q: the table's C escape \" , then each " doubled for CSV
        "2026-11-22T10:00:01.500000000Z,2,7,8,5151,worker,mq_open,-17,EEXIST,1000," +
            "\"name=\"\"we\\\"\"ird,q\"\" oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 attr={maxmsg=4,msgsize=64}\"",
        "2026-11-22T10:00:01.600000000Z,3,7,8,5151,worker,mq_notify,-16,EBUSY,1000," +
            "\"mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}\"",
        "2026-11-22T10:00:02.000000000Z,4,100,100,100,server,mq_unlink,-2,ENOENT,1000,\"name=\"\"jobs\"\"\"",
        "2026-11-22T10:00:03.999000000Z,5,200,200,200,client,sched_process_exec,0,,,\"cmdpath=\"\"/usr/bin/client\"\"\"",
        "2026-11-22T10:00:04.000000000Z,6,200,200,200,client,mq_unlink,-16,EBUSY,1000,\"name=\"\"ringcap-q\"\"\"",
    };

    @TempDir
    Path dir;

    @Test
    void everyEvent()
    {
        FilterFixtures.write(dir, true);

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--format", "csv");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals(HEADER + "\n" + String.join("\n", ROWS) + "\n", run.out());
        assertEquals("7 events replayed from " + dir + " (journaled 7, dropped 3)\n", run.err());
    }

    @Test
    void filtered()
    {
        FilterFixtures.write(dir, false);

        final FilterFixtures.Run run = new FilterFixtures.Run("--journal", dir.toString(), "--format", "csv",
            "--errno", "EBUSY");
        assertEquals(ReplayCommand.EXIT_OK, run.exitCode);
        assertEquals(HEADER + "\n" + ROWS[3] + "\n" + ROWS[6] + "\n", run.out());
        assertEquals("7 events replayed from " + dir + ", 2 matched the filters " +
            "(capture did not finish cleanly: no summary)\n", run.err());
    }

    @Test
    void aCommWithACommaOrAQuoteIsQuotedAndOneWithoutIsNot() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplayContext context = new ReplayContext(FormatterFixtures.METADATA,
            new JournalTables().putCgroup(5000, "/docker/" + FormatterFixtures.CONTAINER_ID));
        final CsvFormatter formatter = new CsvFormatter(out, context);
        final RecordRouter router = RecordRouter.all(context, formatter);
        formatter.begin();
        write(router, new Records.MqUnlink().comm("a,\"b").retval(-9999).build());
        write(router, new Records.MqUnlink().comm("plain").name(io.ringcap.wire.ReadStatus.NULL, new byte[0])
            .build());
        formatter.flush();

        assertEquals(HEADER + "\n" +
            "2024-11-22T10:15:42.123456789Z,3,42,43,4242,\"a,\"\"b\",mq_unlink,-9999,,12345,\"name=\"\"ringcap-q\"\"\"\n" +
            "2024-11-22T10:15:42.123456789Z,3,42,43,4242,plain,mq_unlink,0,,12345,name=NULL\n",
            out.toString(StandardCharsets.UTF_8), "an errno without a name leaves the errno field empty");
    }

    @Test
    void isoTimestamps()
    {
        assertEquals("1970-01-01T00:00:00.000000000Z", IsoTime.nanosText(0));
        assertEquals("1969-12-31T23:59:59.999999999Z", IsoTime.nanosText(-1));
        assertEquals("2024-02-29T23:59:59.000000001Z",
            IsoTime.nanosText(1_709_251_199_000_000_001L));
        assertEquals("2000-03-01T00:00:00Z", IsoTime.secondsText(951_868_800L));
    }

    private static void write(final RecordRouter router, final UnsafeBuffer record)
    {
        router.onRecord(record, 0, record.capacity());
    }
}
