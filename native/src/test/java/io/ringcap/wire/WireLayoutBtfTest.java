package io.ringcap.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java mirror of ringcap_event.h against the truth: the BTF clang wrote into the compiled BPF
 * object ({@code bpftool -j btf dump file ringcap.bpf.o}). Every offset, width and length the
 * Layout classes declare, and every enum constant, must equal what the compiler laid out; every
 * struct member and enum value in the BTF must have a Java mirror. Also checks that
 * {@code struct rc_sigevent} is the head of the kernel's {@code struct sigevent} (vmlinux BTF).
 *
 * <p>Needs bpftool. Without it the test is skipped, unless CI=true, where it fails: CI must check.
 */
class WireLayoutBtfTest
{
    private static final String BPF_OBJECT_PROPERTY = "ringcap.bpf.object";
    private static final Path VMLINUX_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final Path EVENT_HEADER = Path.of("src/bpf/ringcap_event.h");
    /** bpftool usually lives in an sbin directory, which a test JVM's PATH may lack. */
    private static final List<String> SBIN_DIRECTORIES = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");
    private static final long BPFTOOL_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path bpftool;
    private static Btf object;

    /** A struct member as the Java side reads it: byte offset in the struct and width in bytes. */
    private record Member(String name, int offset, int width)
    {
    }

    @BeforeAll
    static void dumpObjectBtf() throws Exception
    {
        bpftool = findBpftool();
        requireOrSkip(bpftool != null, "bpftool is not installed (looked in PATH and " + SBIN_DIRECTORIES + ")");

        final String objectPath = System.getProperty(BPF_OBJECT_PROPERTY);
        assertNotNull(objectPath, "system property " + BPF_OBJECT_PROPERTY + " (set by the native pom) is missing");
        final Path objectFile = Path.of(objectPath);
        assertTrue(Files.isRegularFile(objectFile), "no BPF object at " + objectFile + ": build the native module");

        final BpftoolRun run = runBpftool(objectFile);
        final JsonNode dump;
        try (InputStream json = run.process().getInputStream())
        {
            dump = MAPPER.readTree(json);
        }
        run.awaitSuccess();
        object = new Btf(objectFile.toString(), dump.get("types"));
    }

    /** Every record starts with the common header. */
    private static final Member HDR = new Member("hdr", 0, EventHeaderLayout.LENGTH);

    /** Every rc_* struct in the object, so a struct added to ringcap_event.h without a mirror fails. */
    private static final List<String> WIRE_STRUCTS = List.of("rc_config", "rc_header", "rc_sigevent", "rc_mq_attr",
        "rc_timespec", "rc_mq_notify", "rc_mq_open", "rc_mq_unlink", "rc_mq_timedsend", "rc_mq_timedreceive",
        "rc_mq_getsetattr", "rc_mq_notify_delivered", "rc_process_exec", "rc_gap", "rc_cpu_counters",
        // SysV message queues
        "rc_msqid_ds", "rc_msginfo", "rc_msgget", "rc_msgget_args", "rc_msgsnd", "rc_msgsnd_args", "rc_msgrcv",
        "rc_msgrcv_args", "rc_msgctl", "rc_msgctl_args");

    @Test
    void eventHeaderLayoutMatchesBtf()
    {
        final JsonNode header = object.completeStruct("rc_header");

        assertMembers(header, List.of(
            new Member("event_type", EventHeaderLayout.EVENT_TYPE_OFFSET, Short.BYTES),
            new Member("size", EventHeaderLayout.SIZE_OFFSET, Short.BYTES),
            new Member("cpu", EventHeaderLayout.CPU_OFFSET, Short.BYTES),
            new Member("flags", EventHeaderLayout.FLAGS_OFFSET, Short.BYTES),
            new Member("entry_ns", EventHeaderLayout.ENTRY_NS_OFFSET, Long.BYTES),
            new Member("exit_ns", EventHeaderLayout.EXIT_NS_OFFSET, Long.BYTES),
            new Member("retval", EventHeaderLayout.RETVAL_OFFSET, Long.BYTES),
            new Member("host_pid", EventHeaderLayout.HOST_PID_OFFSET, Integer.BYTES),
            new Member("host_tid", EventHeaderLayout.HOST_TID_OFFSET, Integer.BYTES),
            new Member("host_ppid", EventHeaderLayout.HOST_PPID_OFFSET, Integer.BYTES),
            new Member("pid", EventHeaderLayout.PID_OFFSET, Integer.BYTES),
            new Member("tid", EventHeaderLayout.TID_OFFSET, Integer.BYTES),
            new Member("ppid", EventHeaderLayout.PPID_OFFSET, Integer.BYTES),
            new Member("uid", EventHeaderLayout.UID_OFFSET, Integer.BYTES),
            new Member("gid", EventHeaderLayout.GID_OFFSET, Integer.BYTES),
            new Member("cgroup_id", EventHeaderLayout.CGROUP_ID_OFFSET, Long.BYTES),
            new Member("mnt_ns", EventHeaderLayout.MNT_NS_OFFSET, Integer.BYTES),
            new Member("pid_ns", EventHeaderLayout.PID_NS_OFFSET, Integer.BYTES),
            new Member("comm", EventHeaderLayout.COMM_OFFSET, EventHeaderLayout.COMM_LENGTH)));
        assertEquals(EventHeaderLayout.LENGTH, header.get("size").intValue(), "sizeof(struct rc_header)");
    }

    @Test
    void mqNotifyLayoutMatchesBtf()
    {
        final JsonNode mqNotify = assertRecord("rc_mq_notify", MqNotifyLayout.LENGTH, List.of(
            HDR,
            new Member("mqdes", MqNotifyLayout.MQDES_OFFSET, Integer.BYTES),
            new Member("sev_status", MqNotifyLayout.SEV_STATUS_OFFSET, Integer.BYTES),
            new Member("sevp", MqNotifyLayout.SEVP_OFFSET, Long.BYTES),
            new Member("sev", MqNotifyLayout.SEV_OFFSET, MqNotifyLayout.SIGEVENT_LENGTH),
            new Member("sev_exit_status", MqNotifyLayout.SEV_EXIT_STATUS_OFFSET, Integer.BYTES),
            new Member("toctou", MqNotifyLayout.TOCTOU_OFFSET, Integer.BYTES),
            new Member("sev_exit", MqNotifyLayout.SEV_EXIT_OFFSET, MqNotifyLayout.SIGEVENT_LENGTH),
            new Member("mq_inode", MqNotifyLayout.MQ_INODE_OFFSET, Long.BYTES),
            new Member("cookie_status", MqNotifyLayout.COOKIE_STATUS_OFFSET, Integer.BYTES),
            // Padding, always 0, with no constant of its own: it sits right after cookie_status.
            new Member("reserved", MqNotifyLayout.COOKIE_STATUS_OFFSET + Integer.BYTES, Integer.BYTES),
            new Member("cookie", MqNotifyLayout.COOKIE_OFFSET, MqNotifyLayout.COOKIE_LENGTH)));
        assertMemberType(mqNotify, "sev", "rc_sigevent");
        assertMemberType(mqNotify, "sev_exit", "rc_sigevent");
    }

