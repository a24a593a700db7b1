package io.ringcap.replay.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcap.replay.FormatterFixtures;
import io.ringcap.replay.MqNotifyRecord;
import io.ringcap.replay.RecordBuilder;
import io.ringcap.replay.Records;
import io.ringcap.replay.TraceeJsonRules;
import io.ringcap.replay.decode.ReplayContext;
import io.ringcap.replay.decode.SigevNotify;
import io.ringcap.replay.filter.RecordRouter;
import io.ringcap.replay.journal.JournalTables;
import io.ringcap.wire.EventTable;
import io.ringcap.wire.EventType;
import io.ringcap.wire.ReadStatus;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

public class JsonFormatterTest
{
    /** Tracee's field names in Tracee's order (types/trace/trace.go), then ours. */
    public static final List<String> TOP_LEVEL_FIELDS = List.of("timestamp", "processorId", "processId", "cgroupId",
        "threadId", "parentProcessId", "hostProcessId", "hostThreadId", "hostParentProcessId", "userId",
        "mountNamespace", "pidNamespace", "processName", "executable", "hostName", "containerId", "eventId",
        "eventName", "argsNum", "returnValue", "syscall", "args", "ringcap");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** FormatterFixtures.WALL_NS: everyEvent()'s record i starts i ms later. */
    private static final long WALL = 1_732_270_542_123_456_789L;
    private static final String EXE = "/usr/bin/mq_notify_cases";

