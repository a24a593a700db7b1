package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.Records;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.journal.JournalTables;
import io.ringcap.wire.JournalMetadata;
import io.ringcap.wire.ReadStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

public class TableFormatterTest
{
    public static final String HEADER =
        "TIME               CPU     PID     TID    PPID COMM             EVENT               RET              DURATION ARGS";
    public static final String HEADER_WITH_CONTAINER =
        "TIME               CPU     PID     TID    PPID CONTAINER    COMM             EVENT               RET              DURATION ARGS";

    /** FormatterFixtures.mqNotifyCases(), rendered without tables. */
    public static final List<String> MQ_NOTIFY_ROWS = List.of(
        "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  mq_notify           0                12.345us " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}",
        "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  mq_notify           -9 EBADF         12.345us " +
            "mqdes=99 sevp=NULL",
        "10:15:43.123456790  12    4242    4250    4200 mq_notify_cases  mq_notify           -14 EFAULT        1.999us " +
            "mqdes=3 sevp=0x10 sigevent=<unreadable>",
        "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  mq_notify           -16 EBUSY        12.345us " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_THREAD_ID, SIGRTMIN+1(35), value=0x2a, tid=4243}",
        "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  mq_notify           0                12.345us " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_NONE}",
        "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  mq_notify           0                12.345us " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_THREAD, netlink_socket=5, value=0x7f1234567000, " +
            "cookie=00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f}",
        "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  mq_notify           -4000            12.345us " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={notify=3, signo=33, value=0xffffffffffffffff}",
        "10:15:42.123456789   3    4242    4243    4200 tab?here€        mq_notify           0                12.345us " +
            "mqdes=3 sevp=0xfffffffffffff000 sigevent={SIGEV_SIGNAL, signo=99, value=0x7}",
        "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  mq_notify           0                12.345us " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed} " +
            "[TOCTOU] sigevent_at_exit={SIGEV_SIGNAL, SIGUSR2(12), value=0x8}",
        "10:15:42.123456789   3    4242    4243    4200 mq_notify_cases  mq_notify           0                12.345us " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_THREAD, netlink_socket=6, value=0x10, cookie=<unreadable>} " +
            "[TOCTOU] sigevent_at_exit=<unreadable>");

    /** FormatterFixtures.everyEvent(), rendered with FormatterFixtures.tables(): a container is named. */
    public static final List<String> EVERY_EVENT_ROWS = List.of(
        "10:15:42.123456789   3    4242    4243    4200              mq_notify_cases  sched_process_exec  0                         " +
            "cmdpath=\"/usr/bin/mq_notify_cases\"",
        "10:15:42.124456789   3    4242    4243    4200              mq_notify_cases  mq_open             3                12.345us " +
            "name=\"ringcap-q\" oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 attr={maxmsg=4,msgsize=64}",
        "10:15:42.125456789   3    4242    4243    4200              mq_notify_cases  mq_notify           0                12.345us " +
            "mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}",
        "10:15:42.126456789   3    4242    4243    4200              mq_notify_cases  mq_timedsend        0                12.345us " +
            "mqdes=3 msg_len=5 msg_prio=7 abs_timeout={1732270600,500} payload=68656c6c6f",
        "10:15:42.127456789   3    4242    4243    4200              mq_notify_cases  mq_notify_delivered 0                         " +
            "target_pid=4242 signal=SIGUSR1(10) sender_mqdes=3 registration=10:15:42.125456789",
        "10:15:42.128456789   3    4242    4243    4200              mq_notify_cases  mq_timedreceive     5                12.345us " +
            "mqdes=3 msg_len=64 msg_prio=7 abs_timeout=NULL payload=68656c6c6f",
        "10:15:42.129456789   3    4242    4243    4200              mq_notify_cases  mq_getsetattr       0                12.345us " +
            "mqdes=3 newattr=NULL oldattr={flags=0,maxmsg=4,msgsize=64,curmsgs=1}",
        "10:15:42.130456789   3    4242    4243    4200              mq_notify_cases  mq_unlink           0                12.345us " +
            "name=\"ringcap-q\"",
        "10:15:42.131456789   3    5151    5151    5150 3f4e8b2c1d0a worker           mq_open             -2 ENOENT        12.345us " +
            "name=\"ringcap-q\" oflag=O_RDWR",
        "10:15:42.132456789   3     777     777       1              sshd             mq_unlink           -13 EACCES       12.345us " +
            "name=\"ringcap-q\"");

    @Test
    void rendersEveryMqNotifyCase() throws Exception
    {
        final String output = render(FormatterFixtures.METADATA, JournalTables.empty(), FormatterFixtures.mqNotifyCases());

        assertEquals(HEADER + "\n" + String.join("\n", MQ_NOTIFY_ROWS) + "\n", output);
    }

    /**
     * A comm or a name may hold any byte: a character beyond U+FFFF, a C1 control (U+0085), DEL, bytes
     * that are not UTF-8 and a sequence cut at the end. Each byte that does not decode is one U+FFFD;
     * controls are '?' in COMM and C escapes in a name; COMM is padded by characters as Java counts
     * them (the emoji is two), so the columns after it stay where they were when rows were Strings.
     */
    @Test
    void textThatIsNotAsciiKeepsItsEscapesAndTheColumnsAfterIt() throws Exception
    {
        final byte[] comm = {(byte)0xF0, (byte)0x9F, (byte)0x98, (byte)0x80, 'a', (byte)0xC2, (byte)0x85, 'b', (byte)0xFF};
        final byte[] name = {'q', (byte)0xF0, (byte)0x9F, (byte)0x98, (byte)0x80, (byte)0xC2, (byte)0x85, '"', '\\', '\n',
            0x7F, (byte)0xFF, (byte)0xE2, (byte)0x82};
        final String output = render(FormatterFixtures.METADATA, JournalTables.empty(),
            List.of(new Records.MqUnlink().comm(comm).name(ReadStatus.OK, name).build()));

        assertEquals(HEADER + "\n" +
            "10:15:42.123456789   3    4242    4243    4200 \uD83D\uDE00a?b\uFFFD" + " ".repeat(10) + " mq_unlink           0" +
            "                12.345us name=\"q\uD83D\uDE00\\x85\\\"\\\\\\n\\x7f\uFFFD\uFFFD\uFFFD\"\n", output);
    }

    @Test
    void rendersEveryEventWithAContainerColumnWhenTheJournalNamesAContainer() throws Exception
    {
        final String output = render(FormatterFixtures.METADATA, FormatterFixtures.tables(), FormatterFixtures.everyEvent());

        assertEquals(HEADER_WITH_CONTAINER + "\n" + String.join("\n", EVERY_EVENT_ROWS) + "\n", output);
    }

    @Test
    void argsOfEachEventInTheirOtherStates() throws Exception
    {
        final List<String> rows = rows(JournalTables.empty(), List.of(
            new Records.MqOpen().name("q\"\\\n\u0001\u00e9").oflag(Records.O_RDWR | Records.O_CREAT)
                .attr(ReadStatus.NULL, 0, 0, 0, 0).build(),
            new Records.MqOpen().name(ReadStatus.FAULT, new byte[0]).attr(ReadStatus.FAULT, 0, 0, 0, 0).build(),
            new Records.MqUnlink().name(ReadStatus.NULL, new byte[0]).retval(-14).build(),
            new Records.MqTimedSend().msgLen(4096).timeout(0x10, ReadStatus.FAULT, 0, 0)
                .payload(ReadStatus.OK, new byte[] {1, 2, 0}).build(),
            new Records.MqTimedSend().payload(ReadStatus.FAULT, new byte[0]).build(),
            new Records.MqTimedReceive().retval(-110).prio(0x7ffd_0000_5000L, ReadStatus.SKIPPED, 0)
                .timeout(0x7ffd_0000_8000L, ReadStatus.OK, 1, 500).build(),
            new Records.MqTimedReceive().prio(0, ReadStatus.NULL, 0).payload(ReadStatus.OK, new byte[] {'h', 'i'}).build(),
            new Records.MqGetSetAttr().newattr(0x30, ReadStatus.OK, Records.O_NONBLOCK | 010, 0, 0, 0)
                .oldattr(0x40, ReadStatus.SKIPPED, 0, 0, 0, 0).retval(-9).build(),
            new Records.MqNotifyDelivered().signo(40).senderMqdes(-1).target(31, 0).build(),
            new Records.ProcessExec().filename(ReadStatus.FAULT, new byte[0]).build()));

        assertEquals(List.of(
            "name=\"q\\\"\\\\\\n\\x01\u00e9\" oflag=O_RDWR|O_CREAT mode=0640 attr=NULL",
            "name=<unreadable> oflag=O_RDWR|O_CREAT|O_EXCL mode=0640 attr=<unreadable>",
            "name=NULL",
            "mqdes=3 msg_len=4096 msg_prio=7 abs_timeout=<unreadable> payload=010200...",
            "mqdes=3 msg_len=5 msg_prio=7 abs_timeout=NULL payload=<unreadable>",
            "mqdes=3 msg_len=64 abs_timeout={1,500}",
            "mqdes=3 msg_len=64 msg_prio=NULL abs_timeout=NULL payload=6869...",
            "mqdes=3 newattr={flags=O_NONBLOCK|010,maxmsg=0,msgsize=0,curmsgs=0}",
            "target_pid=31 signal=SIGRTMIN+6(40) sender_mqdes=-1 registration=none",
            "cmdpath=<unreadable>"), rows);
    }

    @Test
    void timeIsTheEntryTimeOfDayInUtc() throws Exception
    {
        final UnsafeBuffer record = new MqNotifyRecord().entryNs(FormatterFixtures.ENTRY_NS).build();

        assertTrue(render(withWallTime("2024-11-22T00:00:00Z"), JournalTables.empty(), List.of(record))
            .contains("\n00:00:00.000000000 "));
        assertTrue(render(withWallTime("2024-11-22T23:59:59.999999999Z"), JournalTables.empty(), List.of(record))
            .contains("\n23:59:59.999999999 "));
        assertTrue(render(withWallTime("1969-12-31T23:00:00.5Z"), JournalTables.empty(), List.of(record))
            .contains("\n23:00:00.500000000 "), "before the epoch");
    }

    @Test
    void longValuesPushTheRowRightButKeepAGap() throws Exception
    {
        final UnsafeBuffer record = new MqNotifyRecord().retval(-131).hostPid(2_000_000_000).build();

        final String row = render(FormatterFixtures.METADATA, JournalTables.empty(), List.of(record)).split("\n")[1];
        assertEquals("10:15:42.123456789   3 2000000000    4243    4200 mq_notify_cases  mq_notify           " +
            "-131 ENOTRECOVERABLE   12.345us mqdes=3 sevp=0x7ffc63875620 sigevent={SIGEV_SIGNAL, SIGUSR1(10), value=0x5eed}", row);
    }

    @Test
    void headerOnlyWithoutRecords() throws Exception
    {
        assertEquals(HEADER + "\n", render(FormatterFixtures.METADATA, JournalTables.empty(), List.of()));
        assertEquals(HEADER_WITH_CONTAINER + "\n", render(FormatterFixtures.METADATA, FormatterFixtures.tables(), List.of()));
    }

    @Test
    void theProcessCellsFollowTheirThreadsBytes() throws Exception
    {
        // Threads 7 and 263 share a slot of the formatter's per-thread cache of built cells.
        final List<UnsafeBuffer> records = List.of(
            new MqNotifyRecord().hostTid(7).comm("a").build(),
            new MqNotifyRecord().hostTid(7).comm("a").cpu(1234).build(),
            new MqNotifyRecord().hostTid(7).comm("b").build(),
            new MqNotifyRecord().hostTid(263).comm("c\td").build(),
            new MqNotifyRecord().hostTid(7).comm("b").hostPpid(99).build(),
            new MqNotifyRecord().hostTid(7).comm("b").cgroupId(FormatterFixtures.CONTAINER_CGROUP_ID).build());
        final String[] all = render(FormatterFixtures.METADATA, FormatterFixtures.tables(), records).split("\n");

        for (int i = 0; i < records.size(); i++)
        {
            // Each row as a formatter that never saw the others renders it.
            final String alone = render(FormatterFixtures.METADATA, FormatterFixtures.tables(),
                List.of(records.get(i))).split("\n")[1];
            assertEquals(alone, all[i + 1], "row " + i);
        }
        assertTrue(all[4].contains(" c?d "), all[4]);
        assertTrue(all[6].contains(FormatterFixtures.CONTAINER_ID.substring(0, 12)), all[6]);
    }

    public static String render(final JournalMetadata metadata, final JournalTables tables, final List<UnsafeBuffer> records)
        throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplayContext context = new ReplayContext(metadata, tables);
        final TableFormatter formatter = new TableFormatter(out, context);
        final RecordRouter router = RecordRouter.all(context, formatter);
        formatter.begin();
        for (final UnsafeBuffer record : records)
        {
            router.onRecord(record, 0, record.capacity());
        }
        formatter.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return the ARGS text of each row. */
    private static List<String> rows(final JournalTables tables, final List<UnsafeBuffer> records) throws Exception
    {
        final String[] lines = render(FormatterFixtures.METADATA, tables, records).split("\n");
        final int argsColumn = lines[0].indexOf("ARGS");
        return java.util.Arrays.stream(lines).skip(1).map(line -> line.substring(argsColumn)).toList();
    }

    private static JournalMetadata withWallTime(final String instant)
    {
        final JournalMetadata m = FormatterFixtures.METADATA;
        return new JournalMetadata(m.formatVersion(), m.hostName(), m.kernelRelease(),
            FormatterFixtures.epochNs(instant) - FormatterFixtures.ENTRY_NS, m.attachMethod(), m.ringSize(),
            m.capturePid(), m.target());
    }
}