    @Test
    void sigeventLayoutMatchesBtf()
    {
        final JsonNode sigevent = object.completeStruct("rc_sigevent");

        final int base = MqNotifyLayout.SEV_OFFSET;
        assertMembers(sigevent, List.of(
            new Member("value", MqNotifyLayout.SEV_VALUE_OFFSET - base, Long.BYTES),
            new Member("signo", MqNotifyLayout.SEV_SIGNO_OFFSET - base, Integer.BYTES),
            new Member("notify", MqNotifyLayout.SEV_NOTIFY_OFFSET - base, Integer.BYTES),
            new Member("union0", MqNotifyLayout.SEV_UNION0_OFFSET - base, Long.BYTES),
            new Member("union1", MqNotifyLayout.SEV_UNION1_OFFSET - base, Long.BYTES)));
        assertEquals(MqNotifyLayout.SIGEVENT_LENGTH, sigevent.get("size").intValue(), "sizeof(struct rc_sigevent)");
        assertEquals(MqNotifyLayout.SIGEVENT_VALUE, MqNotifyLayout.SEV_VALUE_OFFSET - base);
        assertEquals(MqNotifyLayout.SIGEVENT_SIGNO, MqNotifyLayout.SEV_SIGNO_OFFSET - base);
        assertEquals(MqNotifyLayout.SIGEVENT_NOTIFY, MqNotifyLayout.SEV_NOTIFY_OFFSET - base);
        assertEquals(MqNotifyLayout.SIGEVENT_UNION0, MqNotifyLayout.SEV_UNION0_OFFSET - base);
        assertEquals(MqNotifyLayout.SIGEVENT_UNION1, MqNotifyLayout.SEV_UNION1_OFFSET - base);
    }

    @Test
    void mqAttrLayoutMatchesBtf()
    {
        final JsonNode attr = object.completeStruct("rc_mq_attr");

        assertMembers(attr, List.of(
            new Member("flags", MqAttrLayout.FLAGS, Long.BYTES),
            new Member("maxmsg", MqAttrLayout.MAXMSG, Long.BYTES),
            new Member("msgsize", MqAttrLayout.MSGSIZE, Long.BYTES),
            new Member("curmsgs", MqAttrLayout.CURMSGS, Long.BYTES)));
        assertEquals(MqAttrLayout.LENGTH, attr.get("size").intValue(), "sizeof(struct rc_mq_attr)");
    }

    @Test
    void timespecLayoutMatchesBtf()
    {
        final JsonNode timespec = object.completeStruct("rc_timespec");

        assertMembers(timespec, List.of(
            new Member("sec", TimespecLayout.SEC, Long.BYTES),
            new Member("nsec", TimespecLayout.NSEC, Long.BYTES)));
        assertEquals(TimespecLayout.LENGTH, timespec.get("size").intValue(), "sizeof(struct rc_timespec)");
    }

    @Test
    void mqOpenLayoutMatchesBtf()
    {
        final JsonNode mqOpen = assertRecord("rc_mq_open", MqOpenLayout.LENGTH, List.of(
            HDR,
            new Member("name_ptr", MqOpenLayout.NAME_PTR_OFFSET, Long.BYTES),
            new Member("attr_ptr", MqOpenLayout.ATTR_PTR_OFFSET, Long.BYTES),
            new Member("oflag", MqOpenLayout.OFLAG_OFFSET, Integer.BYTES),
            new Member("mode", MqOpenLayout.MODE_OFFSET, Integer.BYTES),
            new Member("name_status", MqOpenLayout.NAME_STATUS_OFFSET, Integer.BYTES),
            new Member("attr_status", MqOpenLayout.ATTR_STATUS_OFFSET, Integer.BYTES),
            new Member("attr", MqOpenLayout.ATTR_OFFSET, MqAttrLayout.LENGTH),
            new Member("name_len", MqOpenLayout.NAME_LENGTH_OFFSET, Integer.BYTES),
            new Member("name_full_len", MqOpenLayout.NAME_FULL_LENGTH_OFFSET, Integer.BYTES),
            new Member("name", MqOpenLayout.NAME_OFFSET, MqOpenLayout.NAME_CAPACITY)));
        assertMemberType(mqOpen, "attr", "rc_mq_attr");
    }

    @Test
    void mqUnlinkLayoutMatchesBtf()
    {
        assertRecord("rc_mq_unlink", MqUnlinkLayout.LENGTH, List.of(
            HDR,
            new Member("name_ptr", MqUnlinkLayout.NAME_PTR_OFFSET, Long.BYTES),
            new Member("name_status", MqUnlinkLayout.NAME_STATUS_OFFSET, Integer.BYTES),
            new Member("name_len", MqUnlinkLayout.NAME_LENGTH_OFFSET, Integer.BYTES),
            new Member("name_full_len", MqUnlinkLayout.NAME_FULL_LENGTH_OFFSET, Integer.BYTES),
            new Member("reserved", MqUnlinkLayout.RESERVED_OFFSET, Integer.BYTES),
            new Member("name", MqUnlinkLayout.NAME_OFFSET, MqUnlinkLayout.NAME_CAPACITY)));
    }