    /** FormatterFixtures.everyEvent(), rendered with FormatterFixtures.tables(): the whole line of each. */
    public static final List<String> EVERY_EVENT = List.of(
        context(0, EXE) + event("715", "sched_process_exec", 1, 0, "") +
            "{\"name\":\"cmdpath\",\"type\":\"string\",\"value\":\"/usr/bin/mq_notify_cases\"}" + end(0, ""),
        context(1, EXE) + event("240", "mq_open", 4, 3, "mq_open") +
            "{\"name\":\"name\",\"type\":\"string\",\"value\":\"ringcap-q\"}," +
            // O_RDWR|O_CREAT|O_EXCL, 0640
            "{\"name\":\"oflag\",\"type\":\"int32\",\"value\":194}," +
            "{\"name\":\"mode\",\"type\":\"uint16\",\"value\":416}," +
            "{\"name\":\"attr\",\"type\":\"trace.Pointer\",\"value\":140724603461632}" +
            end(1, ",\"attr\":{\"mq_maxmsg\":4,\"mq_msgsize\":64}"),
        context(2, EXE) + event("244", "mq_notify", 2, 0, "mq_notify") +
            "{\"name\":\"mqdes\",\"type\":\"int32\",\"value\":3}," +
            "{\"name\":\"sevp\",\"type\":\"trace.Pointer\",\"value\":140721978299936}" +
            end(2, ",\"sigevent\":{\"sigev_notify\":\"SIGEV_SIGNAL\",\"sigev_signo\":10,\"signal\":\"SIGUSR1\"," +
            "\"sigev_value\":24301},\"mq_inode\":9876"),
        context(3, EXE) + event("242", "mq_timedsend", 5, 0, "mq_timedsend") +
            "{\"name\":\"mqdes\",\"type\":\"int32\",\"value\":3}," +
            "{\"name\":\"msg_ptr\",\"type\":\"string\",\"value\":\"hello\"}," +
            "{\"name\":\"msg_len\",\"type\":\"uint64\",\"value\":5}," +
            "{\"name\":\"msg_prio\",\"type\":\"uint32\",\"value\":7}," +
            "{\"name\":\"abs_timeout\",\"type\":\"float64\",\"value\":1732270600.000000500}" +
            end(3, ",\"msg_ptr\":140724603465728,\"payload\":\"68656c6c6f\"," +
            "\"abs_timeout\":{\"tv_sec\":1732270600,\"tv_nsec\":500},\"mq_inode\":9876"),
        context(4, EXE) + event("10007", "mq_notify_delivered", 6, 0, "") +
            "{\"name\":\"target_pid\",\"type\":\"int32\",\"value\":4242}," +
            "{\"name\":\"signal\",\"type\":\"string\",\"value\":\"SIGUSR1\"}," +
            "{\"name\":\"signo\",\"type\":\"int32\",\"value\":10}," +
            "{\"name\":\"mq_inode\",\"type\":\"uint64\",\"value\":9876}," +
            "{\"name\":\"sender_mqdes\",\"type\":\"int32\",\"value\":3}," +
            "{\"name\":\"registration\",\"type\":\"uint64\",\"value\":" + (WALL + 2_000_000) + "}" +
            "],\"ringcap\":{\"exitTimestamp\":" + (WALL + 4_000_000) + ",\"groupId\":1001}}",
        context(5, EXE) + event("243", "mq_timedreceive", 5, 5, "mq_timedreceive") +
            "{\"name\":\"mqdes\",\"type\":\"int32\",\"value\":3}," +
            "{\"name\":\"msg_ptr\",\"type\":\"string\",\"value\":\"hello\"}," +
            "{\"name\":\"msg_len\",\"type\":\"uint64\",\"value\":64}," +
            "{\"name\":\"msg_prio\",\"type\":\"trace.Pointer\",\"value\":140724603473920}," +
            "{\"name\":\"abs_timeout\",\"type\":\"float64\",\"value\":null}" +
            end(5, ",\"msg_ptr\":140724603469824,\"payload\":\"68656c6c6f\",\"msg_prio\":7,\"abs_timeout\":null," +
            "\"mq_inode\":9876"),
        context(6, EXE) + event("245", "mq_getsetattr", 3, 0, "mq_getsetattr") +
            "{\"name\":\"mqdes\",\"type\":\"int32\",\"value\":3}," +
            "{\"name\":\"newattr\",\"type\":\"trace.Pointer\",\"value\":0}," +
            "{\"name\":\"oldattr\",\"type\":\"trace.Pointer\",\"value\":140724603478016}" +
            end(6, ",\"newattr\":null,\"oldattr\":{\"mq_flags\":0,\"mq_maxmsg\":4,\"mq_msgsize\":64," +
            "\"mq_curmsgs\":1},\"mq_inode\":9876"),
        context(7, EXE) + event("241", "mq_unlink", 1, 0, "mq_unlink") +
            "{\"name\":\"name\",\"type\":\"string\",\"value\":\"ringcap-q\"}" + end(7, ""),
        // A process in a container: namespace ids differ from host ids; no exec seen, not in PROCESSES.
        "{\"timestamp\":" + (WALL + 8_000_000) + ",\"processorId\":3,\"processId\":1,\"cgroupId\":5000," +
            "\"threadId\":1,\"parentProcessId\":0,\"hostProcessId\":5151,\"hostThreadId\":5151," +
            "\"hostParentProcessId\":5150,\"userId\":0,\"mountNamespace\":4026532096,\"pidNamespace\":4026532097," +
            "\"processName\":\"worker\",\"executable\":{\"path\":\"\"},\"hostName\":\"build-7\"," +
            "\"containerId\":\"" + FormatterFixtures.CONTAINER_ID + "\"," +
            event("240", "mq_open", 4, -2, "mq_open") +
            "{\"name\":\"name\",\"type\":\"string\",\"value\":\"ringcap-q\"}," +
            "{\"name\":\"oflag\",\"type\":\"int32\",\"value\":2}," +
            "{\"name\":\"mode\",\"type\":\"uint16\",\"value\":416}," +
            "{\"name\":\"attr\",\"type\":\"trace.Pointer\",\"value\":140724603461632}" +
            "],\"ringcap\":{\"exitTimestamp\":" + (WALL + 8_012_345) + ",\"durationNs\":12345,\"groupId\":0,\"attr\":null}}",
        // A process from before the capture: its executable from the PROCESSES table.
        "{\"timestamp\":" + (WALL + 9_000_000) + ",\"processorId\":3,\"processId\":777,\"cgroupId\":4711," +
            "\"threadId\":777,\"parentProcessId\":1,\"hostProcessId\":777,\"hostThreadId\":777," +
            "\"hostParentProcessId\":1,\"userId\":1000,\"mountNamespace\":4026532841,\"pidNamespace\":4026532836," +
            "\"processName\":\"sshd\",\"executable\":{\"path\":\"/usr/sbin/sshd\"},\"hostName\":\"build-7\"," +
            "\"containerId\":\"\"," + event("241", "mq_unlink", 1, -13, "mq_unlink") +
            "{\"name\":\"name\",\"type\":\"string\",\"value\":\"ringcap-q\"}" + end(9, ""));

    @Test
    void everyEventIsOneLineWithTraceeFieldsInOrderAndItsArgs() throws Exception
    {
        final String output = renderText(FormatterFixtures.tables(), FormatterFixtures.everyEvent());
        final List<JsonNode> events = parseLines(output);

        assertEquals(EVERY_EVENT.size(), events.size());
        for (int i = 0; i < events.size(); i++)
        {
            assertEquals(TOP_LEVEL_FIELDS, fieldNames(events.get(i)), "event " + i);
            assertEquals(EVERY_EVENT.get(i), output.split("\n")[i], "event " + i);
            assertEquals(events.get(i).get("argsNum").intValue(), events.get(i).get("args").size(),
                "argsNum is len(args), as Tracee's decoder expects");
        }
        assertEquals(String.join("\n", EVERY_EVENT) + "\n", output, "compact: exactly these bytes");
    }

