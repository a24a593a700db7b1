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
            new Member("pid", EventHeaderLayout.PID_OFFSET, Integer.BYTES),
            new Member("tid", EventHeaderLayout.TID_OFFSET, Integer.BYTES),
            new Member("uid", EventHeaderLayout.UID_OFFSET, Integer.BYTES),
            new Member("gid", EventHeaderLayout.GID_OFFSET, Integer.BYTES),
            new Member("cgroup_id", EventHeaderLayout.CGROUP_ID_OFFSET, Long.BYTES),
            new Member("comm", EventHeaderLayout.COMM_OFFSET, EventHeaderLayout.COMM_LENGTH)));
        assertEquals(EventHeaderLayout.LENGTH, header.get("size").intValue(), "sizeof(struct rc_header)");
    }

    @Test
    void mqNotifyLayoutMatchesBtf()
    {
        final JsonNode mqNotify = object.completeStruct("rc_mq_notify");

        assertMembers(mqNotify, List.of(
            new Member("hdr", 0, EventHeaderLayout.LENGTH),
            new Member("mqdes", MqNotifyLayout.MQDES_OFFSET, Integer.BYTES),
            new Member("sev_status", MqNotifyLayout.SEV_STATUS_OFFSET, Integer.BYTES),
            new Member("sevp", MqNotifyLayout.SEVP_OFFSET, Long.BYTES),
            new Member("sev", MqNotifyLayout.SEV_OFFSET, MqNotifyLayout.SIGEVENT_LENGTH)));
        assertEquals(MqNotifyLayout.LENGTH, mqNotify.get("size").intValue(), "sizeof(struct rc_mq_notify)");
        assertEquals("rc_header", object.resolve(object.member(mqNotify, "hdr").get("type_id")).get("name").textValue());

        // The nested sigevent, as absolute offsets in the record: what MqNotifyLayout declares.
        final JsonNode sev = object.resolve(object.member(mqNotify, "sev").get("type_id"));
        assertEquals("rc_sigevent", sev.get("name").textValue());
        final int sevOffset = object.byteOffset(object.member(mqNotify, "sev"));
        assertEquals(MqNotifyLayout.SEV_VALUE_OFFSET, sevOffset + object.byteOffset(object.member(sev, "value")));
        assertEquals(MqNotifyLayout.SEV_SIGNO_OFFSET, sevOffset + object.byteOffset(object.member(sev, "signo")));
        assertEquals(MqNotifyLayout.SEV_NOTIFY_OFFSET, sevOffset + object.byteOffset(object.member(sev, "notify")));
        assertEquals(MqNotifyLayout.SEV_UNION0_OFFSET, sevOffset + object.byteOffset(object.member(sev, "union0")));
        assertEquals(MqNotifyLayout.SEV_UNION1_OFFSET, sevOffset + object.byteOffset(object.member(sev, "union1")));
    }

    @Test
    void configLayoutMatchesBtf()
    {
        final JsonNode config = object.completeStruct("rc_config");

        assertMembers(config, List.of(
            new Member("filter_root_tgid", ConfigLayout.FILTER_ROOT_TGID_OFFSET, Integer.BYTES),
            new Member("reserved", 4, Integer.BYTES),
            new Member("submit_flags", ConfigLayout.SUBMIT_FLAGS_OFFSET, Long.BYTES)));
        assertEquals(ConfigLayout.LENGTH, config.get("size").intValue(), "sizeof(struct rc_config)");
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
    }

    @Test
    void eventTypesMatchBtf()
    {
        final Map<String, Integer> values = object.enumValues("rc_event_type");

        assertEquals(List.of("RC_EVENT_MQ_NOTIFY"), new ArrayList<>(values.keySet()),
            "every rc_event_type needs an EventType constant, a record length and a name");
        assertEquals(EventType.MQ_NOTIFY, values.get("RC_EVENT_MQ_NOTIFY"));
        assertEquals(MqNotifyLayout.LENGTH, EventType.recordLength(EventType.MQ_NOTIFY));
        assertEquals("mq_notify", EventType.name(EventType.MQ_NOTIFY));
    }

    @Test
    void countersMatchBtf()
    {
        final Map<String, Integer> values = object.enumValues("rc_counter");

        assertEquals(List.of("RC_COUNTER_SUBMITTED", "RC_COUNTER_DROPPED", "RC_COUNTER_MAX"),
            new ArrayList<>(values.keySet()));
        assertEquals(Counters.SUBMITTED, values.get("RC_COUNTER_SUBMITTED"));
        assertEquals(Counters.DROPPED, values.get("RC_COUNTER_DROPPED"));
        assertEquals(Counters.COUNT, values.get("RC_COUNTER_MAX"));
    }

    @Test
    void readStatusesMatchBtf()
    {
        final Map<String, Integer> values = object.enumValues("rc_read_status");

        assertEquals(List.of("RC_READ_NULL", "RC_READ_OK", "RC_READ_FAULT"), new ArrayList<>(values.keySet()));
        assertEquals(ReadStatus.NULL, values.get("RC_READ_NULL"));
        assertEquals(ReadStatus.OK, values.get("RC_READ_OK"));
        assertEquals(ReadStatus.FAULT, values.get("RC_READ_FAULT"));
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
            if ("true".equalsIgnoreCase(System.getenv("CI")))
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