    @Test
    void mqTimedSendLayoutMatchesBtf()
    {
        final JsonNode mqTimedSend = assertRecord("rc_mq_timedsend", MqTimedSendLayout.LENGTH, List.of(
            HDR,
            new Member("mqdes", MqTimedSendLayout.MQDES_OFFSET, Integer.BYTES),
            new Member("msg_prio", MqTimedSendLayout.MSG_PRIO_OFFSET, Integer.BYTES),
            new Member("msg_ptr", MqTimedSendLayout.MSG_PTR_OFFSET, Long.BYTES),
            new Member("msg_len", MqTimedSendLayout.MSG_LEN_OFFSET, Long.BYTES),
            new Member("abs_timeout_ptr", MqTimedSendLayout.ABS_TIMEOUT_PTR_OFFSET, Long.BYTES),
            new Member("timeout_status", MqTimedSendLayout.TIMEOUT_STATUS_OFFSET, Integer.BYTES),
            new Member("payload_status", MqTimedSendLayout.PAYLOAD_STATUS_OFFSET, Integer.BYTES),
            new Member("abs_timeout", MqTimedSendLayout.ABS_TIMEOUT_OFFSET, TimespecLayout.LENGTH),
            new Member("mq_inode", MqTimedSendLayout.MQ_INODE_OFFSET, Long.BYTES),
            new Member("payload_len", MqTimedSendLayout.PAYLOAD_LENGTH_OFFSET, Integer.BYTES),
            new Member("reserved", MqTimedSendLayout.RESERVED_OFFSET, Integer.BYTES),
            new Member("payload", MqTimedSendLayout.PAYLOAD_OFFSET, MqTimedSendLayout.PAYLOAD_CAPACITY)));
        assertMemberType(mqTimedSend, "abs_timeout", "rc_timespec");
    }

    @Test
    void mqTimedReceiveLayoutMatchesBtf()
    {
        final JsonNode mqTimedReceive = assertRecord("rc_mq_timedreceive", MqTimedReceiveLayout.LENGTH, List.of(
            HDR,
            new Member("mqdes", MqTimedReceiveLayout.MQDES_OFFSET, Integer.BYTES),
            new Member("msg_prio", MqTimedReceiveLayout.MSG_PRIO_OFFSET, Integer.BYTES),
            new Member("msg_ptr", MqTimedReceiveLayout.MSG_PTR_OFFSET, Long.BYTES),
            new Member("msg_len", MqTimedReceiveLayout.MSG_LEN_OFFSET, Long.BYTES),
            new Member("msg_prio_ptr", MqTimedReceiveLayout.MSG_PRIO_PTR_OFFSET, Long.BYTES),
            new Member("abs_timeout_ptr", MqTimedReceiveLayout.ABS_TIMEOUT_PTR_OFFSET, Long.BYTES),
            new Member("prio_status", MqTimedReceiveLayout.PRIO_STATUS_OFFSET, Integer.BYTES),
            new Member("timeout_status", MqTimedReceiveLayout.TIMEOUT_STATUS_OFFSET, Integer.BYTES),
            new Member("abs_timeout", MqTimedReceiveLayout.ABS_TIMEOUT_OFFSET, TimespecLayout.LENGTH),
            new Member("mq_inode", MqTimedReceiveLayout.MQ_INODE_OFFSET, Long.BYTES),
            new Member("payload_status", MqTimedReceiveLayout.PAYLOAD_STATUS_OFFSET, Integer.BYTES),
            new Member("payload_len", MqTimedReceiveLayout.PAYLOAD_LENGTH_OFFSET, Integer.BYTES),
            new Member("payload", MqTimedReceiveLayout.PAYLOAD_OFFSET, MqTimedReceiveLayout.PAYLOAD_CAPACITY)));
        assertMemberType(mqTimedReceive, "abs_timeout", "rc_timespec");
    }

    @Test
    void mqGetSetAttrLayoutMatchesBtf()
    {
        final JsonNode mqGetSetAttr = assertRecord("rc_mq_getsetattr", MqGetSetAttrLayout.LENGTH, List.of(
            HDR,
            new Member("mqdes", MqGetSetAttrLayout.MQDES_OFFSET, Integer.BYTES),
            new Member("newattr_status", MqGetSetAttrLayout.NEWATTR_STATUS_OFFSET, Integer.BYTES),
            new Member("newattr_ptr", MqGetSetAttrLayout.NEWATTR_PTR_OFFSET, Long.BYTES),
            new Member("oldattr_ptr", MqGetSetAttrLayout.OLDATTR_PTR_OFFSET, Long.BYTES),
            new Member("oldattr_status", MqGetSetAttrLayout.OLDATTR_STATUS_OFFSET, Integer.BYTES),
            new Member("reserved", MqGetSetAttrLayout.RESERVED_OFFSET, Integer.BYTES),
            new Member("newattr", MqGetSetAttrLayout.NEWATTR_OFFSET, MqAttrLayout.LENGTH),
            new Member("oldattr", MqGetSetAttrLayout.OLDATTR_OFFSET, MqAttrLayout.LENGTH),
            new Member("mq_inode", MqGetSetAttrLayout.MQ_INODE_OFFSET, Long.BYTES)));
        assertMemberType(mqGetSetAttr, "newattr", "rc_mq_attr");
        assertMemberType(mqGetSetAttr, "oldattr", "rc_mq_attr");
    }

    @Test
    void mqNotifyDeliveredLayoutMatchesBtf()
    {
        assertRecord("rc_mq_notify_delivered", MqNotifyDeliveredLayout.LENGTH, List.of(
            HDR,
            new Member("target_pid", MqNotifyDeliveredLayout.TARGET_PID_OFFSET, Integer.BYTES),
            new Member("signo", MqNotifyDeliveredLayout.SIGNO_OFFSET, Integer.BYTES),
            new Member("si_code", MqNotifyDeliveredLayout.SI_CODE_OFFSET, Integer.BYTES),
            new Member("sender_mqdes", MqNotifyDeliveredLayout.SENDER_MQDES_OFFSET, Integer.BYTES),
            new Member("mq_inode", MqNotifyDeliveredLayout.MQ_INODE_OFFSET, Long.BYTES)));
    }

    @Test
    void processExecLayoutMatchesBtf()
    {
        assertRecord("rc_process_exec", ProcessExecLayout.LENGTH, List.of(
            HDR,
            new Member("filename_status", ProcessExecLayout.FILENAME_STATUS_OFFSET, Integer.BYTES),
            new Member("filename_len", ProcessExecLayout.FILENAME_LENGTH_OFFSET, Integer.BYTES),
            new Member("filename_full_len", ProcessExecLayout.FILENAME_FULL_LENGTH_OFFSET, Integer.BYTES),
            new Member("reserved", ProcessExecLayout.RESERVED_OFFSET, Integer.BYTES),
            new Member("filename", ProcessExecLayout.FILENAME_OFFSET, ProcessExecLayout.FILENAME_CAPACITY)));
    }

    @Test
    void gapLayoutMatchesBtf()
    {
        assertRecord("rc_gap", GapLayout.LENGTH, List.of(
            HDR,
            new Member("dropped", GapLayout.DROPPED_OFFSET, Long.BYTES),
            new Member("first_ns", GapLayout.FIRST_NS_OFFSET, Long.BYTES),
            new Member("last_ns", GapLayout.LAST_NS_OFFSET, Long.BYTES)));
    }