    @Test
    void numbersAreNumbersAndIdsAreStrings() throws Exception
    {
        final JsonNode open = render(FormatterFixtures.tables(), FormatterFixtures.everyEvent()).get(1);

        assertEquals(1_732_270_542_124_456_789L, open.get("timestamp").longValue());
        assertTrue(open.get("timestamp").isIntegralNumber());
        assertTrue(open.get("eventId").isTextual(), "Tracee's eventId is a string");
        assertTrue(open.get("mountNamespace").isIntegralNumber());
        assertTrue(open.get("executable").isObject());
        assertEquals(4, open.get("args").size(), "argsNum counts Tracee's args; mq_open has no extras");
    }

    @Test
    void mqNotifyCases() throws Exception
    {
        final List<JsonNode> events = render(JournalTables.empty(), FormatterFixtures.mqNotifyCases());
        assertEquals(10, events.size());

        for (final JsonNode event : events)
        {
            assertEquals(TOP_LEVEL_FIELDS, fieldNames(event));
            assertEquals("244", event.get("eventId").textValue());
            assertEquals(2, event.get("argsNum").intValue());
            assertEquals("", event.get("executable").get("path").textValue(), "no exec seen, no PROCESSES table");
        }
        assertEquals("{\"sigev_notify\":\"SIGEV_SIGNAL\",\"sigev_signo\":10,\"signal\":\"SIGUSR1\",\"sigev_value\":24301}",
            extra(events.get(0), "sigevent"));
        assertEquals(2, events.get(0).get("args").size(), "Tracee's mqdes and sevp");
        assertFalse(events.get(0).get("ringcap").has("toctou"), "no race, no flag");
        assertEquals("9876", extra(events.get(0), "mq_inode"));

        // NULL sevp: a null sigevent, never zeros
        assertEquals(-9, events.get(1).get("returnValue").intValue());
        assertEquals("99", arg(events.get(1), 0, "mqdes", "int32"));
        assertEquals("0", arg(events.get(1), 1, "sevp", "trace.Pointer"));
        assertEquals("null", extra(events.get(1), "sigevent"));

        // unreadable sevp: an error object
        assertEquals(WALL + 1_000_000_001L, events.get(2).get("timestamp").longValue());
        assertEquals(WALL + 1_000_002_000L, events.get(2).get("ringcap").get("exitTimestamp").longValue());
        assertEquals(12, events.get(2).get("processorId").intValue());
        assertEquals(4250, events.get(2).get("hostThreadId").intValue());
        assertEquals(50, events.get(2).get("threadId").intValue());
        assertEquals("16", arg(events.get(2), 1, "sevp", "trace.Pointer"));
        assertEquals("{\"error\":\"EFAULT\"}", extra(events.get(2), "sigevent"));

        assertEquals("{\"sigev_notify\":\"SIGEV_THREAD_ID\",\"sigev_signo\":35,\"signal\":\"SIGRTMIN+1\"," +
            "\"sigev_value\":42,\"sigev_notify_thread_id\":4243}", extra(events.get(3), "sigevent"));
        assertEquals(-16, events.get(3).get("returnValue").intValue());
        assertEquals("{\"sigev_notify\":\"SIGEV_NONE\",\"sigev_signo\":0,\"signal\":null,\"sigev_value\":0}",
            extra(events.get(4), "sigevent"));
        // SIGEV_THREAD as the kernel sees it: no signal, no function pointer; the netlink socket and cookie
        assertEquals("{\"sigev_notify\":\"SIGEV_THREAD\",\"netlink_socket\":5,\"sigev_value\":139716164218880," +
            "\"cookie\":\"00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f\"}",
            extra(events.get(5), "sigevent"));
        assertEquals("{\"sigev_notify\":\"3\",\"sigev_signo\":33,\"signal\":null,\"sigev_value\":18446744073709551615}",
            extra(events.get(6), "sigevent"));
        assertEquals(-4000, events.get(6).get("returnValue").intValue());
    }

    @Test
    void toctouAddsTheFlagAndTheExitReading() throws Exception
    {
        final List<JsonNode> events = render(JournalTables.empty(), FormatterFixtures.mqNotifyCases());

        final JsonNode toctou = events.get(8);
        assertEquals(2, toctou.get("args").size(), "the TOCTOU readings are ringcap's, outside args");
        assertEquals("{\"sigev_notify\":\"SIGEV_SIGNAL\",\"sigev_signo\":10,\"signal\":\"SIGUSR1\",\"sigev_value\":24301}",
            extra(toctou, "sigevent"), "the entry reading stays where it always is");
        assertEquals("9876", extra(toctou, "mq_inode"));
        assertEquals("true", extra(toctou, "toctou"));
        assertEquals("{\"sigev_notify\":\"SIGEV_SIGNAL\",\"sigev_signo\":12,\"signal\":\"SIGUSR2\",\"sigev_value\":8}",
            extra(toctou, "sigevent_at_exit"));

        final JsonNode unreadable = events.get(9);
        assertEquals("{\"sigev_notify\":\"SIGEV_THREAD\",\"netlink_socket\":6,\"sigev_value\":16," +
            "\"cookie\":{\"error\":\"EFAULT\"}}", extra(unreadable, "sigevent"));
        assertEquals("true", extra(unreadable, "toctou"));
        assertEquals("{\"error\":\"EFAULT\"}", extra(unreadable, "sigevent_at_exit"));
    }

