package io.ringcap.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TableFormatterTest
{
    static final String HEADER =
        "TIME               CPU     PID     TID COMM             EVENT      RET            ARGS";

    /** FormatterFixtures.records(), rendered. */
    static final List<String> ROWS = List.of(
        "10:15:42.123456789   3    4242    4243 mq_notify_cases  mq_notify  0              " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}",
        "10:15:42.123456789   3    4242    4243 mq_notify_cases  mq_notify  -9 EBADF       " +
            "mqdes=99 sevp=NULL",
        "10:15:43.123456790  12    4242    4250 mq_notify_cases  mq_notify  -14 EFAULT     " +
            "mqdes=3 sevp=0x10 sigevent=<unreadable>",
        "10:15:42.123456789   3    4242    4243 mq_notify_cases  mq_notify  -16 EBUSY      " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_THREAD_ID, SIGRTMIN+1(35), value=0x2a, tid=4243}",
        "10:15:42.123456789   3    4242    4243 mq_notify_cases  mq_notify  0              " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_NONE}",
        "10:15:42.123456789   3    4242    4243 mq_notify_cases  mq_notify  0              " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_THREAD, signo=5, value=0x7f1234567000, function=0x401136, " +
            "attributes=0x0}",
        "10:15:42.123456789   3    4242    4243 mq_notify_cases  mq_notify  -4000          " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={notify=3, signo=33, value=0xffffffffffffffff}",
        "10:15:42.123456789   3    4242    4243 tab?here€        mq_notify  0              " +
            "mqdes=3 sevp=0xfffffffffffff000 sigevent={SIGEV_SIGNAL, signo=99, value=0x7}");

    @Test
    void rendersEveryCase() throws Exception
    {
        final String output = render(FormatterFixtures.METADATA, FormatterFixtures.records());

        assertEquals(HEADER + "\n" + String.join("\n", ROWS) + "\n", output);
    }

    @Test
    void timeIsTheEntryTimeOfDayInUtc() throws Exception
    {
        final UnsafeBuffer record = new MqNotifyRecord().entryNs(FormatterFixtures.ENTRY_NS).build();

        assertTrue(render(withWallTime("2024-11-22T00:00:00Z"), List.of(record)).contains("\n00:00:00.000000000 "));
        assertTrue(render(withWallTime("2024-11-22T23:59:59.999999999Z"), List.of(record))
            .contains("\n23:59:59.999999999 "));
        assertTrue(render(withWallTime("1969-12-31T23:00:00.5Z"), List.of(record)).contains("\n23:00:00.500000000 "),
            "before the epoch");
    }

    @Test
    void longValuesPushTheRowRightButKeepAGap() throws Exception
    {
        final UnsafeBuffer record = new MqNotifyRecord().retval(-131).pid(2_000_000_000).build();

        final String row = render(FormatterFixtures.METADATA, List.of(record)).split("\n")[1];
        assertEquals("10:15:42.123456789   3 2000000000    4243 mq_notify_cases  mq_notify  -131 ENOTRECOVERABLE " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}", row);
    }

    @Test
    void headerOnlyWithoutRecords() throws Exception
    {
        assertEquals(HEADER + "\n", render(FormatterFixtures.METADATA, List.of()));
    }

    static String render(final JournalMetadata metadata, final List<UnsafeBuffer> records) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final TableFormatter formatter = new TableFormatter(out, metadata);
        formatter.begin();
        for (final UnsafeBuffer record : records)
        {
            formatter.onRecord(record, 0, record.capacity());
        }
        formatter.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JournalMetadata withWallTime(final String instant)
    {
        final JournalMetadata m = FormatterFixtures.METADATA;
        return new JournalMetadata(m.formatVersion(), m.hostName(), m.kernelRelease(),
            FormatterFixtures.epochNs(instant) - FormatterFixtures.ENTRY_NS, m.attachMethod(), m.ringSize(),
            m.capturePid(), m.target());
    }
}