    @Test
    void configLayoutMatchesBtf()
    {
        final JsonNode config = object.completeStruct("rc_config");

        assertMembers(config, List.of(
            new Member("filter_root_tgid", ConfigLayout.FILTER_ROOT_TGID_OFFSET, Integer.BYTES),
            new Member("filter_pid", ConfigLayout.FILTER_PID_OFFSET, Integer.BYTES),
            new Member("filter_uid", ConfigLayout.FILTER_UID_OFFSET, Integer.BYTES),
            new Member("payload_bytes", ConfigLayout.PAYLOAD_BYTES_OFFSET, Integer.BYTES),
            new Member("filter_cgroup_id", ConfigLayout.FILTER_CGROUP_ID_OFFSET, Long.BYTES),
            new Member("event_mask", ConfigLayout.EVENT_MASK_OFFSET, Long.BYTES),
            new Member("submit_flags", ConfigLayout.SUBMIT_FLAGS_OFFSET, Long.BYTES),
            new Member("filter_comm", ConfigLayout.FILTER_COMM_OFFSET, ConfigLayout.FILTER_COMM_LENGTH)));
        assertEquals(ConfigLayout.LENGTH, config.get("size").intValue(), "sizeof(struct rc_config)");

        // RC_PAYLOAD_MAX leaves no trace in BTF but as the payload arrays' length: the most payload_bytes may ask.
        for (final String record : List.of("rc_mq_timedsend", "rc_mq_timedreceive"))
        {
            final JsonNode payload = object.member(object.completeStruct(record), "payload");
            assertEquals(ConfigLayout.PAYLOAD_MAX, object.sizeOf(payload.get("type_id")), record + ".payload vs PAYLOAD_MAX");
        }
    }

    @Test
    void everyWireStructIsChecked()
    {
        assertEquals(WIRE_STRUCTS.stream().sorted().toList(), object.structNames("rc_").stream()
                .filter(name -> !name.equals("rc_wire_types")).sorted().toList(),
            "every struct of ringcap_event.h needs a Java mirror and a check here");
    }

    @Test
    void eventTypesMatchBtf()
    {
        final Map<String, Integer> values = object.enumValues("rc_event_type");

        assertEquals(List.of("RC_EVENT_MQ_NOTIFY", "RC_EVENT_MQ_OPEN", "RC_EVENT_MQ_UNLINK", "RC_EVENT_MQ_TIMEDSEND",
                "RC_EVENT_MQ_TIMEDRECEIVE", "RC_EVENT_MQ_GETSETATTR", "RC_EVENT_MQ_NOTIFY_DELIVERED",
                "RC_EVENT_PROCESS_EXEC", "RC_EVENT_GAP", "RC_EVENT_MSGGET", "RC_EVENT_MSGSND", "RC_EVENT_MSGRCV",
                "RC_EVENT_MSGCTL", "RC_EVENT_TYPE_MAX"), new ArrayList<>(values.keySet()),
            "every rc_event_type needs an EventType constant, a record length and a name");
        assertEquals(EventType.MQ_NOTIFY, values.get("RC_EVENT_MQ_NOTIFY"));
        assertEquals(EventType.MQ_OPEN, values.get("RC_EVENT_MQ_OPEN"));
        assertEquals(EventType.MQ_UNLINK, values.get("RC_EVENT_MQ_UNLINK"));
        assertEquals(EventType.MQ_TIMEDSEND, values.get("RC_EVENT_MQ_TIMEDSEND"));
        assertEquals(EventType.MQ_TIMEDRECEIVE, values.get("RC_EVENT_MQ_TIMEDRECEIVE"));
        assertEquals(EventType.MQ_GETSETATTR, values.get("RC_EVENT_MQ_GETSETATTR"));
        assertEquals(EventType.MQ_NOTIFY_DELIVERED, values.get("RC_EVENT_MQ_NOTIFY_DELIVERED"));
        assertEquals(EventType.PROCESS_EXEC, values.get("RC_EVENT_PROCESS_EXEC"));
        assertEquals(EventType.GAP, values.get("RC_EVENT_GAP"));
        assertEquals(EventType.MSGGET, values.get("RC_EVENT_MSGGET"));
        assertEquals(EventType.MSGSND, values.get("RC_EVENT_MSGSND"));
        assertEquals(EventType.MSGRCV, values.get("RC_EVENT_MSGRCV"));
        assertEquals(EventType.MSGCTL, values.get("RC_EVENT_MSGCTL"));
        assertEquals(EventType.MAX, values.get("RC_EVENT_TYPE_MAX"));

        // RC_EVENT_X is written as struct rc_x, named x: what replay validates each record against.
        values.forEach((constant, type) ->
        {
            if (type < EventType.MAX)
            {
                final String name = constant.substring("RC_EVENT_".length()).toLowerCase(Locale.ROOT);
                assertEquals(name, EventType.name(type), constant);
                assertEquals(object.completeStruct("rc_" + name).get("size").intValue(), EventType.recordLength(type),
                    "EventType.recordLength(" + constant + ") vs sizeof(struct rc_" + name + ")");
            }
        });
    }

    @Test
    void countersLayoutMatchesBtf()
    {
        final JsonNode counters = object.completeStruct("rc_cpu_counters");

        assertMembers(counters, List.of(
            new Member("submitted", CountersLayout.SUBMITTED_OFFSET, Long.BYTES),
            new Member("dropped", CountersLayout.DROPPED_OFFSET, Long.BYTES),
            new Member("unreported", CountersLayout.UNREPORTED_OFFSET, Long.BYTES),
            new Member("first_drop_ns", CountersLayout.FIRST_DROP_NS_OFFSET, Long.BYTES),
            new Member("last_drop_ns", CountersLayout.LAST_DROP_NS_OFFSET, Long.BYTES),
            new Member("gap_records", CountersLayout.GAP_RECORDS_OFFSET, Long.BYTES)));
        assertEquals(CountersLayout.LENGTH, counters.get("size").intValue(), "sizeof(struct rc_cpu_counters)");
    }

    /** Capture reads rc_counters as one rc_cpu_counters per CPU at key 0: the map must be declared so. */
    @Test
    void countersMapHoldsOneCpuCountersValue()
    {
        final JsonNode variable = object.named("VAR", "rc_counters");
        final JsonNode map = object.resolve(variable.get("type_id"));
        final JsonNode value = object.resolve(object.member(map, "value").get("type_id"));
        assertEquals("PTR", value.get("kind").textValue(), "rc_counters value is declared through __type");
        assertEquals("rc_cpu_counters", object.resolve(value.get("type_id")).get("name").textValue(),
            "rc_counters value type");
        final JsonNode maxEntries = object.resolve(object.member(map, "max_entries").get("type_id"));
        assertEquals(CountersLayout.KEY + 1,
            object.resolve(maxEntries.get("type_id")).get("nr_elems").intValue(), "rc_counters max_entries");
    }

