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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What generating io.ringcap.wire from the object's BTF cannot prove (native/src/build/WireGenerator.java
 * writes every *Layout and *Record from {@code bpftool -j btf dump file ringcap.bpf.o}, so offsets,
 * widths, lengths and the struct list need no check here; the generator itself fails the build on a
 * bitfield, a struct that is no multiple of 8 bytes or an rc_ struct it has no class for):
 *
 * <ul>
 *   <li>that what the BPF programs read from user memory matches the kernel's own structs
 *       ({@code struct sigevent}, {@code struct mq_attr}, {@code struct __kernel_timespec} in
 *       /sys/kernel/btf/vmlinux);</li>
 *   <li>that the maps and variables the loader touches are declared as Java assumes (rc_counters'
 *       value type and size, rc_config in .rodata);</li>
 *   <li>that the hand-written Java constants ({@link EventType}, {@link ReadStatus},
 *       {@link JournalFormat#FORMAT_VERSION}) equal the C ones.</li>
 * </ul>
 *
 * <p>Needs bpftool. Without it the test is skipped, unless CI=true, where it fails: CI must check.
 */
class WireLayoutBtfTest
{
    private static final String BPF_OBJECT_PROPERTY = "ringcap.bpf.object";
    private static final Path VMLINUX_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final Path EVENT_HEADER = Path.of("src/bpf/ringcap_event.h");
    private static final Path HOOKS_HEADER = Path.of("src/bpf/hooks.bpf.h");
    /** bpftool usually lives in an sbin directory, which a test JVM's PATH may lack. */
    private static final List<String> SBIN_DIRECTORIES = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");
    private static final long BPFTOOL_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final List<String> VMLINUX_STRUCTS = List.of("sigevent", "mq_attr", "__kernel_timespec",
        // SysV message queues
        "msqid64_ds", "ipc64_perm", "msginfo");

    private static Path bpftool;
    private static Map<String, JsonNode> vmlinuxStructs;
    private static Btf object;

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

    /** The kernel's struct sigevent: rc_sigevent is its head, read as is from user memory. */
    @Test
    void sigeventIsTheHeadOfTheKernelsStructSigevent() throws Exception
    {
        final JsonNode kernel = vmlinuxStruct("sigevent");
        assertEquals(Map.of("sigev_value", 0, "sigev_signo", 64, "sigev_notify", 96, "_sigev_un", 128),
            bitOffsets(kernel), "the kernel's struct sigevent");

        final JsonNode ours = object.completeStruct("rc_sigevent");
        assertEquals(SigeventLayout.VALUE * Byte.SIZE, bitOffsets(kernel).get("sigev_value"));
        assertEquals(SigeventLayout.SIGNO * Byte.SIZE, bitOffsets(kernel).get("sigev_signo"));
        assertEquals(SigeventLayout.NOTIFY * Byte.SIZE, bitOffsets(kernel).get("sigev_notify"));
        assertEquals(SigeventLayout.UNION0 * Byte.SIZE, bitOffsets(kernel).get("_sigev_un"));
        assertTrue(kernel.get("size").intValue() >= ours.get("size").intValue(),
            "rc_sigevent reads no more than the kernel's struct sigevent holds");
    }

    /** The kernel's struct mq_attr (four longs, then reserved ones): rc_mq_attr is its head. */
    @Test
    void mqAttrIsTheHeadOfTheKernelsStructMqAttr() throws Exception
    {
        final JsonNode kernel = vmlinuxStruct("mq_attr");
        final Map<String, Integer> bits = bitOffsets(kernel);
        assertEquals(MqAttrLayout.FLAGS * Byte.SIZE, bits.get("mq_flags"));
        assertEquals(MqAttrLayout.MAXMSG * Byte.SIZE, bits.get("mq_maxmsg"));
        assertEquals(MqAttrLayout.MSGSIZE * Byte.SIZE, bits.get("mq_msgsize"));
        assertEquals(MqAttrLayout.CURMSGS * Byte.SIZE, bits.get("mq_curmsgs"));
        assertTrue(kernel.get("size").intValue() >= MqAttrLayout.LENGTH, "rc_mq_attr reads no more than mq_attr holds");
    }

    /** abs_timeout points to a struct __kernel_timespec (x86_64: two 64-bit fields). */
    @Test
    void timespecIsTheKernelsTimespec() throws Exception
    {
        final JsonNode kernel = vmlinuxStruct("__kernel_timespec");
        assertEquals(Map.of("tv_sec", TimespecLayout.SEC * Byte.SIZE, "tv_nsec", TimespecLayout.NSEC * Byte.SIZE),
            bitOffsets(kernel));
        assertEquals(TimespecLayout.LENGTH, kernel.get("size").intValue(), "sizeof(struct __kernel_timespec)");
    }

    /** The loader writes rc_config into the object's .rodata before load: it must be there, whole. */
    @Test
    void configIsARodataVariable()
    {
        final JsonNode variable = object.named("VAR", ConfigLayout.VARIABLE_NAME);
        final JsonNode rodata = object.named("DATASEC", ".rodata");
        boolean found = false;
        for (final JsonNode entry : rodata.get("vars"))
        {
            if (entry.get("type_id").intValue() == variable.get("id").intValue())
            {
                assertEquals(ConfigLayout.LENGTH, entry.get("size").intValue(), "rc_config's size in .rodata");
                found = true;
            }
        }
        assertTrue(found, ConfigLayout.VARIABLE_NAME + " is not in .rodata");
    }

    /** RC_PAYLOAD_MAX (what --payload-bytes may ask) is the size of both payload fields. */
    @Test
    void payloadMaxIsThePayloadFieldsCapacity()
    {
        assertEquals(ConfigLayout.PAYLOAD_MAX, MqTimedSendLayout.PAYLOAD_CAPACITY);
        assertEquals(ConfigLayout.PAYLOAD_MAX, MqTimedReceiveLayout.PAYLOAD_CAPACITY);
    }

    /** Capture reads rc_counters as one rc_cpu_counters per CPU at key 0: the map must be declared so. */
    @Test
    void countersMapHoldsOneCpuCountersValue()
    {
        final JsonNode variable = object.named("VAR", "rc_counters");
        final JsonNode map = object.resolve(variable.get("type_id"));
        final JsonNode value = object.resolve(object.member(map, "value").get("type_id"));
        assertEquals("PTR", value.get("kind").textValue(), "rc_counters value is declared through __type");
        final JsonNode valueStruct = object.resolve(value.get("type_id"));
        assertEquals("rc_cpu_counters", valueStruct.get("name").textValue(), "rc_counters value type");
        assertEquals(CountersLayout.LENGTH, valueStruct.get("size").intValue(), "rc_counters value size");
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

        // RC_EVENT_X is written as struct rc_x: what replay validates each record against.
        values.forEach((constant, type) ->
        {
            if (type < EventType.MAX)
            {
                final String name = constant.substring("RC_EVENT_".length()).toLowerCase(Locale.ROOT);
                // The C name is the event's name or, for sched_process_exec (Tracee's), its alias process_exec.
                assertEquals(type, EventTable.byName(name).type(), constant);
                assertEquals(object.completeStruct("rc_" + name).get("size").intValue(), EventType.recordLength(type),
                    "EventType.recordLength(" + constant + ") vs sizeof(struct rc_" + name + ")");
            }
        });
    }

    @Test
    void rawHookSyscallNumbersAreTheEventTables() throws IOException
    {
        // raw.bpf.c dispatches on RC_NR_<event>, a #define (no trace in BTF): read the header itself.
        final Matcher matcher = Pattern.compile("^#define\\s+RC_NR_(\\w+)\\s+(\\d+)\\s*$", Pattern.MULTILINE)
            .matcher(Files.readString(HOOKS_HEADER));
        final Map<String, Integer> inC = new TreeMap<>();
        while (matcher.find())
        {
            inC.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
        }
        final Map<String, Integer> inTable = new TreeMap<>();
        EventTable.syscalls().forEach(event -> inTable.put(event.name(), event.syscallNumber()));
        assertEquals(10, inTable.size(), "the event table's syscall events");
        assertEquals(inTable, inC, "RC_NR_<event> in " + HOOKS_HEADER + " vs EventTable's syscall numbers");
    }

    // ---- SysV message queues

    /**
     * msgctl copies a struct msqid64_ds (its struct ipc64_perm msg_perm first) to and from user
     * memory, which rc_msqid_ds reads as is: field for field, the same offsets and size.
     */
    @Test
    void msqidDsIsTheKernelsStructMsqid64Ds() throws Exception
    {
        final Map<String, Integer> ds = bitOffsets(vmlinuxStruct("msqid64_ds"));
        final Map<String, Integer> perm = bitOffsets(vmlinuxStruct("ipc64_perm"));
        assertEquals(0, ds.get("msg_perm"), "msg_perm first");
        assertEquals(MsqidDsLayout.PERM_KEY * Byte.SIZE, perm.get("key"));
        assertEquals(MsqidDsLayout.PERM_UID * Byte.SIZE, perm.get("uid"));
        assertEquals(MsqidDsLayout.PERM_GID * Byte.SIZE, perm.get("gid"));
        assertEquals(MsqidDsLayout.PERM_CUID * Byte.SIZE, perm.get("cuid"));
        assertEquals(MsqidDsLayout.PERM_CGID * Byte.SIZE, perm.get("cgid"));
        assertEquals(MsqidDsLayout.PERM_MODE * Byte.SIZE, perm.get("mode"));
        assertEquals(MsqidDsLayout.PERM_SEQ * Byte.SIZE, perm.get("seq"));
        assertEquals(MsqidDsLayout.PERM_UNUSED1 * Byte.SIZE, perm.get("__unused1"));
        assertEquals(MsqidDsLayout.PERM_UNUSED2 * Byte.SIZE, perm.get("__unused2"));
        assertEquals(MsqidDsLayout.STIME * Byte.SIZE, ds.get("msg_stime"));
        assertEquals(MsqidDsLayout.RTIME * Byte.SIZE, ds.get("msg_rtime"));
        assertEquals(MsqidDsLayout.CTIME * Byte.SIZE, ds.get("msg_ctime"));
        assertEquals(MsqidDsLayout.CBYTES * Byte.SIZE, ds.get("msg_cbytes"));
        assertEquals(MsqidDsLayout.QNUM * Byte.SIZE, ds.get("msg_qnum"));
        assertEquals(MsqidDsLayout.QBYTES * Byte.SIZE, ds.get("msg_qbytes"));
        assertEquals(MsqidDsLayout.LSPID * Byte.SIZE, ds.get("msg_lspid"));
        assertEquals(MsqidDsLayout.LRPID * Byte.SIZE, ds.get("msg_lrpid"));
        assertEquals(MsqidDsLayout.UNUSED4 * Byte.SIZE, ds.get("__unused4"));
        assertEquals(MsqidDsLayout.UNUSED5 * Byte.SIZE, ds.get("__unused5"));
        assertEquals(MsqidDsLayout.LENGTH, vmlinuxStruct("msqid64_ds").get("size").intValue(), "sizeof(struct msqid64_ds)");
    }

    /** IPC_INFO and MSG_INFO copy a struct msginfo: rc_msginfo has its members at its offsets, and room for it. */
    @Test
    void msginfoIsTheKernelsStructMsginfo() throws Exception
    {
        final JsonNode kernel = vmlinuxStruct("msginfo");
        assertEquals(Map.of("msgpool", MsginfoLayout.MSGPOOL * Byte.SIZE, "msgmap", MsginfoLayout.MSGMAP * Byte.SIZE,
            "msgmax", MsginfoLayout.MSGMAX * Byte.SIZE, "msgmnb", MsginfoLayout.MSGMNB * Byte.SIZE,
            "msgmni", MsginfoLayout.MSGMNI * Byte.SIZE, "msgssz", MsginfoLayout.MSGSSZ * Byte.SIZE,
            "msgtql", MsginfoLayout.MSGTQL * Byte.SIZE, "msgseg", MsginfoLayout.MSGSEG * Byte.SIZE), bitOffsets(kernel));
        assertTrue(MsginfoLayout.LENGTH >= kernel.get("size").intValue(), "rc_msginfo holds a struct msginfo");
    }
    // ---- end of SysV message queues

    private static Map<String, Integer> bitOffsets(final JsonNode struct)
    {
        final Map<String, Integer> bits = new LinkedHashMap<>();
        struct.get("members").forEach(member -> bits.put(member.get("name").textValue(),
            member.get("bits_offset").intValue()));
        return bits;
    }

    /** One pass over the (tens of megabytes of) vmlinux dump for every struct the tests ask for. */
    private static synchronized JsonNode vmlinuxStruct(final String name) throws Exception
    {
        requireOrSkip(Files.isReadable(VMLINUX_BTF), VMLINUX_BTF + " is not readable: the kernel has no BTF");
        if (vmlinuxStructs == null)
        {
            vmlinuxStructs = findVmlinuxStructs(VMLINUX_STRUCTS);
        }
        final JsonNode struct = vmlinuxStructs.get(name);
        assertNotNull(struct, "no struct " + name + " in " + VMLINUX_BTF);
        return struct;
    }

    /** bpftool output, streamed: the vmlinux dump is tens of megabytes; keep only the structs asked for. */
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
                        if ("STRUCT".equals(type.path("kind").textValue()) &&
                            names.contains(type.path("name").textValue()))
                        {
                            found.putIfAbsent(type.path("name").textValue(), type);
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
    }
}