    @Test
    void sigeventThreadWithoutCookieAndAtExit() throws Exception
    {
        final JsonNode event = render(JournalTables.empty(), List.of(new MqNotifyRecord()
            .sigevent(0, 7, SigevNotify.SIGEV_THREAD, 0x40_1136L, 0x7f00L)
            .toctou(true).exitSigevent(0x7f00_0000_1000L, 8, SigevNotify.SIGEV_THREAD, 0, 0).build())).get(0);

        assertEquals("{\"sigev_notify\":\"SIGEV_THREAD\",\"netlink_socket\":7,\"sigev_value\":0,\"cookie\":null}",
            extra(event, "sigevent"), "sival_ptr NULL: the cookie was not read");
        assertEquals("{\"sigev_notify\":\"SIGEV_THREAD\",\"netlink_socket\":8,\"sigev_value\":139637976731648}",
            extra(event, "sigevent_at_exit"), "the cookie is read once, for the entry reading");
    }

    @Test
    void aDeliveryNamesTheRegistrationItFulfils() throws Exception
    {
        final long registeredAt = RecordBuilder.ENTRY_NS + 1_000;
        final List<JsonNode> events = render(JournalTables.empty(), List.of(
            new MqNotifyRecord().entryNs(registeredAt).build(),
            // another process's delivery on the same queue, and this process's on another queue: not it
            new Records.MqNotifyDelivered().at(registeredAt + 10).target(999, MqNotifyRecord.MQ_INODE).build(),
            new Records.MqNotifyDelivered().at(registeredAt + 20).target(RecordBuilder.HOST_PID, 1234).build(),
            // the delivery, sent by another process
            new Records.MqNotifyDelivered().at(registeredAt + 30).hostPid(5000).hostTid(5001).build(),
            // a registration is one-shot: a second delivery fulfils nothing seen
            new Records.MqNotifyDelivered().at(registeredAt + 40).build()));

        assertEquals("null", registration(events.get(1)));
        assertEquals("null", registration(events.get(2)));
        assertEquals(Long.toString(FormatterFixtures.METADATA.toEpochNs(registeredAt)), registration(events.get(3)),
            "the registration's entry time, converted as timestamp is");
        assertEquals(events.get(0).get("timestamp").longValue(), events.get(3).get("args").get(5).get("value").longValue());
        assertEquals(5000, events.get(3).get("hostProcessId").intValue(), "the header is the sender's");
        assertEquals("null", registration(events.get(4)));
    }

    @Test
    void aDeliveryWithoutARegistrationSeenHasNone() throws Exception
    {
        final JsonNode event = render(JournalTables.empty(), List.of(new Records.MqNotifyDelivered().build())).get(0);

        assertEquals("null", registration(event));
        assertEquals(6, event.get("args").size());
    }

    @Test
    void onlyASuccessfulRegistrationCountsAndCancellingForgetsIt() throws Exception
    {
        final List<JsonNode> events = render(JournalTables.empty(), List.of(
            new MqNotifyRecord().entryNs(100).build(),                 // registered at 100
            new MqNotifyRecord().entryNs(200).retval(-16).build(),     // EBUSY: still the one from 100
            new Records.MqNotifyDelivered().at(300).build(),           // fulfils 100
            new MqNotifyRecord().entryNs(400).build(),                 // registered at 400
            new MqNotifyRecord().entryNs(500).nullSevp().build(),      // cancelled
            new Records.MqNotifyDelivered().at(600).build(),           // nothing pending
            new MqNotifyRecord().entryNs(700).sigevent(0, 0, SigevNotify.SIGEV_NONE, 0, 0).build(),
            new MqNotifyRecord().entryNs(800).mqInode(0).build(),      // not a queue: cannot link
            new Records.MqNotifyDelivered().at(900).build()));         // fulfils 700

        assertEquals(Long.toString(FormatterFixtures.METADATA.toEpochNs(100)), registration(events.get(2)));
        assertEquals("null", registration(events.get(5)));
        assertEquals(Long.toString(FormatterFixtures.METADATA.toEpochNs(700)), registration(events.get(8)));
    }