    @Test
    void readStatusesMatchBtf()
    {
        final Map<String, Integer> values = object.enumValues("rc_read_status");

        assertEquals(List.of("RC_READ_NULL", "RC_READ_OK", "RC_READ_FAULT", "RC_READ_SKIPPED", "RC_READ_TRUNCATED"),
            new ArrayList<>(values.keySet()));
        assertEquals(ReadStatus.NULL, values.get("RC_READ_NULL"));
        assertEquals(ReadStatus.OK, values.get("RC_READ_OK"));
        assertEquals(ReadStatus.FAULT, values.get("RC_READ_FAULT"));
        assertEquals(ReadStatus.SKIPPED, values.get("RC_READ_SKIPPED"));
        assertEquals(ReadStatus.TRUNCATED, values.get("RC_READ_TRUNCATED"));
    }

    @Test
    void stringLengthMaxMatchesTheHeader() throws IOException
    {
        final Matcher matcher = Pattern.compile("^#define\\s+RC_STR_LEN_MAX\\s+(\\d+)\\s*$", Pattern.MULTILINE)
            .matcher(Files.readString(EVENT_HEADER));
        assertTrue(matcher.find(), "no RC_STR_LEN_MAX in " + EVENT_HEADER);
        assertEquals(ReadStatus.STRING_LENGTH_MAX, Integer.parseInt(matcher.group(1)),
            "ReadStatus.STRING_LENGTH_MAX vs RC_STR_LEN_MAX");
    }

    @Test
    void formatVersionMatchesTheHeader() throws IOException
    {
        // A #define leaves no trace in BTF: read the header itself.
        assertTrue(Files.isReadable(EVENT_HEADER), "cannot read " + EVENT_HEADER.toAbsolutePath());
        final Matcher matcher = Pattern.compile("^#define\\s+RC_FORMAT_VERSION\\s+(\\d+)\\s*$", Pattern.MULTILINE)
            .matcher(Files.readString(EVENT_HEADER));
        assertTrue(matcher.find(), "no RC_FORMAT_VERSION in " + EVENT_HEADER);
        assertEquals(JournalFormat.FORMAT_VERSION, Integer.parseInt(matcher.group(1)),
            "JournalFormat.FORMAT_VERSION vs RC_FORMAT_VERSION");
    }

    @Test
    void sigeventIsTheHeadOfTheKernelsStructSigevent() throws Exception
    {
        requireOrSkip(Files.isReadable(VMLINUX_BTF), VMLINUX_BTF + " is not readable: the kernel has no BTF");

        final JsonNode kernel = findVmlinuxStruct("sigevent");
        assertNotNull(kernel, "no struct sigevent in " + VMLINUX_BTF);
        final Map<String, Integer> bits = new LinkedHashMap<>();
        kernel.get("members").forEach(member -> bits.put(member.get("name").textValue(),
            member.get("bits_offset").intValue()));
        assertEquals(Map.of("sigev_value", 0, "sigev_signo", 64, "sigev_notify", 96, "_sigev_un", 128), bits,
            "the kernel's struct sigevent");

        final JsonNode ours = object.completeStruct("rc_sigevent");
        assertEquals(bits.get("sigev_value"), object.member(ours, "value").get("bits_offset").intValue());
        assertEquals(bits.get("sigev_signo"), object.member(ours, "signo").get("bits_offset").intValue());
        assertEquals(bits.get("sigev_notify"), object.member(ours, "notify").get("bits_offset").intValue());
        assertEquals(bits.get("_sigev_un"), object.member(ours, "union0").get("bits_offset").intValue());
        assertTrue(kernel.get("size").intValue() >= ours.get("size").intValue(),
            "rc_sigevent reads no more than the kernel's struct sigevent holds");
    }

    // ---- SysV message queues: the records hold hdr, then struct rc_<event>_args args (its members are
    // the Layout's flat constants, from the record's start), then what exit writes after the copy.

    /** A record of the args style: hdr, args (of type argsType, checked member by member), then tail. */
    private static void assertArgsRecord(
        final String name, final int length, final String argsType, final int argsLength, final List<Member> args,
        final List<Member> tail)
    {
        final List<Member> members = new ArrayList<>(List.of(HDR, new Member("args", EventHeaderLayout.LENGTH, argsLength)));
        members.addAll(tail);
        assertRecord(name, length, members);
        assertMemberType(object.completeStruct(name), "args", argsType);
        final JsonNode argsStruct = object.completeStruct(argsType);
        assertMembers(argsStruct, args.stream()
            .map(member -> new Member(member.name(), member.offset() - EventHeaderLayout.LENGTH, member.width())).toList());
        assertEquals(argsLength, argsStruct.get("size").intValue(), "sizeof(struct " + argsType + ")");
    }

    @Test
    void msggetLayoutMatchesBtf()
    {
        assertArgsRecord("rc_msgget", MsggetLayout.LENGTH, "rc_msgget_args", 16, List.of(
            new Member("key", MsggetLayout.KEY_OFFSET, Integer.BYTES),
            new Member("msgflg", MsggetLayout.MSGFLG_OFFSET, Integer.BYTES),
            new Member("ipc_ns", MsggetLayout.IPC_NS_OFFSET, Integer.BYTES),
            new Member("reserved", MsggetLayout.RESERVED_OFFSET, Integer.BYTES)), List.of());
    }

    @Test
    void msgsndLayoutMatchesBtf()
    {
        assertArgsRecord("rc_msgsnd", MsgsndLayout.LENGTH, "rc_msgsnd_args",
            MsgsndLayout.LENGTH - EventHeaderLayout.LENGTH, List.of(
                new Member("msqid", MsgsndLayout.MSQID_OFFSET, Integer.BYTES),
                new Member("msgflg", MsgsndLayout.MSGFLG_OFFSET, Integer.BYTES),
                new Member("msgp", MsgsndLayout.MSGP_OFFSET, Long.BYTES),
                new Member("msgsz", MsgsndLayout.MSGSZ_OFFSET, Long.BYTES),
                new Member("mtype", MsgsndLayout.MTYPE_OFFSET, Long.BYTES),
                new Member("mtype_status", MsgsndLayout.MTYPE_STATUS_OFFSET, Integer.BYTES),
                new Member("payload_status", MsgsndLayout.PAYLOAD_STATUS_OFFSET, Integer.BYTES),
                new Member("payload_len", MsgsndLayout.PAYLOAD_LENGTH_OFFSET, Integer.BYTES),
                new Member("ipc_ns", MsgsndLayout.IPC_NS_OFFSET, Integer.BYTES),
                new Member("payload", MsgsndLayout.PAYLOAD_OFFSET, MsgsndLayout.PAYLOAD_CAPACITY)), List.of());
        assertEquals(ConfigLayout.PAYLOAD_MAX, MsgsndLayout.PAYLOAD_CAPACITY, "RC_PAYLOAD_MAX");
    }

