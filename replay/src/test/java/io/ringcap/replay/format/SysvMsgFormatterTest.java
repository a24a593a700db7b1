package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.filter.RecordRouter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * msgget, msgsnd, msgrcv and msgctl in every format, from their {@link io.ringcap.wire.EventTable}
 * rows ({@link FormatterFixtures#sysvMsgEvents()}): the exact JSON line of each (Tracee v0.24.1's
 * args with its names and types; mtype, the text, msqid_ds or msginfo and ipc_ns in ringcap's
 * object), the table's ARGS, CSV's args, and Tracee's decoding rules over every line.
 */
class SysvMsgFormatterTest
{
    private static final long WALL = 1_732_270_542_123_456_789L;
    private static final String IPC_NS = ",\"ipc_ns\":4026532352";
    private static final String MSQID = "{\"name\":\"msqid\",\"type\":\"int32\",\"value\":32768},";
    private static final String MSGGET_ARGS = "{\"name\":\"key\",\"type\":\"int32\",\"value\":1380122625}," +
        "{\"name\":\"msgflg\",\"type\":\"int32\",\"value\":1920}"; // IPC_CREAT|IPC_EXCL|0600
    private static final String MSGSND_ARGS = MSQID +
        "{\"name\":\"msgp\",\"type\":\"trace.Pointer\",\"value\":140724603473920}," +
        "{\"name\":\"msgsz\",\"type\":\"uint64\",\"value\":5}," +
        "{\"name\":\"msgflg\",\"type\":\"int32\",\"value\":2048}"; // IPC_NOWAIT
    private static final String MSGRCV_ARGS = MSQID +
        "{\"name\":\"msgp\",\"type\":\"trace.Pointer\",\"value\":140724603478016}," +
        "{\"name\":\"msgsz\",\"type\":\"uint64\",\"value\":64}," +
        "{\"name\":\"msgtyp\",\"type\":\"int64\",\"value\":-5}," +
        "{\"name\":\"msgflg\",\"type\":\"int32\",\"value\":4096}"; // MSG_NOERROR

    /** FormatterFixtures.sysvMsgEvents(), rendered with FormatterFixtures.tables(): the whole line of each. */
    static final List<String> LINES = List.of(
        context(10) + event("68", "msgget", 2, 32768) + MSGGET_ARGS + end(10, IPC_NS),
        context(11) + event("68", "msgget", 2, -17) + MSGGET_ARGS + end(11, IPC_NS),
        context(12) + event("69", "msgsnd", 4, 0) + MSGSND_ARGS + end(12, ",\"payload\":\"68656c6c6f\",\"mtype\":7" + IPC_NS),
        context(13) + event("69", "msgsnd", 4, -14) + MSGSND_ARGS +
            end(13, ",\"payload\":{\"error\":\"EFAULT\"},\"mtype\":{\"error\":\"EFAULT\"}" + IPC_NS),
        context(14) + event("70", "msgrcv", 5, 5) + MSGRCV_ARGS + end(14, ",\"payload\":\"68656c6c6f\",\"mtype\":3" + IPC_NS),
        context(15) + event("70", "msgrcv", 5, -42) + MSGRCV_ARGS + end(15, ",\"payload\":null,\"mtype\":null" + IPC_NS),
        context(16) + event("71", "msgctl", 3, 0) + msgctlArgs(2) +
            end(16, ",\"buf\":{\"msg_perm\":{\"key\":1380122625,\"uid\":1000,\"gid\":1000,\"cuid\":1000,\"cgid\":1000," +
            "\"mode\":416,\"seq\":1},\"msg_stime\":1732270542,\"msg_rtime\":0,\"msg_ctime\":1732270541," +
            "\"msg_cbytes\":11,\"msg_qnum\":2,\"msg_qbytes\":16384,\"msg_lspid\":4242,\"msg_lrpid\":0}" + IPC_NS),
        context(17) + event("71", "msgctl", 3, 0) + msgctlArgs(3) +
            end(17, ",\"buf\":{\"msgpool\":512000,\"msgmap\":16384,\"msgmax\":8192,\"msgmnb\":16384,\"msgmni\":32000," +
            "\"msgssz\":16,\"msgtql\":16384,\"msgseg\":65535}" + IPC_NS),
        context(18) + event("71", "msgctl", 3, 0) + msgctlArgs(0) + end(18, ",\"buf\":null" + IPC_NS));

    /** The table's ARGS of the same records: flags, commands and structs by name, as strace shows them. */
    static final List<String> ARGS = List.of(
        "key=0x52430001 msgflg=IPC_CREAT|IPC_EXCL|0600",
        "key=0x52430001 msgflg=IPC_CREAT|IPC_EXCL|0600",
        "msqid=32768 msgp=0x7ffd00005000 msgsz=5 msgflg=IPC_NOWAIT mtype=7 payload=68656c6c6f",
        "msqid=32768 msgp=0x7ffd00005000 msgsz=5 msgflg=IPC_NOWAIT mtype=<unreadable> payload=<unreadable>",
        "msqid=32768 msgp=0x7ffd00006000 msgsz=64 msgtyp=-5 msgflg=MSG_NOERROR mtype=3 payload=68656c6c6f",
        "msqid=32768 msgp=0x7ffd00006000 msgsz=64 msgtyp=-5 msgflg=MSG_NOERROR",
        "msqid=32768 cmd=IPC_STAT buf={msg_perm={uid=1000,gid=1000,mode=0640,key=0x52430001,cuid=1000,cgid=1000}," +
            "msg_stime=1732270542,msg_rtime=0,msg_ctime=1732270541,msg_cbytes=11,msg_qnum=2,msg_qbytes=16384," +
            "msg_lspid=4242,msg_lrpid=0}",
        "msqid=32768 cmd=IPC_INFO buf={msgpool=512000,msgmap=16384,msgmax=8192,msgmnb=16384,msgmni=32000," +
            "msgssz=16,msgtql=16384,msgseg=65535}",
        "msqid=32768 cmd=IPC_RMID");

    @Test
    void everySysvEventIsItsExactJsonLine() throws Exception
    {
        final String output = JsonFormatterTest.renderText(FormatterFixtures.tables(), FormatterFixtures.sysvMsgEvents());
        assertEquals(String.join("\n", LINES) + "\n", output);
        assertEquals(LINES.size(), TraceeJsonRules.checkLines(output), "every line as Tracee's decoder reads it");
    }

    @Test
    void everySysvEventHasItsTableArgs() throws Exception
    {
        final String[] lines = TableFormatterTest.render(FormatterFixtures.METADATA, FormatterFixtures.tables(),
            FormatterFixtures.sysvMsgEvents()).split("\n");
        final int argsColumn = lines[0].indexOf("ARGS");
        assertEquals(ARGS, Arrays.stream(lines).skip(1).map(line -> line.substring(argsColumn)).toList());
        assertEquals("10:15:42.134456789   3    4242    4243    4200              mq_notify_cases  msgget              " +
            "-17 EEXIST       12.345us key=0x52430001 msgflg=IPC_CREAT|IPC_EXCL|0600", lines[2]);
    }

    @Test
    void csvHasTheTablesArgs() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplayContext context = new ReplayContext(FormatterFixtures.METADATA, FormatterFixtures.tables());
        final CsvFormatter formatter = new CsvFormatter(out, context);
        final RecordRouter router = RecordRouter.all(context, formatter);
        formatter.begin();
        for (final UnsafeBuffer record : FormatterFixtures.sysvMsgEvents())
        {
            router.onRecord(record, 0, record.capacity());
        }
        formatter.flush();
        final String[] rows = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(CsvFormatterTest.HEADER, rows[0]);
        assertEquals("2024-11-22T10:15:42.134456789Z,3,42,43,4242,mq_notify_cases,msgget,-17,EEXIST,12345," +
            "key=0x52430001 msgflg=IPC_CREAT|IPC_EXCL|0600", rows[2]);
        assertEquals("2024-11-22T10:15:42.141456789Z,3,42,43,4242,mq_notify_cases,msgctl,0,,12345," +
            "msqid=32768 cmd=IPC_RMID", rows[9]);
        assertEquals("2024-11-22T10:15:42.140456789Z,3,42,43,4242,mq_notify_cases,msgctl,0,,12345,\"" + ARGS.get(7) + "\"",
            rows[8], "a comma in the args: quoted");
    }

    @Test
    void flagsAndCommandsByName()
    {
        assertEquals("0", SysvMsgWriter.appendGetFlags(0, TableLine.text()).toString());
        assertEquals("0640", SysvMsgWriter.appendGetFlags(0640, TableLine.text()).toString());
        assertEquals("IPC_CREAT|0600", SysvMsgWriter.appendGetFlags(01000 | 0600, TableLine.text()).toString());
        assertEquals("IPC_CREAT|010000|0000", SysvMsgWriter.appendGetFlags(01000 | 010000, TableLine.text()).toString(),
            "bits without a name in octal");
        assertEquals("0", SysvMsgWriter.appendMsgFlags(0, TableLine.text()).toString());
        assertEquals("IPC_NOWAIT|MSG_NOERROR|MSG_EXCEPT|MSG_COPY",
            SysvMsgWriter.appendMsgFlags(04000 | 010000 | 020000 | 040000, TableLine.text()).toString());
        assertEquals("IPC_NOWAIT|01", SysvMsgWriter.appendMsgFlags(04000 | 1, TableLine.text()).toString());
        assertEquals("01", SysvMsgWriter.appendMsgFlags(1, TableLine.text()).toString());
        assertEquals("IPC_RMID", SysvMsgWriter.appendCommand(0, TableLine.text()).toString());
        assertEquals("MSG_STAT_ANY", SysvMsgWriter.appendCommand(13, TableLine.text()).toString());
        assertEquals("MSG_INFO", SysvMsgWriter.appendCommand(12, TableLine.text()).toString());
        assertEquals("IPC_64|IPC_STAT", SysvMsgWriter.appendCommand(0x102, TableLine.text()).toString());
        assertEquals("99", SysvMsgWriter.appendCommand(99, TableLine.text()).toString());
        assertEquals("-1", SysvMsgWriter.appendCommand(-1, TableLine.text()).toString());
    }

    private static String context(final int i)
    {
        return "{\"timestamp\":" + (WALL + i * 1_000_000L) + ",\"processorId\":3,\"processId\":42," +
            "\"cgroupId\":4711,\"threadId\":43,\"parentProcessId\":1,\"hostProcessId\":4242,\"hostThreadId\":4243," +
            "\"hostParentProcessId\":4200,\"userId\":1000,\"mountNamespace\":4026532841," +
            "\"pidNamespace\":4026532836,\"processName\":\"mq_notify_cases\"," +
            "\"executable\":{\"path\":\"/bin/bash\"},\"hostName\":\"build-7\",\"containerId\":\"\",";
    }

    private static String event(final String id, final String name, final int argsNum, final long ret)
    {
        return "\"eventId\":\"" + id + "\",\"eventName\":\"" + name + "\",\"argsNum\":" + argsNum +
            ",\"returnValue\":" + ret + ",\"syscall\":\"" + name + "\",\"args\":[";
    }

    private static String msgctlArgs(final int cmd)
    {
        return MSQID + "{\"name\":\"cmd\",\"type\":\"int32\",\"value\":" + cmd + "}," +
            "{\"name\":\"buf\",\"type\":\"trace.Pointer\",\"value\":140724603486208}";
    }

    private static String end(final int i, final String extras)
    {
        return "],\"ringcap\":{\"exitTimestamp\":" + (WALL + i * 1_000_000L + 12_345) + ",\"durationNs\":12345" +
            ",\"groupId\":1001" + extras + "}}";
    }
}