    @Test
    void aNewWalkForgetsWhatAnEarlierWalkTaught() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplayContext context = new ReplayContext(FormatterFixtures.METADATA, FormatterFixtures.tables());
        final JsonFormatter formatter = new JsonFormatter(out, context);
        final RecordRouter router = RecordRouter.all(context, formatter);
        final UnsafeBuffer exec = new Records.ProcessExec().build();
        final UnsafeBuffer register = new MqNotifyRecord().build();
        final UnsafeBuffer deliver = new Records.MqNotifyDelivered().build();
        final UnsafeBuffer open = new Records.MqOpen().build();

        formatter.begin();
        for (final UnsafeBuffer record : List.of(exec, register, open))
        {
            router.onRecord(record, 0, record.capacity());
        }
        context.reset(); // the walk's context starts over; the formatter's cached process parts must follow
        formatter.begin();
        for (final UnsafeBuffer record : List.of(open, deliver))
        {
            router.onRecord(record, 0, record.capacity());
        }
        formatter.flush();

        final List<JsonNode> events = parseLines(out.toString(StandardCharsets.UTF_8));
        assertEquals("/usr/bin/mq_notify_cases", events.get(2).get("executable").get("path").textValue());
        assertEquals("/bin/bash", events.get(3).get("executable").get("path").textValue(),
            "the second walk has not seen the exec yet: the PROCESSES table");
        assertEquals("null", registration(events.get(4)), "nor the registration");
    }

    @Test
    void executableIsTheLatestExecElseThePreCaptureTableElseEmpty() throws Exception
    {
        final List<JsonNode> events = render(FormatterFixtures.tables(), List.of(
            new Records.MqOpen().build(),                                           // table: /bin/bash
            new Records.ProcessExec().filename("/usr/bin/first").build(),
            new Records.MqOpen().build(),
            new Records.ProcessExec().filename("/opt/second").build(),
            new Records.MqOpen().build(),
            new Records.ProcessExec().filename(ReadStatus.FAULT, new byte[0]).build(), // exec'd, path unknown
            new Records.MqOpen().build(),
            new Records.MqOpen().hostPid(31).build(),                               // never seen
            new Records.ProcessExec().hostPid(31).filename("/usr/bin/\u00e9t\u00e9").build()));

        assertEquals("/bin/bash", path(events.get(0)));
        assertEquals("/usr/bin/first", path(events.get(1)), "an exec event shows the executable it exec'd");
        assertEquals("/usr/bin/first", path(events.get(2)));
        assertEquals("/opt/second", path(events.get(4)));
        assertEquals("", path(events.get(5)), "unknown now: never the stale one");
        assertEquals("null", arg(events.get(5), 0, "cmdpath", "string"), "Tracee's string type holds no error");
        assertEquals("{\"error\":\"EFAULT\"}", extra(events.get(5), "cmdpath"));
        assertEquals("", path(events.get(6)));
        assertEquals("", path(events.get(7)));
        assertEquals("/usr/bin/\u00e9t\u00e9", path(events.get(8)));
    }

    @Test
    void valuesNotReadAreNullOrAnErrorNeverZerosOrEmpty() throws Exception
    {
        final List<JsonNode> events = render(JournalTables.empty(), List.of(
            new Records.MqOpen().name(ReadStatus.FAULT, new byte[0]).attr(ReadStatus.FAULT, 0, 0, 0, 0).build(),
            new Records.MqOpen().name(ReadStatus.NULL, new byte[0]).attr(ReadStatus.NULL, 0, 0, 0, 0).build(),
            new Records.MqUnlink().name(ReadStatus.SKIPPED, new byte[0]).build(),
            new Records.MqTimedSend().timeout(0x10, ReadStatus.FAULT, 0, 0).payload(ReadStatus.FAULT, new byte[0]).build(),
            new Records.MqTimedReceive().retval(-110).prio(0x7ffd_0000_5000L, ReadStatus.SKIPPED, 0).build(),
            new Records.MqTimedReceive().prio(0, ReadStatus.NULL, 0).payload(7, new byte[0]).build(),
            new Records.MqGetSetAttr().retval(-9).newattr(0x20, ReadStatus.FAULT, 0, 0, 0, 0)
                .oldattr(0x7ffd_0000_6000L, ReadStatus.SKIPPED, 0, 0, 0, 0).build()));

        assertEquals("null", arg(events.get(0), 0, "name", "string"), "Tracee's string type holds no error");
        assertEquals("{\"error\":\"EFAULT\"}", extra(events.get(0), "name"));
        assertEquals("{\"error\":\"EFAULT\"}", extra(events.get(0), "attr"));
        assertEquals("null", arg(events.get(1), 0, "name", "string"));
        assertFalse(events.get(1).get("ringcap").has("name"), "a NULL name is no error");
        assertEquals("null", extra(events.get(1), "attr"));
        assertEquals("null", arg(events.get(2), 0, "name", "string"));
        assertEquals("null", arg(events.get(3), 1, "msg_ptr", "string"));
        assertEquals("null", arg(events.get(3), 4, "abs_timeout", "float64"));
        assertEquals("{\"error\":\"EFAULT\"}", extra(events.get(3), "abs_timeout"));
        assertEquals("{\"error\":\"EFAULT\"}", extra(events.get(3), "payload"));
        assertEquals("null", extra(events.get(4), "msg_prio"), "the call failed: nothing written back");
        assertEquals(Long.toString(0x7ffd_0000_5000L), arg(events.get(4), 3, "msg_prio", "trace.Pointer"), "the pointer itself");
        assertEquals("null", extra(events.get(4), "payload"), "payload capture off");
        assertEquals("null", extra(events.get(5), "msg_prio"));
        assertEquals("{\"error\":\"unknown read status 7\"}", extra(events.get(5), "payload"));
        assertEquals("{\"error\":\"EFAULT\"}", extra(events.get(6), "newattr"));
        assertEquals("32", arg(events.get(6), 1, "newattr", "trace.Pointer"));
        assertEquals("null", extra(events.get(6), "oldattr"));
    }

    @Test
    void flagsModesAttributesAndBinaryPayloads() throws Exception
    {
        final byte[] binary = {'m', 0, 'q', 0, (byte)0xff, 7, 0};
        final List<JsonNode> events = render(JournalTables.empty(), List.of(
            new Records.MqOpen().oflag(Records.O_RDWR | Records.O_CREAT | Records.O_NONBLOCK | 02000000 | 01000000)
                .mode(04755).build(),
            new Records.MqOpen().oflag(3 | Records.O_EXCL).mode(0).attr(ReadStatus.SKIPPED, 0, 0, 0, 0).build(),
            new Records.MqGetSetAttr().newattr(0x30, ReadStatus.OK, Records.O_NONBLOCK, 0, 0, 0)
                .oldattr(0x40, ReadStatus.OK, 0, 10, 8192, 3).build(),
            new Records.MqTimedSend().msgLen(-1).payload(ReadStatus.OK, binary).build(),
            new Records.MqOpen().name("q\u00e9\"\n").build()));

        // Tracee's int32 and uint16: the numbers, for jq's arithmetic; the table names them.
        assertEquals(String.valueOf(Records.O_RDWR | Records.O_CREAT | Records.O_NONBLOCK | 02000000 | 01000000),
            arg(events.get(0), 1, "oflag", "int32"));
        assertEquals(String.valueOf(04755), arg(events.get(0), 2, "mode", "uint16"));
        assertEquals(String.valueOf(3 | Records.O_EXCL), arg(events.get(1), 1, "oflag", "int32"));
        assertEquals("0", arg(events.get(1), 2, "mode", "uint16"));
        assertEquals("null", extra(events.get(1), "attr"), "without O_CREAT attr is not read");
        assertEquals("{\"mq_flags\":2048,\"mq_maxmsg\":0,\"mq_msgsize\":0,\"mq_curmsgs\":0}",
            extra(events.get(2), "newattr"));
        assertEquals("{\"mq_flags\":0,\"mq_maxmsg\":10,\"mq_msgsize\":8192,\"mq_curmsgs\":3}",
            extra(events.get(2), "oldattr"));
        assertEquals("\"6d007100ff0700\"", extra(events.get(3), "payload"), "whole, NULs included");
        assertEquals("m\u0000q\u0000\ufffd\u0007\u0000", events.get(3).get("args").get(1).get("value").textValue(),
            "Tracee's string: the bytes as text, a byte that is no UTF-8 as U+FFFD");
        assertEquals("18446744073709551615", arg(events.get(3), 2, "msg_len", "uint64"));
        assertEquals("q\u00e9\"\n", events.get(4).get("args").get(0).get("value").textValue());
    }

    @Test
    void unsignedValuesAndOddProcessNames() throws Exception
    {
        final JsonNode event = render(JournalTables.empty(), FormatterFixtures.mqNotifyCases()).get(7);

        assertEquals(new BigInteger("18446744073709551614"), event.get("cgroupId").bigIntegerValue());
        assertEquals(new BigInteger("18446744073709547520"), event.get("args").get(1).get("value").bigIntegerValue());
        assertEquals("tab\there€", event.get("processName").textValue());
    }

    @Test
    void namesAndPathsAreEscapedFromTheirBytesAndBadUtf8IsReplaced() throws Exception
    {
        final byte[] comm = {'a', '"', '\\', 0x01, '\n', (byte)0xFF, (byte)0xC3, (byte)0xA9, 0x7F};
        final byte[] path = {'/', 'x', (byte)0xF0, (byte)0x9F, (byte)0x98, (byte)0x80, (byte)0xE2, (byte)0x82, '\t'};
        final String output = renderText(JournalTables.empty(), List.of(
            new Records.ProcessExec().comm(comm).filename(ReadStatus.OK, path).build(),
            new Records.MqUnlink().comm(comm).name(ReadStatus.OK, path).build()));

        final String name = "\"processName\":\"a\\\"\\\\\\u0001\\n\ufffd\u00e9\u007f\"";
        final String exe = "\"/x\\uD83D\\uDE00\ufffd\ufffd\\t\"";
        final String[] lines = output.split("\n");
        assertEquals(2, lines.length);
        for (final String line : lines)
        {
            assertTrue(line.contains(name + ",\"executable\":{\"path\":" + exe + "}"), line);
            assertTrue(line.contains("\"value\":" + exe + "}"), line);
        }
        assertEquals("a\"\\\u0001\n\ufffd\u00e9\u007f", render(JournalTables.empty(), List.of(
            new Records.MqUnlink().comm(comm).build())).get(0).get("processName").textValue());
    }

    @Test
    void aHostNameOfAnyLengthFromTheJournalIsWrittenWhole() throws Exception
    {
        final String host = "h\"\u0001".repeat(3_000);
        final io.ringcap.wire.JournalMetadata m = FormatterFixtures.METADATA;
        final io.ringcap.wire.JournalMetadata metadata = new io.ringcap.wire.JournalMetadata(m.formatVersion(), host,
            m.kernelRelease(), m.bootToWallNs(), m.attachMethod(), m.ringSize(), m.capturePid(), m.target());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplayContext context = new ReplayContext(metadata, JournalTables.empty());
        final JsonFormatter formatter = new JsonFormatter(out, context);
        final RecordRouter router = RecordRouter.all(context, formatter);
        formatter.begin();
        for (int i = 0; i < 20; i++)
        {
            final UnsafeBuffer record = new MqNotifyRecord().build();
            router.onRecord(record, 0, record.capacity());
        }
        formatter.flush();

        final List<JsonNode> events = parseLines(out.toString(StandardCharsets.UTF_8));
        assertEquals(20, events.size());
        assertEquals(host, events.get(19).get("hostName").textValue());
    }

    @Test
    void theProcessPartOfALineFollowsItsThreadsBytesAndExecs() throws Exception
    {
        // Threads 7 and 263 share a slot of the formatter's per-thread cache of rendered process parts.
        final List<JsonNode> events = render(FormatterFixtures.tables(), List.of(
            new MqNotifyRecord().hostTid(7).comm("a").build(),
            new MqNotifyRecord().hostTid(7).comm("a").build(),
            new MqNotifyRecord().hostTid(7).comm("b").build(),
            new MqNotifyRecord().hostTid(263).comm("c").uid(5).build(),
            new MqNotifyRecord().hostTid(7).comm("b").build(),
            new MqNotifyRecord().hostTid(7).comm("b").uid(6).build(),
            new Records.ProcessExec().hostTid(8).filename("/bin/new").build(),
            new MqNotifyRecord().hostTid(7).comm("b").uid(6).build()));

        final List<String> seen = new ArrayList<>();
        for (final JsonNode event : events)
        {
            seen.add(event.get("hostThreadId").intValue() + " " + event.get("processName").textValue() + " " +
                event.get("userId").longValue() + " " + path(event));
        }
        final String exe = seen.get(0).substring(seen.get(0).lastIndexOf(' ') + 1);
        assertEquals(List.of("7 a 1000 " + exe, "7 a 1000 " + exe, "7 b 1000 " + exe, "263 c 5 " + exe,
            "7 b 1000 " + exe, "7 b 6 " + exe, "8 mq_notify_cases 1000 /bin/new", "7 b 6 /bin/new"), seen);
    }

    @Test
    void extremeNumbersAreWrittenWhole() throws Exception
    {
        final String line = renderText(JournalTables.empty(), List.of(
            new MqNotifyRecord().retval(Long.MIN_VALUE).cgroupId(-1).build(),
            new MqNotifyRecord().retval(Long.MAX_VALUE).cgroupId(Long.MIN_VALUE).build()));
        final String[] lines = line.split("\n");
        assertTrue(lines[0].contains("\"cgroupId\":18446744073709551615,"), lines[0]);
        assertTrue(lines[0].contains("\"returnValue\":-9223372036854775808,"), lines[0]);
        assertTrue(lines[1].contains("\"cgroupId\":9223372036854775808,"), lines[1]);
        assertTrue(lines[1].contains("\"returnValue\":9223372036854775807,"), lines[1]);
    }

    @Test
    void highIdsAreUnsigned() throws Exception
    {
        final JsonNode event = render(JournalTables.empty(),
            List.of(new MqNotifyRecord().uid(-2).gid(-3).mntNs(-4).pidNs(-5).build())).get(0);

        assertEquals(4_294_967_294L, event.get("userId").longValue());
        assertEquals(4_294_967_293L, event.get("ringcap").get("groupId").longValue());
        assertEquals(4_294_967_292L, event.get("mountNamespace").longValue());
        assertEquals(4_294_967_291L, event.get("pidNamespace").longValue());
    }

    @Test
    void eventsTraceeLacksHaveIdsAboveEveryTraceeRange()
    {
        // Tracee v0.24.1's ranges end with its test events at 8999; sched_process_exec is its 715.
        assertEquals(10_007, EventTable.forType(EventType.MQ_NOTIFY_DELIVERED).eventId());
        assertEquals(10_009, EventTable.forType(EventType.GAP).eventId());
        assertEquals(715, EventTable.forType(EventType.PROCESS_EXEC).eventId());
    }

    static List<JsonNode> render(final JournalTables tables, final List<UnsafeBuffer> records) throws Exception
    {
        return parseLines(renderText(tables, records));
    }

    public static String renderText(final JournalTables tables, final List<UnsafeBuffer> records) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ReplayContext context = new ReplayContext(FormatterFixtures.METADATA, tables);
        final JsonFormatter formatter = new JsonFormatter(out, context);
        final RecordRouter router = RecordRouter.all(context, formatter);
        formatter.begin();
        for (final UnsafeBuffer record : records)
        {
            router.onRecord(record, 0, record.capacity());
        }
        formatter.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Each line one complete JSON object; the output ends with a newline. */
    public static List<JsonNode> parseLines(final String output) throws Exception
    {
        final List<JsonNode> events = new ArrayList<>();
        if (output.isEmpty())
        {
            return events;
        }
        assertTrue(output.endsWith("\n"), output);
        for (final String line : output.substring(0, output.length() - 1).split("\n", -1))
        {
            assertFalse(line.isBlank(), output);
            final JsonNode node = MAPPER.readTree(line);
            assertTrue(node.isObject(), line);
            TraceeJsonRules.check(line);
            events.add(node);
        }
        return events;
    }

    public static List<String> fieldNames(final JsonNode node)
    {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** @return arg i's value as JSON text, after checking its name and type. */
    private static String arg(final JsonNode event, final int i, final String name, final String type) throws Exception
    {
        final JsonNode arg = event.get("args").get(i);
        assertEquals(List.of("name", "type", "value"), fieldNames(arg));
        assertEquals(name, arg.get("name").textValue());
        assertEquals(type, arg.get("type").textValue());
        return MAPPER.writeValueAsString(arg.get("value"));
    }

    /** @return the value of ringcap's field {@code name}, as JSON text: what the record held beyond Tracee's args. */
    private static String extra(final JsonNode event, final String name) throws Exception
    {
        final JsonNode ringcap = event.get("ringcap");
        assertTrue(ringcap.has(name), "ringcap has " + name + ": " + ringcap);
        return MAPPER.writeValueAsString(ringcap.get(name));
    }

    private static String registration(final JsonNode delivery) throws Exception
    {
        assertEquals("mq_notify_delivered", delivery.get("eventName").textValue());
        return arg(delivery, 5, "registration", "uint64");
    }

    private static String path(final JsonNode event)
    {
        assertEquals(List.of("path"), fieldNames(event.get("executable")));
        return event.get("executable").get("path").textValue();
    }

    /** The common fields of process 4242 (pid 42 in its namespace) for everyEvent()'s record i. */
    private static String context(final int i, final String executable)
    {
        return "{\"timestamp\":" + (WALL + i * 1_000_000L) + ",\"processorId\":3,\"processId\":42," +
            "\"cgroupId\":4711,\"threadId\":43,\"parentProcessId\":1,\"hostProcessId\":4242,\"hostThreadId\":4243," +
            "\"hostParentProcessId\":4200,\"userId\":1000,\"mountNamespace\":4026532841," +
            "\"pidNamespace\":4026532836,\"processName\":\"mq_notify_cases\"," +
            "\"executable\":{\"path\":\"" + executable + "\"},\"hostName\":\"build-7\",\"containerId\":\"\",";
    }

    private static String event(final String id, final String name, final int argsNum, final long ret,
        final String syscall)
    {
        return "\"eventId\":\"" + id + "\",\"eventName\":\"" + name + "\",\"argsNum\":" + argsNum +
            ",\"returnValue\":" + ret + ",\"syscall\":\"" + syscall + "\",\"args\":[";
    }

    /**
     * Closes args and adds ringcap's object: everyEvent() records exit 12345 ns after they enter (a
     * call's durationNs; record 0, the exec, has none); then
     * the event's own extras, each with its leading comma.
     */
    private static String end(final int i, final String extras)
    {
        return "],\"ringcap\":{\"exitTimestamp\":" + (WALL + i * 1_000_000L + 12_345) + (i == 0 ? "" : ",\"durationNs\":12345") +
            ",\"groupId\":1001" + extras + "}}";
    }
}