    @Test
    void msgrcvLayoutMatchesBtf()
    {
        assertArgsRecord("rc_msgrcv", MsgrcvLayout.LENGTH, "rc_msgrcv_args", 40, List.of(
            new Member("msqid", MsgrcvLayout.MSQID_OFFSET, Integer.BYTES),
            new Member("msgflg", MsgrcvLayout.MSGFLG_OFFSET, Integer.BYTES),
            new Member("msgp", MsgrcvLayout.MSGP_OFFSET, Long.BYTES),
            new Member("msgsz", MsgrcvLayout.MSGSZ_OFFSET, Long.BYTES),
            new Member("msgtyp", MsgrcvLayout.MSGTYP_OFFSET, Long.BYTES),
            new Member("ipc_ns", MsgrcvLayout.IPC_NS_OFFSET, Integer.BYTES),
            new Member("mtype_status", MsgrcvLayout.MTYPE_STATUS_OFFSET, Integer.BYTES)), List.of(
            new Member("mtype", MsgrcvLayout.MTYPE_OFFSET, Long.BYTES),
            new Member("payload_status", MsgrcvLayout.PAYLOAD_STATUS_OFFSET, Integer.BYTES),
            new Member("payload_len", MsgrcvLayout.PAYLOAD_LENGTH_OFFSET, Integer.BYTES),
            new Member("payload", MsgrcvLayout.PAYLOAD_OFFSET, MsgrcvLayout.PAYLOAD_CAPACITY)));
    }

    @Test
    void msgctlLayoutMatchesBtf()
    {
        assertArgsRecord("rc_msgctl", MsgctlLayout.LENGTH, "rc_msgctl_args",
            MsgctlLayout.INFO_OFFSET - EventHeaderLayout.LENGTH, List.of(
                new Member("msqid", MsgctlLayout.MSQID_OFFSET, Integer.BYTES),
                new Member("cmd", MsgctlLayout.CMD_OFFSET, Integer.BYTES),
                new Member("buf", MsgctlLayout.BUF_OFFSET, Long.BYTES),
                new Member("ipc_ns", MsgctlLayout.IPC_NS_OFFSET, Integer.BYTES),
                new Member("buf_status", MsgctlLayout.BUF_STATUS_OFFSET, Integer.BYTES),
                new Member("ds", MsgctlLayout.DS_OFFSET, MsqidDsLayout.LENGTH)), List.of(
                new Member("info", MsgctlLayout.INFO_OFFSET, MsginfoLayout.LENGTH)));
        assertMemberType(object.completeStruct("rc_msgctl_args"), "ds", "rc_msqid_ds");
        assertMemberType(object.completeStruct("rc_msgctl"), "info", "rc_msginfo");
    }

    @Test
    void msqidDsLayoutMatchesBtf()
    {
        final JsonNode ds = object.completeStruct("rc_msqid_ds");
        assertMembers(ds, List.of(
            new Member("perm_key", MsqidDsLayout.PERM_KEY, Integer.BYTES),
            new Member("perm_uid", MsqidDsLayout.PERM_UID, Integer.BYTES),
            new Member("perm_gid", MsqidDsLayout.PERM_GID, Integer.BYTES),
            new Member("perm_cuid", MsqidDsLayout.PERM_CUID, Integer.BYTES),
            new Member("perm_cgid", MsqidDsLayout.PERM_CGID, Integer.BYTES),
            new Member("perm_mode", MsqidDsLayout.PERM_MODE, Integer.BYTES),
            new Member("perm_seq", MsqidDsLayout.PERM_SEQ, Short.BYTES),
            new Member("perm_pad2", MsqidDsLayout.PERM_PAD2, Short.BYTES),
            new Member("perm_pad3", MsqidDsLayout.PERM_PAD3, Integer.BYTES),
            new Member("perm_unused1", MsqidDsLayout.PERM_UNUSED1, Long.BYTES),
            new Member("perm_unused2", MsqidDsLayout.PERM_UNUSED2, Long.BYTES),
            new Member("stime", MsqidDsLayout.STIME, Long.BYTES),
            new Member("rtime", MsqidDsLayout.RTIME, Long.BYTES),
            new Member("ctime", MsqidDsLayout.CTIME, Long.BYTES),
            new Member("cbytes", MsqidDsLayout.CBYTES, Long.BYTES),
            new Member("qnum", MsqidDsLayout.QNUM, Long.BYTES),
            new Member("qbytes", MsqidDsLayout.QBYTES, Long.BYTES),
            new Member("lspid", MsqidDsLayout.LSPID, Integer.BYTES),
            new Member("lrpid", MsqidDsLayout.LRPID, Integer.BYTES),
            new Member("unused4", MsqidDsLayout.UNUSED4, Long.BYTES),
            new Member("unused5", MsqidDsLayout.UNUSED5, Long.BYTES)));
        assertEquals(MsqidDsLayout.LENGTH, ds.get("size").intValue(), "sizeof(struct rc_msqid_ds)");
    }

    @Test
    void msginfoLayoutMatchesBtf()
    {
        final JsonNode info = object.completeStruct("rc_msginfo");
        assertMembers(info, List.of(
            new Member("msgpool", MsginfoLayout.MSGPOOL, Integer.BYTES),
            new Member("msgmap", MsginfoLayout.MSGMAP, Integer.BYTES),
            new Member("msgmax", MsginfoLayout.MSGMAX, Integer.BYTES),
            new Member("msgmnb", MsginfoLayout.MSGMNB, Integer.BYTES),
            new Member("msgmni", MsginfoLayout.MSGMNI, Integer.BYTES),
            new Member("msgssz", MsginfoLayout.MSGSSZ, Integer.BYTES),
            new Member("msgtql", MsginfoLayout.MSGTQL, Integer.BYTES),
            new Member("msgseg", MsginfoLayout.MSGSEG, Short.BYTES),
            new Member("reserved", MsginfoLayout.RESERVED, Short.BYTES)));
        assertEquals(MsginfoLayout.LENGTH, info.get("size").intValue(), "sizeof(struct rc_msginfo)");
    }

    /**
     * What generation cannot prove: rc_msqid_ds is the kernel's struct msqid64_ds (with its
     * struct ipc64_perm msg_perm) byte for byte, and rc_msginfo holds the kernel's struct msginfo,
     * the structs msgctl copies to and from user memory (vmlinux BTF).
     */
    @Test
    void msqidDsAndMsginfoAreTheKernelsStructs() throws Exception
    {
        requireOrSkip(Files.isReadable(VMLINUX_BTF), VMLINUX_BTF + " is not readable: the kernel has no BTF");

        final Map<String, JsonNode> kernel = findVmlinuxStructs(List.of("msqid64_ds", "ipc64_perm", "msginfo"));
        final JsonNode msqid = kernel.get("msqid64_ds");
        final JsonNode perm = kernel.get("ipc64_perm");
        final JsonNode msginfo = kernel.get("msginfo");
        assertNotNull(msqid, "no struct msqid64_ds in " + VMLINUX_BTF);
        assertNotNull(perm, "no struct ipc64_perm in " + VMLINUX_BTF);
        assertNotNull(msginfo, "no struct msginfo in " + VMLINUX_BTF);

        final JsonNode ours = object.completeStruct("rc_msqid_ds");
        assertEquals(msqid.get("size").intValue(), ours.get("size").intValue(), "sizeof(struct msqid64_ds)");
        final Map<String, String> permFields = new LinkedHashMap<>();
        permFields.put("key", "perm_key");
        permFields.put("uid", "perm_uid");
        permFields.put("gid", "perm_gid");
        permFields.put("cuid", "perm_cuid");
        permFields.put("cgid", "perm_cgid");
        permFields.put("mode", "perm_mode");
        permFields.put("seq", "perm_seq");
        permFields.put("__unused1", "perm_unused1");
        permFields.put("__unused2", "perm_unused2");
        final int permBits = bitsOffset(msqid, "msg_perm");
        assertEquals(0, permBits, "msg_perm first");
        permFields.forEach((theirs, mine) -> assertEquals(bitsOffset(perm, theirs),
            object.member(ours, mine).get("bits_offset").intValue(), "ipc64_perm." + theirs + " vs rc_msqid_ds." + mine));
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("msg_stime", "stime");
        fields.put("msg_rtime", "rtime");
        fields.put("msg_ctime", "ctime");
        fields.put("msg_cbytes", "cbytes");
        fields.put("msg_qnum", "qnum");
        fields.put("msg_qbytes", "qbytes");
        fields.put("msg_lspid", "lspid");
        fields.put("msg_lrpid", "lrpid");
        fields.put("__unused4", "unused4");
        fields.put("__unused5", "unused5");
        fields.forEach((theirs, mine) -> assertEquals(bitsOffset(msqid, theirs),
            object.member(ours, mine).get("bits_offset").intValue(), "msqid64_ds." + theirs + " vs rc_msqid_ds." + mine));

        final JsonNode info = object.completeStruct("rc_msginfo");
        msginfo.get("members").forEach(member -> assertEquals(member.get("bits_offset").intValue(),
            object.member(info, member.get("name").textValue()).get("bits_offset").intValue(),
            "msginfo." + member.get("name").textValue()));
        assertTrue(info.get("size").intValue() >= msginfo.get("size").intValue(), "rc_msginfo holds struct msginfo");
    }

    private static int bitsOffset(final JsonNode struct, final String member)
    {
        for (final JsonNode candidate : struct.get("members"))
        {
            if (member.equals(candidate.get("name").textValue()))
            {
                return candidate.get("bits_offset").intValue();
            }
        }
        return fail("the kernel's struct " + struct.get("name").textValue() + " has no member " + member);
    }

    /** Like {@link #findVmlinuxStruct}, several structs in one pass over the vmlinux dump. */
    private static Map<String, JsonNode> findVmlinuxStructs(final List<String> names) throws Exception
    {
        final BpftoolRun run = runBpftool(VMLINUX_BTF);
        final Map<String, JsonNode> found = new HashMap<>();
        try (InputStream json = run.process().getInputStream(); JsonParser parser = MAPPER.createParser(json))
        {
            while (parser.nextToken() != null)
            {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "types".equals(parser.currentName()))
                {
                    assertEquals(JsonToken.START_ARRAY, parser.nextToken());
                    while (parser.nextToken() == JsonToken.START_OBJECT)
                    {
                        final JsonNode type = parser.readValueAsTree();
                        final String name = type.path("name").textValue();
                        if ("STRUCT".equals(type.path("kind").textValue()) && names.contains(name))
                        {
                            found.putIfAbsent(name, type);
                        }
                    }
                }
            }
        }
        run.awaitSuccess();
        return found;
    }
    // ---- end of SysV message queues

    private static void assertMembers(final JsonNode struct, final List<Member> expected)
    {
        final String structName = struct.get("name").textValue();
        final List<String> names = new ArrayList<>();
        struct.get("members").forEach(member -> names.add(member.get("name").textValue()));
        assertEquals(expected.stream().map(Member::name).toList(), names,
            "members of struct " + structName + ": every C field needs a Java mirror");

        for (final Member member : expected)
        {
            final JsonNode btfMember = object.member(struct, member.name());
            final String what = structName + "." + member.name();
            assertTrue(!btfMember.has("bitfield_size") || btfMember.get("bitfield_size").intValue() == 0,
                what + " is a bitfield");
            assertEquals(member.offset(), object.byteOffset(btfMember), what + " offset");
            assertEquals(member.width(), object.sizeOf(btfMember.get("type_id")), what + " width");
        }
    }

    /** A record: its members, its size, and its first member the common header. */
    private static JsonNode assertRecord(final String name, final int length, final List<Member> members)
    {
        final JsonNode struct = object.completeStruct(name);
        assertMembers(struct, members);
        assertEquals(length, struct.get("size").intValue(), "sizeof(struct " + name + ")");
        assertMemberType(struct, "hdr", "rc_header");
        return struct;
    }

    /** A member holds the nested struct whose own layout another test checks. */
    private static void assertMemberType(final JsonNode struct, final String member, final String typeName)
    {
        assertEquals(typeName, object.resolve(object.member(struct, member).get("type_id")).get("name").textValue(),
            "type of " + struct.get("name").textValue() + "." + member);
    }

    /** bpftool output, streamed: the vmlinux dump is tens of megabytes; keep only the struct asked for. */
    private static JsonNode findVmlinuxStruct(final String name) throws Exception
    {
        final BpftoolRun run = runBpftool(VMLINUX_BTF);
        JsonNode found = null;
        try (InputStream json = run.process().getInputStream(); JsonParser parser = MAPPER.createParser(json))
        {
            while (parser.nextToken() != null)
            {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "types".equals(parser.currentName()))
                {
                    assertEquals(JsonToken.START_ARRAY, parser.nextToken());
                    while (parser.nextToken() == JsonToken.START_OBJECT)
                    {
                        final JsonNode type = parser.readValueAsTree();
                        if (found == null && "STRUCT".equals(type.path("kind").textValue()) &&
                            name.equals(type.path("name").textValue()))
                        {
                            found = type;
                        }
                    }
                }
            }
        }
        run.awaitSuccess();
        return found;
    }

    private static BpftoolRun runBpftool(final Path btfFile) throws IOException
    {
        final Path errors = Files.createTempFile("bpftool", ".err");
        errors.toFile().deleteOnExit();
        final Process process = new ProcessBuilder(bpftool.toString(), "-j", "btf", "dump", "file", btfFile.toString())
            .redirectError(errors.toFile())
            .start();
        process.getOutputStream().close();
        return new BpftoolRun(process, errors, btfFile);
    }

    /** One bpftool run; its stderr goes to a file, for the failure message. */
    private record BpftoolRun(Process process, Path errors, Path btfFile)
    {
        void awaitSuccess() throws Exception
        {
            assertTrue(process.waitFor(BPFTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS), "bpftool did not finish: " + btfFile);
            if (process.exitValue() != 0)
            {
                fail("bpftool -j btf dump file " + btfFile + " exited " + process.exitValue() + ": " +
                    Files.readString(errors, StandardCharsets.UTF_8).strip());
            }
        }
    }

    private static Path findBpftool()
    {
        final List<String> directories = new ArrayList<>();
        final String path = System.getenv("PATH");
        if (path != null)
        {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(SBIN_DIRECTORIES);
        for (final String directory : directories)
        {
            if (!directory.isEmpty())
            {
                final Path candidate = Path.of(directory, "bpftool");
                if (Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Skip when something the test needs is missing, except on CI, which must run it. */
    private static void requireOrSkip(final boolean condition, final String reason)
    {
        if (!condition)
        {
            if (CiEnvironment.isCi())
            {
                fail(reason + " (CI=true: this check may not be skipped)");
            }
            Assumptions.abort(reason);
        }
    }

    /** The types of one BTF dump, by id and by kind and name. */
    private static final class Btf
    {
        private final String source;
        private final Map<Integer, JsonNode> byId = new HashMap<>();
        private final Map<String, JsonNode> byKindAndName = new HashMap<>();

        Btf(final String source, final JsonNode types)
        {
            assertNotNull(types, "no \"types\" in the BTF dump of " + source);
            this.source = source;
            types.forEach(type ->
            {
                byId.put(type.get("id").intValue(), type);
                byKindAndName.putIfAbsent(type.get("kind").textValue() + " " + type.path("name").textValue(), type);
            });
        }

        JsonNode completeStruct(final String name)
        {
            final JsonNode struct = byKindAndName.get("STRUCT " + name);
            if (struct == null)
            {
                // A struct only referenced through a pointer gets a forward declaration in BTF, and
                // the structs inside it nothing at all: the layout is not in the object to check.
                final List<String> declaredOnly = new ArrayList<>();
                byKindAndName.keySet().stream().filter(key -> key.startsWith("FWD rc_")).sorted()
                    .forEach(key -> declaredOnly.add(key.substring("FWD ".length())));
                requireOrSkip(declaredOnly.isEmpty(), source + " lacks struct " + name + " because it declares " +
                    declaredOnly + " only by pointer: rc_wire_types in native/src/bpf/ringcap.bpf.c must hold " +
                    "the record structs by value for their layout to reach the BTF");
            }
            assertNotNull(struct, "no struct " + name + " in the BTF of " + source);
            return struct;
        }

        /** A named type of the given kind (VAR, STRUCT, ...). */
        JsonNode named(final String kind, final String name)
        {
            final JsonNode type = byKindAndName.get(kind + " " + name);
            assertNotNull(type, "no " + kind + " " + name + " in the BTF of " + source);
            return type;
        }

        /** Names of the complete structs whose name starts with prefix. */
        List<String> structNames(final String prefix)
        {
            return byKindAndName.keySet().stream().filter(key -> key.startsWith("STRUCT " + prefix))
                .map(key -> key.substring("STRUCT ".length())).toList();
        }

        Map<String, Integer> enumValues(final String name)
        {
            final JsonNode type = byKindAndName.get("ENUM " + name);
            assertNotNull(type, "no enum " + name + " in the BTF of " + source);
            final Map<String, Integer> values = new LinkedHashMap<>();
            type.get("values").forEach(value -> values.put(value.get("name").textValue(), value.get("val").intValue()));
            return values;
        }

        JsonNode member(final JsonNode struct, final String name)
        {
            for (final JsonNode member : struct.get("members"))
            {
                if (name.equals(member.get("name").textValue()))
                {
                    return member;
                }
            }
            return fail("struct " + struct.get("name").textValue() + " has no member " + name);
        }

        int byteOffset(final JsonNode member)
        {
            final int bits = member.get("bits_offset").intValue();
            assertEquals(0, bits % Byte.SIZE, member.get("name").textValue() + " is not byte aligned");
            return bits / Byte.SIZE;
        }

        /** The type behind typedefs and qualifiers. */
        JsonNode resolve(final JsonNode typeId)
        {
            JsonNode type = byId.get(typeId.intValue());
            while (type != null && List.of("TYPEDEF", "CONST", "VOLATILE", "RESTRICT", "TYPE_TAG")
                .contains(type.get("kind").textValue()))
            {
                type = byId.get(type.get("type_id").intValue());
            }
            assertNotNull(type, "BTF type " + typeId + " of " + source + " does not resolve");
            return type;
        }

        int sizeOf(final JsonNode typeId)
        {
            final JsonNode type = resolve(typeId);
            switch (type.get("kind").textValue())
            {
                case "INT":
                case "ENUM":
                case "ENUM64":
                case "STRUCT":
                case "UNION":
                    return type.get("size").intValue();
                case "PTR":
                    return Long.BYTES;
                case "ARRAY":
                    return type.get("nr_elems").intValue() * sizeOf(type.get("type_id"));
                default:
                    return fail("no size for BTF kind " + type.get("kind").textValue() + " in " + source);
            }
        }
    }
}
