import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes io.ringcap.wire's *Layout (offsets, lengths, capacities) and *Record (flyweight getters)
 * classes from the BTF clang wrote into the compiled BPF object, so that ringcap_event.h is the one
 * hand-written layout. Run by the native pom in generate-sources, after make, with the JDK's source
 * launcher (no dependencies, works offline):
 *
 * <pre>
 *   java WireGenerator.java BTF_JSON EVENT_HEADER OUT_DIR
 * </pre>
 *
 * BTF_JSON is {@code bpftool -j btf dump file ringcap.bpf.o} (the Makefile writes it); EVENT_HEADER
 * is ringcap_event.h, read only for what BTF does not carry: the comments of structs and members
 * (they become the javadoc) and a few #define values named in {@link #WIRE}. Offsets, widths,
 * signedness and array sizes come from BTF alone: what the compiler laid out, not what the header
 * seems to say.
 *
 * <p>Fails the build, rather than guess, on anything the wire rules forbid (a bitfield, a struct
 * not a multiple of 8 bytes, a record not starting with its header) and on an rc_ struct that has
 * no entry in {@link #WIRE}.
 */
public final class WireGenerator
{
    private static final String PACKAGE = "io.ringcap.wire";
    private static final String HEADER_PATH = "native/src/bpf/ringcap_event.h";
    private static final String GENERATOR_PATH = "native/src/build/WireGenerator.java";

    /** What a struct is on the wire, which decides the names and classes it gets. */
    enum Role
    {
        /** rc_header: offsets with _OFFSET, and a flyweight over any record's first 96 bytes. */
        HEADER,
        /** A record in the ring: rc_header hdr first; offsets with _OFFSET and a flyweight. */
        RECORD,
        /** A struct held by value in records (timespec, mq_attr, sigevent): bare member offsets. */
        VALUE,
        /** Shared with the loader (the config variable, a map's value): offsets with _OFFSET only. */
        SHARED
    }

    /** A constant the Java side needs that is no offset: a #define of the header, or a fixed value. */
    record Extra(String name, String type, String macro, String value, String doc)
    {
        static Extra macro(final String name, final String macro, final String doc)
        {
            return new Extra(name, "int", macro, null, doc);
        }

        static Extra literal(final String name, final String type, final String value, final String doc)
        {
            return new Extra(name, type, null, value, doc);
        }
    }

    /** One wire struct and the Java it gets: {@code <base>Layout}, and {@code <base>Record} for flyweights. */
    record Wire(String struct, String base, Role role, List<Extra> extras)
    {
        Wire(final String struct, final String base, final Role role)
        {
            this(struct, base, role, List.of());
        }

        String layoutClass()
        {
            return base + "Layout";
        }

        String recordClass()
        {
            return base + "Record";
        }

        boolean hasRecordClass()
        {
            return role == Role.HEADER || role == Role.RECORD;
        }
    }

    /**
     * Every rc_ struct of the object and its Java class, the one list. A record's
     * {@code struct rc_<event>_args args} needs no entry: its members are the record's own, named
     * flat. Class names are hand-chosen (MqTimedSend, not MqTimedsend), hence a list, not a rule.
     */
    static final List<Wire> WIRE = List.of(
        new Wire("rc_header", "EventHeader", Role.HEADER),
        new Wire("rc_mq_notify", "MqNotify", Role.RECORD),
        new Wire("rc_mq_open", "MqOpen", Role.RECORD),
        new Wire("rc_mq_unlink", "MqUnlink", Role.RECORD),
        new Wire("rc_mq_timedsend", "MqTimedSend", Role.RECORD),
        new Wire("rc_mq_timedreceive", "MqTimedReceive", Role.RECORD),
        new Wire("rc_mq_getsetattr", "MqGetSetAttr", Role.RECORD),
        new Wire("rc_mq_notify_delivered", "MqNotifyDelivered", Role.RECORD),
        new Wire("rc_process_exec", "ProcessExec", Role.RECORD),
        new Wire("rc_gap", "Gap", Role.RECORD),
        new Wire("rc_sigevent", "Sigevent", Role.VALUE),
        new Wire("rc_mq_attr", "MqAttr", Role.VALUE),
        new Wire("rc_timespec", "Timespec", Role.VALUE),
        // SysV message queues
        new Wire("rc_msgget", "Msgget", Role.RECORD),
        new Wire("rc_msgsnd", "Msgsnd", Role.RECORD),
        new Wire("rc_msgrcv", "Msgrcv", Role.RECORD),
        new Wire("rc_msgctl", "Msgctl", Role.RECORD),
        new Wire("rc_msqid_ds", "MsqidDs", Role.VALUE),
        new Wire("rc_msginfo", "Msginfo", Role.VALUE),
        new Wire("rc_config", "Config", Role.SHARED, List.of(
            Extra.macro("ANY_UID", "RC_ANY_UID", "filter_uid meaning \"any user\" (RC_ANY_UID)."),
            Extra.macro("PAYLOAD_MAX", "RC_PAYLOAD_MAX", "RC_PAYLOAD_MAX: the most message bytes a record can keep."),
            Extra.literal("BPF_RB_NO_WAKEUP", "long", "1",
                "bpf_ringbuf_submit flag (uapi linux/bpf.h): no notification to a consumer waiting in epoll."))),
        new Wire("rc_cpu_counters", "Counters", Role.SHARED, List.of(
            Extra.literal("KEY", "int", "0", "The rc_counters map's one key."))));

    /** Structs in the object's BTF that are no wire type: the anchor that puts the others there. */
    private static final Set<String> NOT_WIRE = Set.of("rc_wire_types");

    private static final String ARGS_MEMBER = "args";
    private static final String HEADER_MEMBER = "hdr";

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 3)
        {
            System.err.println("usage: java WireGenerator.java BTF_JSON EVENT_HEADER OUT_DIR");
            System.exit(2);
        }
        final Btf btf = new Btf(Json.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8)));
        final HeaderText header = new HeaderText(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        final Path packageDir = Path.of(args[2]).resolve(PACKAGE.replace('.', '/'));

        final Map<String, String> sources = new WireGenerator(btf, header).generate();
        Files.createDirectories(packageDir);
        int written = 0;
        for (final Map.Entry<String, String> source : sources.entrySet())
        {
            // Unchanged files keep their mtime, so the compiler does not rebuild the module each time.
            final Path file = packageDir.resolve(source.getKey() + ".java");
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(source.getValue()))
            {
                Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
                written++;
            }
        }
        try (Stream<Path> files = Files.list(packageDir))
        {
            for (final Path stale : files.filter(file -> !sources.containsKey(
                file.getFileName().toString().replaceFirst("\\.java$", ""))).toList())
            {
                Files.delete(stale);
            }
        }
        System.out.println("[wire] " + sources.size() + " classes from BTF (" + written + " changed) in " + packageDir);
    }

    private final Btf btf;
    private final HeaderText header;
    private final Map<String, Wire> wireByStruct = new LinkedHashMap<>();

    WireGenerator(final Btf btf, final HeaderText header)
    {
        this.btf = btf;
        this.header = header;
        WIRE.forEach(wire -> wireByStruct.put(wire.struct(), wire));
    }

    Map<String, String> generate()
    {
        checkEveryStructIsListed();
        final Map<String, String> sources = new LinkedHashMap<>();
        for (final Wire wire : WIRE)
        {
            final Map<String, Object> struct = btf.struct(wire.struct());
            final List<Field> fields = fields(wire, struct);
            sources.put(wire.layoutClass(), layoutClass(wire, struct, fields));
            if (wire.hasRecordClass())
            {
                sources.put(wire.recordClass(), recordClass(wire, struct, fields));
            }
        }
        return sources;
    }

    /** An rc_ struct nobody listed would get no Java at all: the build stops and says where to add it. */
    private void checkEveryStructIsListed()
    {
        final Set<String> embeddedArgs = new HashSet<>();
        for (final Wire wire : WIRE)
        {
            if (wire.role() == Role.RECORD)
            {
                for (final Map<String, Object> member : Btf.members(btf.struct(wire.struct())))
                {
                    if (ARGS_MEMBER.equals(member.get("name")))
                    {
                        embeddedArgs.add(btf.typeName(btf.resolve(member)));
                    }
                }
            }
        }
        final Set<String> unlisted = new TreeSet<>();
        for (final String name : btf.structNames("rc_"))
        {
            if (!wireByStruct.containsKey(name) && !embeddedArgs.contains(name) && !NOT_WIRE.contains(name))
            {
                unlisted.add(name);
            }
        }
        if (!unlisted.isEmpty())
        {
            throw new IllegalStateException("struct " + unlisted + " in the BPF object has no entry in " +
                GENERATOR_PATH + " WIRE (or, for an event's args, is not a record's member \"args\")");
        }
    }

    /** A member as the Java side sees it: flat name, offset from the start of the outer struct. */
    record Field(
        String name, String cMember, String cType, int offset, int size, Kind kind, int capacity, String nestedStruct,
        int depth, String comment)
    {
        boolean isScalar()
        {
            return kind != Kind.ARRAY && kind != Kind.STRUCT;
        }
    }

    enum Kind
    {
        S8, U8, S16, U16, S32, U32, S64, U64, ARRAY, STRUCT
    }

    /**
     * The struct's members in order, flattened: a record's args struct contributes its members
     * under their own names; a struct held by value comes with its members (depth 1) named
     * {@code <member>_<its member>}. A record's hdr is listed once, unexpanded (its fields are
     * EventHeaderLayout's).
     */
    private List<Field> fields(final Wire wire, final Map<String, Object> struct)
    {
        checkWireRules(wire, struct);
        final List<Field> fields = new ArrayList<>();
        collect(wire, struct, 0, fields);
        final Set<String> names = new HashSet<>();
        for (final Field field : fields)
        {
            if (!names.add(field.name()))
            {
                throw new IllegalStateException("struct " + wire.struct() + ": two members named " + field.name() +
                    " once its args are flattened");
            }
        }
        return fields;
    }

    private void collect(final Wire wire, final Map<String, Object> struct, final int base, final List<Field> fields)
    {
        final String structName = (String)struct.get("name");
        for (final Map<String, Object> member : Btf.members(struct))
        {
            final String name = (String)member.get("name");
            final int offset = base + byteOffset(structName, member);
            final Map<String, Object> type = btf.resolve(member);
            final String kind = (String)type.get("kind");
            final String comment = header.memberComment(structName, name);
            if ("STRUCT".equals(kind) && wire.role() == Role.RECORD && ARGS_MEMBER.equals(name))
            {
                checkWireRules(wire, type);
                collect(wire, type, offset, fields);
            }
            else if ("STRUCT".equals(kind))
            {
                final String typeName = btf.typeName(type);
                final int size = Btf.intValue(type, "size");
                fields.add(new Field(name, name, "struct " + typeName, offset, size, Kind.STRUCT, 0, typeName, 0,
                    comment));
                if (!HEADER_MEMBER.equals(name))
                {
                    for (final Map<String, Object> inner : Btf.members(type))
                    {
                        final Map<String, Object> innerType = btf.resolve(inner);
                        if (!"INT".equals(innerType.get("kind")))
                        {
                            throw new IllegalStateException(typeName + "." + inner.get("name") +
                                ": a struct held by value may hold only integers here");
                        }
                        final Kind innerKind = intKind(typeName + "." + inner.get("name"), innerType);
                        fields.add(new Field(name + "_" + inner.get("name"), name + "." + inner.get("name"),
                            cType(innerKind, innerType),
                            offset + byteOffset(typeName, inner), Btf.intValue(innerType, "size"), innerKind, 0, null, 1,
                            header.memberComment(typeName, (String)inner.get("name"))));
                    }
                }
            }
            else if ("ARRAY".equals(kind))
            {
                final Map<String, Object> element = btf.resolveId(Btf.intValue(type, "type_id"));
                final int capacity = Btf.intValue(type, "nr_elems");
                if (!"INT".equals(element.get("kind")) || Btf.intValue(element, "size") != 1)
                {
                    throw new IllegalStateException(structName + "." + name + ": only byte arrays are supported");
                }
                final String elementType = "char".equals(element.get("name")) ? "char" : "u8";
                fields.add(new Field(name, name, elementType, offset, capacity, Kind.ARRAY, capacity, null, 0, comment));
            }
            else if ("INT".equals(kind))
            {
                final Kind intKind = intKind(structName + "." + name, type);
                fields.add(new Field(name, name, cType(intKind, type), offset, Btf.intValue(type, "size"), intKind, 0, null,
                    0, comment));
            }
            else
            {
                throw new IllegalStateException(structName + "." + name + ": BTF kind " + kind + " is not supported");
            }
        }
    }

    /** The rules of ringcap_event.h, checked where they can be: on what the compiler laid out. */
    private void checkWireRules(final Wire wire, final Map<String, Object> struct)
    {
        final String name = (String)struct.get("name");
        final int size = Btf.intValue(struct, "size");
        if (size % 8 != 0)
        {
            throw new IllegalStateException("struct " + name + " is " + size + " bytes: wire structs are multiples of 8");
        }
        final List<Map<String, Object>> members = Btf.members(struct);
        if (wire.role() == Role.RECORD && name.equals(wire.struct()))
        {
            final Map<String, Object> first = members.isEmpty() ? null : members.get(0);
            if (first == null || !HEADER_MEMBER.equals(first.get("name")) ||
                !"rc_header".equals(btf.typeName(btf.resolve(first))))
            {
                throw new IllegalStateException("record " + name + " must start with struct rc_header hdr");
            }
        }
        for (final Map<String, Object> member : members)
        {
            final Object bitfield = member.get("bitfield_size");
            if (bitfield != null && ((Number)bitfield).intValue() != 0)
            {
                throw new IllegalStateException(name + "." + member.get("name") + " is a bitfield: not on the wire");
            }
        }
    }

    private static int byteOffset(final String struct, final Map<String, Object> member)
    {
        final int bits = Btf.intValue(member, "bits_offset");
        if (bits % 8 != 0)
        {
            throw new IllegalStateException(struct + "." + member.get("name") + " is not byte aligned");
        }
        return bits / 8;
    }

    private static Kind intKind(final String what, final Map<String, Object> type)
    {
        final boolean signed = "SIGNED".equals(type.get("encoding"));
        switch (Btf.intValue(type, "size"))
        {
            case 1:
                return signed ? Kind.S8 : Kind.U8;
            case 2:
                return signed ? Kind.S16 : Kind.U16;
            case 4:
                return signed ? Kind.S32 : Kind.U32;
            case 8:
                return signed ? Kind.S64 : Kind.U64;
            default:
                throw new IllegalStateException(what + ": integer of " + type.get("size") + " bytes");
        }
    }

    private static String cType(final Kind kind, final Map<String, Object> type)
    {
        return "char".equals(type.get("name")) ? "char" : kind.name().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------------------------------------
    // Naming rules: the Java names all come from here.

    /**
     * A member's constant, without suffix. Upper snake case, except the length of a byte array:
     * {@code name_len} and {@code name_full_len}, beside {@code name[]}, are NAME_LENGTH and
     * NAME_FULL_LENGTH (msg_len, a syscall argument with no array beside it, stays MSG_LEN).
     */
    private static String constantStem(final String name, final List<Field> fields)
    {
        for (final String suffix : List.of("_full_len", "_len"))
        {
            if (name.endsWith(suffix) && isArray(name.substring(0, name.length() - suffix.length()), fields))
            {
                return (name.substring(0, name.length() - "_len".length()) + "_length").toUpperCase(Locale.ROOT);
            }
        }
        return name.toUpperCase(Locale.ROOT);
    }

    /** The offset constant: NAME_OFFSET in a record or shared struct, bare NAME in a value struct. */
    private static String offsetConstant(final Wire wire, final Field field, final List<Field> fields)
    {
        final String stem = constantStem(field.name(), fields);
        return wire.role() == Role.VALUE ? stem : stem + "_OFFSET";
    }

    /**
     * The size constant of a byte array: X_CAPACITY when an X_len says how much of it is used
     * (names, paths, payloads), X_LENGTH when it is always full (comm, the notify cookie).
     */
    private static String arraySizeConstant(final Field field, final List<Field> fields)
    {
        final boolean hasLength = fields.stream().anyMatch(other -> other.name().equals(field.name() + "_len"));
        return field.name().toUpperCase(Locale.ROOT) + (hasLength ? "_CAPACITY" : "_LENGTH");
    }

    /** A getter: camel case of the constant's stem ({@code name_full_len} -> nameFullLength). */
    private static String getterName(final Field field, final List<Field> fields)
    {
        final String[] words = constantStem(field.name(), fields).toLowerCase(Locale.ROOT).split("_");
        final StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++)
        {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }

    private static boolean isArray(final String name, final List<Field> fields)
    {
        return fields.stream().anyMatch(field -> field.name().equals(name) && field.kind() == Kind.ARRAY);
    }

    // ---------------------------------------------------------------------------------------------
    // The Layout class.

    private String layoutClass(final Wire wire, final Map<String, Object> struct, final List<Field> fields)
    {
        final int length = Btf.intValue(struct, "size");
        final StringBuilder out = new StringBuilder();
        fileHeader(out);
        out.append("/**\n");
        out.append(" * Offsets of {@code struct ").append(wire.struct()).append("} (").append(HEADER_PATH)
            .append("), ").append(length).append(" bytes, little-endian.\n");
        structComment(out, wire.struct());
        out.append(" *\n * <pre>\n");
        layoutTable(out, wire, fields, length);
        out.append(" * </pre>\n");
        if (wire.hasRecordClass())
        {
            out.append(" *\n * @see ").append(wire.recordClass()).append("\n");
        }
        out.append(" */\n");
        out.append("public final class ").append(wire.layoutClass()).append("\n{\n");

        if (wire.role() == Role.SHARED && "rc_config".equals(wire.struct()))
        {
            out.append("    /** The .rodata variable of this type the loader writes before load. */\n");
            out.append("    public static final String VARIABLE_NAME = \"").append(btf.variableOfType(wire.struct()))
                .append("\";\n");
        }
        for (final Field field : fields)
        {
            if (wire.role() == Role.RECORD && HEADER_MEMBER.equals(field.name()))
            {
                continue; // at 0, EventHeaderLayout's
            }
            out.append("    /** {@code ").append(field.cType()).append(' ').append(cName(field))
                .append("}").append(field.comment().isEmpty() ? "" : ": " + javadoc(field.comment())).append(" */\n");
            out.append("    public static final int ").append(offsetConstant(wire, field, fields)).append(" = ")
                .append(field.offset()).append(";\n");
            if (field.kind() == Kind.ARRAY)
            {
                out.append("    public static final int ").append(arraySizeConstant(field, fields)).append(" = ")
                    .append(field.capacity()).append(";\n");
            }
        }
        out.append("    /** sizeof(struct ").append(wire.struct()).append("). */\n");
        out.append("    public static final int LENGTH = ").append(length).append(";\n");
        for (final Extra extra : wire.extras())
        {
            final String value = extra.macro() != null ? header.macroValue(extra.macro()) : extra.value();
            out.append("\n    /** ").append(javadoc(extra.doc())).append(" */\n");
            out.append("    public static final ").append(extra.type()).append(' ').append(extra.name()).append(" = ")
                .append(value).append(";\n");
        }
        out.append("\n    private ").append(wire.layoutClass()).append("()\n    {\n    }\n}\n");
        return out.toString();
    }

    /** The member as C names it: {@code sev.value}, {@code name[256]}. */
    private static String cName(final Field field)
    {
        return field.kind() == Kind.ARRAY ? field.cMember() + "[" + field.capacity() + "]" : field.cMember();
    }

    /** As in the table, under its struct: {@code value}. */
    private static String cShortName(final Field field)
    {
        final String name = cName(field);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** offset, type, member, comment: the struct as a reader of the C would draw it. */
    private void layoutTable(final StringBuilder out, final Wire wire, final List<Field> fields, final int length)
    {
        final List<String[]> rows = new ArrayList<>();
        for (final Field field : fields)
        {
            final String offset = field.depth() == 0 ? Integer.toString(field.offset()) :
                "+" + (field.offset() - enclosing(field, fields).offset());
            String comment = field.comment();
            if (field.kind() == Kind.STRUCT)
            {
                final Wire nested = wireByStruct.get(field.nestedStruct());
                comment = field.size() + " bytes, see {@link " + nested.layoutClass() + "}" +
                    (comment.isEmpty() ? "" : "; " + comment);
            }
            rows.add(new String[] {offset, field.cType() + " " + cShortName(field), comment,
                Integer.toString(field.depth())});
        }
        int typeWidth = 0;
        for (final String[] row : rows)
        {
            typeWidth = Math.max(typeWidth, row[1].length() + 6 * Integer.parseInt(row[3]));
        }
        for (final String[] row : rows)
        {
            final int depth = Integer.parseInt(row[3]);
            final StringBuilder line = new StringBuilder(" * ");
            line.append(" ".repeat(depth * 6)).append(pad(row[0], 5)).append("  ").append(row[1]);
            if (!row[2].isEmpty())
            {
                line.append(" ".repeat(typeWidth - row[1].length() - 6 * depth + 2)).append(javadocKeepLinks(row[2]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(" * ").append(pad(Integer.toString(length), 5)).append('\n');
    }

    private static Field enclosing(final Field field, final List<Field> fields)
    {
        Field enclosing = null;
        for (final Field candidate : fields)
        {
            if (candidate == field)
            {
                return enclosing;
            }
            if (candidate.depth() == 0)
            {
                enclosing = candidate;
            }
        }
        throw new IllegalStateException(field.name());
    }

    private static String pad(final String text, final int width)
    {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }

    // ---------------------------------------------------------------------------------------------
    // The Record flyweight.

    private String recordClass(final Wire wire, final Map<String, Object> struct, final List<Field> fields)
    {
        final String layout = wire.layoutClass();
        // Every record holds hdr.comm: every flyweight has array accessors, hence Objects and MutableDirectBuffer.
        final StringBuilder out = new StringBuilder();
        fileHeader(out);
        out.append("import static java.nio.ByteOrder.LITTLE_ENDIAN;\n\n");
        out.append("import java.util.Objects;\n");
        out.append("import org.agrona.DirectBuffer;\n");
        out.append("import org.agrona.MutableDirectBuffer;\n");
        out.append("\n/**\n");
        out.append(" * Flyweight over {@code struct ").append(wire.struct()).append("} (").append(HEADER_PATH)
            .append("), laid out in {@link ").append(layout).append("}:\n");
        out.append(" * one getter per scalar field, read little-endian at its width; unsigned fields widen (u8 and\n");
        out.append(" * u16 to int, u32 to long), u64 fields come as the long with the same bits. Wrap it over a record\n");
        out.append(" * and read; nothing allocates.\n");
        structComment(out, wire.struct());
        out.append(" */\n");
        out.append("public final class ").append(wire.recordClass()).append("\n{\n");
        out.append("    private DirectBuffer buffer;\n");
        out.append("    private int offset;\n\n");
        out.append("    /**\n");
        out.append("     * @param buffer holding the record.\n");
        out.append("     * @param offset of the record in buffer.\n");
        out.append("     * @return this, for chaining.\n");
        out.append("     * @throws IndexOutOfBoundsException when the buffer is too short for the record.\n");
        out.append("     */\n");
        out.append("    public ").append(wire.recordClass()).append(" wrap(final DirectBuffer buffer, final int offset)\n");
        out.append("    {\n");
        out.append("        if (offset < 0 || offset > buffer.capacity() - ").append(layout).append(".LENGTH)\n");
        out.append("        {\n");
        out.append("            throw new IndexOutOfBoundsException(\"no room for a \" + ").append(layout)
            .append(".LENGTH +\n");
        out.append("                \"-byte ").append(wire.struct())
            .append(" at offset \" + offset + \" of a \" + buffer.capacity() + \"-byte buffer\");\n");
        out.append("        }\n");
        out.append("        this.buffer = buffer;\n");
        out.append("        this.offset = offset;\n");
        out.append("        return this;\n");
        out.append("    }\n\n");
        out.append("    /** @return the buffer wrapped. */\n");
        out.append("    public DirectBuffer buffer()\n    {\n        return buffer;\n    }\n\n");
        out.append("    /** @return the record's offset in {@link #buffer()}. */\n");
        out.append("    public int offset()\n    {\n        return offset;\n    }\n");

        if (wire.role() == Role.RECORD)
        {
            final Wire headerWire = wireByStruct.get("rc_header");
            final List<Field> headerFields = fields(headerWire, btf.struct("rc_header"));
            for (final Field field : headerFields)
            {
                accessors(out, headerWire, field, headerFields);
            }
        }
        for (final Field field : fields)
        {
            if (!HEADER_MEMBER.equals(field.name()))
            {
                accessors(out, wire, field, fields);
            }
        }
        out.append("}\n");
        return out.toString();
    }

    private void accessors(final StringBuilder out, final Wire wire, final Field field, final List<Field> fields)
    {
        if (field.name().equals("reserved") || field.kind() == Kind.STRUCT)
        {
            return; // padding, or a struct whose members have getters of their own
        }
        final String constant = wire.layoutClass() + "." + offsetConstant(wire, field, fields);
        final String getter = getterName(field, fields);
        final String doc = "{@code " + field.cType() + " " + cName(field) + "}" +
            (field.comment().isEmpty() ? "" : ": " + javadoc(field.comment())) +
            (field.name().endsWith("_status") && field.kind() == Kind.U32 ? " ({@link ReadStatus})" : "");
        if (field.kind() == Kind.ARRAY)
        {
            final String size = wire.layoutClass() + "." + arraySizeConstant(field, fields);
            out.append("\n    /**\n     * @param index of the byte, 0 until ").append(size).append(".\n");
            out.append("     * @return a byte of ").append(doc).append(", unsigned.\n     */\n");
            out.append("    public int ").append(getter).append("Byte(final int index)\n    {\n");
            out.append("        return buffer.getByte(offset + ").append(constant).append(" +\n");
            out.append("            Objects.checkIndex(index, ").append(size).append(")) & 0xFF;\n    }\n");
            out.append("\n    /**\n     * Copies the first bytes of ").append(doc).append("\n");
            out.append("     *\n     * @param destination to copy into.\n");
            out.append("     * @param destinationOffset where in destination.\n");
            out.append("     * @param length bytes to copy, at most ").append(size).append(".\n     */\n");
            out.append("    public void get").append(Character.toUpperCase(getter.charAt(0))).append(getter.substring(1))
                .append("(final MutableDirectBuffer destination, final int destinationOffset, final int length)\n");
            out.append("    {\n");
            out.append("        Objects.checkFromIndexSize(0, length, ").append(size).append(");\n");
            out.append("        destination.putBytes(destinationOffset, buffer, offset + ").append(constant)
                .append(", length);\n    }\n");
            return;
        }
        final String type;
        final String read;
        final String at = "offset + " + constant;
        switch (field.kind())
        {
            case S8:
                type = "byte";
                read = "buffer.getByte(" + at + ")";
                break;
            case U8:
                type = "int";
                read = "buffer.getByte(" + at + ") & 0xFF";
                break;
            case S16:
                type = "short";
                read = "buffer.getShort(" + at + ", LITTLE_ENDIAN)";
                break;
            case U16:
                type = "int";
                read = "buffer.getShort(" + at + ", LITTLE_ENDIAN) & 0xFFFF";
                break;
            case S32:
                type = "int";
                read = "buffer.getInt(" + at + ", LITTLE_ENDIAN)";
                break;
            case U32:
                type = "long";
                read = "buffer.getInt(" + at + ", LITTLE_ENDIAN) & 0xFFFF_FFFFL";
                break;
            case S64:
            case U64:
                type = "long";
                read = "buffer.getLong(" + at + ", LITTLE_ENDIAN)";
                break;
            default:
                throw new IllegalStateException(field.toString());
        }
        out.append("\n    /** @return ").append(doc).append(" */\n");
        out.append("    public ").append(type).append(' ').append(getter).append("()\n    {\n");
        out.append("        return ").append(read).append(";\n    }\n");
    }

    // ---------------------------------------------------------------------------------------------
    // Text.

    private static void fileHeader(final StringBuilder out)
    {
        out.append("// Generated by ").append(GENERATOR_PATH).append(" from the BTF of ringcap.bpf.o and the comments of\n");
        out.append("// ").append(HEADER_PATH).append(". Do not edit: change the C struct (or the generator) and rebuild.\n");
        out.append("package ").append(PACKAGE).append(";\n\n");
    }

    private void structComment(final StringBuilder out, final String struct)
    {
        final String comment = header.structComment(struct);
        if (!comment.isEmpty())
        {
            out.append(" *\n * <p>From the header:");
            for (final String line : wrap(javadoc(comment), 96))
            {
                out.append("\n * ").append(line);
            }
            out.append('\n');
        }
    }

    private static List<String> wrap(final String text, final int width)
    {
        final List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (final String word : text.split("\\s+"))
        {
            if (line.length() > 0 && line.length() + 1 + word.length() > width)
            {
                lines.add(line.toString());
                line = new StringBuilder();
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0)
        {
            lines.add(line.toString());
        }
        return lines;
    }

    /** C comment text made safe inside javadoc. */
    private static String javadoc(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
            .replace("*/", "*&#47;");
    }

    /** As {@link #javadoc}, but keeps the {@link ...} this generator wrote itself. */
    private static String javadocKeepLinks(final String text)
    {
        final int link = text.indexOf("{@link ");
        if (link < 0)
        {
            return javadoc(text);
        }
        final int end = text.indexOf('}', link) + 1;
        return javadoc(text.substring(0, link)) + text.substring(link, end) + javadoc(text.substring(end));
    }

    // ---------------------------------------------------------------------------------------------
    // Inputs.

    /** The parts of ringcap_event.h BTF does not carry: comments and #define values. */
    static final class HeaderText
    {
        private static final Pattern STRUCT_OPEN = Pattern.compile("^struct\\s+(rc_\\w+)\\s*\\{\\s*$");
        private static final Pattern MEMBER = Pattern.compile(
            "^[^;/]*?\\b(\\w+)\\s*(?:\\[\\w+\\])?\\s*;\\s*(?:/\\*(.*?)\\*/)?\\s*$");
        private static final Pattern DEFINE = Pattern.compile("^#define\\s+(RC_\\w+)\\s+(\\S+)");

        private final Map<String, String> structComments = new HashMap<>();
        private final Map<String, String> memberComments = new HashMap<>();
        private final Map<String, String> macros = new HashMap<>();

        /** Line by line: a block comment right above {@code struct rc_x {} is that struct's. */
        HeaderText(final String text)
        {
            StringBuilder comment = null;
            String lastComment = "";
            String struct = null;
            for (final String rawLine : text.split("\n"))
            {
                final String line = rawLine.strip();
                if (comment != null)
                {
                    final int end = line.indexOf("*/");
                    comment.append('\n').append(end >= 0 ? line.substring(0, end) : line);
                    if (end >= 0)
                    {
                        lastComment = clean(comment.toString());
                        comment = null;
                    }
                    continue;
                }
                if (struct != null)
                {
                    if (line.startsWith("};"))
                    {
                        struct = null;
                        continue;
                    }
                    final Matcher member = MEMBER.matcher(line);
                    if (member.matches())
                    {
                        memberComments.put(struct + "." + member.group(1),
                            member.group(2) == null ? "" : member.group(2).strip());
                    }
                    continue;
                }
                if (line.startsWith("/*") && !line.contains("*/"))
                {
                    comment = new StringBuilder(line.substring(2));
                    continue;
                }
                if (line.startsWith("/*"))
                {
                    lastComment = clean(line.substring(2, line.indexOf("*/")));
                    continue;
                }
                final Matcher open = STRUCT_OPEN.matcher(line);
                if (open.matches())
                {
                    struct = open.group(1);
                    structComments.put(struct, lastComment);
                }
                final Matcher define = DEFINE.matcher(line);
                if (define.find())
                {
                    macros.put(define.group(1), define.group(2));
                }
                if (!line.isEmpty())
                {
                    lastComment = "";
                }
            }
        }

        /** A comment's words, its leading " * " and line breaks gone. */
        private static String clean(final String comment)
        {
            final StringBuilder text = new StringBuilder();
            for (final String line : comment.split("\n"))
            {
                final String stripped = line.strip().replaceFirst("^\\*\\s?", "").strip();
                if (!stripped.isEmpty())
                {
                    text.append(text.length() > 0 ? " " : "").append(stripped);
                }
            }
            return text.toString();
        }

        String structComment(final String struct)
        {
            return structComments.getOrDefault(struct, "");
        }

        String memberComment(final String struct, final String member)
        {
            return memberComments.getOrDefault(struct + "." + member, "");
        }

        /** A #define's value as a Java int literal: 0xffffffffu -> 0xffffffff. */
        String macroValue(final String macro)
        {
            final String value = macros.get(macro);
            if (value == null || !value.matches("(0x[0-9a-fA-F]+|[0-9]+)[uU]?"))
            {
                throw new IllegalStateException("#define " + macro + " in " + HEADER_PATH +
                    " is missing or not an integer literal: " + value);
            }
            return value.replaceFirst("[uU]$", "");
        }
    }

    /** The types of a {@code bpftool -j btf dump}. */
    static final class Btf
    {
        private static final Set<String> TRANSPARENT = Set.of("TYPEDEF", "CONST", "VOLATILE", "RESTRICT", "TYPE_TAG");

        private final Map<Integer, Map<String, Object>> byId = new HashMap<>();
        private final Map<String, Map<String, Object>> structs = new HashMap<>();
        private final List<Map<String, Object>> variables = new ArrayList<>();

        @SuppressWarnings("unchecked")
        Btf(final Object dump)
        {
            final Object types = ((Map<String, Object>)dump).get("types");
            if (!(types instanceof List))
            {
                throw new IllegalStateException("no \"types\" in the BTF dump");
            }
            for (final Object entry : (List<Object>)types)
            {
                final Map<String, Object> type = (Map<String, Object>)entry;
                byId.put(intValue(type, "id"), type);
                if ("STRUCT".equals(type.get("kind")))
                {
                    structs.putIfAbsent((String)type.get("name"), type);
                }
                else if ("VAR".equals(type.get("kind")))
                {
                    variables.add(type);
                }
            }
        }

        Map<String, Object> struct(final String name)
        {
            final Map<String, Object> struct = structs.get(name);
            if (struct == null)
            {
                // Only referenced through a pointer, a struct gets a forward declaration in BTF, no layout.
                throw new IllegalStateException("no complete struct " + name + " in the BTF: rc_wire_types in " +
                    "native/src/bpf/ringcap.bpf.c must hold every wire struct by value");
            }
            return struct;
        }

        Set<String> structNames(final String prefix)
        {
            final Set<String> names = new TreeSet<>();
            structs.keySet().stream().filter(name -> name.startsWith(prefix)).forEach(names::add);
            return names;
        }

        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> members(final Map<String, Object> struct)
        {
            return (List<Map<String, Object>>)(List<?>)struct.get("members");
        }

        /** The type a member (or anything with a type_id) has, behind typedefs and qualifiers. */
        Map<String, Object> resolve(final Map<String, Object> typed)
        {
            return resolveId(intValue(typed, "type_id"));
        }

        Map<String, Object> resolveId(final int id)
        {
            Map<String, Object> type = byId.get(id);
            while (type != null && TRANSPARENT.contains(type.get("kind")))
            {
                type = byId.get(intValue(type, "type_id"));
            }
            if (type == null)
            {
                throw new IllegalStateException("BTF type " + id + " does not resolve");
            }
            return type;
        }

        String typeName(final Map<String, Object> type)
        {
            return (String)type.get("name");
        }

        /** The one global variable whose type is this struct (const volatile included). */
        String variableOfType(final String struct)
        {
            final List<String> names = new ArrayList<>();
            for (final Map<String, Object> variable : variables)
            {
                final Map<String, Object> type = resolve(variable);
                if ("STRUCT".equals(type.get("kind")) && struct.equals(type.get("name")))
                {
                    names.add((String)variable.get("name"));
                }
            }
            if (names.size() != 1)
            {
                throw new IllegalStateException("expected one variable of struct " + struct + ", found " + names);
            }
            return names.get(0);
        }

        static int intValue(final Map<String, Object> map, final String key)
        {
            final Object value = map.get(key);
            if (!(value instanceof Number))
            {
                throw new IllegalStateException("BTF entry " + map.get("name") + " has no number " + key);
            }
            return ((Number)value).intValue();
        }
    }

    /** Just enough JSON for bpftool's output: objects, arrays, strings, numbers, true/false/null. */
    static final class Json
    {
        private final String text;
        private int at;

        private Json(final String text)
        {
            this.text = text;
        }

        static Object parse(final String text)
        {
            final Json json = new Json(text);
            final Object value = json.value();
            json.skipSpace();
            if (json.at != text.length())
            {
                throw json.error("trailing characters");
            }
            return value;
        }

        private Object value()
        {
            skipSpace();
            if (at >= text.length())
            {
                throw error("unexpected end");
            }
            final char c = text.charAt(at);
            switch (c)
            {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object()
        {
            final Map<String, Object> object = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (text.charAt(at) == '}')
            {
                at++;
                return object;
            }
            while (true)
            {
                skipSpace();
                final String key = string();
                skipSpace();
                expect(':');
                object.put(key, value());
                skipSpace();
                if (text.charAt(at) == ',')
                {
                    at++;
                    continue;
                }
                expect('}');
                return object;
            }
        }

        private List<Object> array()
        {
            final List<Object> array = new ArrayList<>();
            at++;
            skipSpace();
            if (text.charAt(at) == ']')
            {
                at++;
                return array;
            }
            while (true)
            {
                array.add(value());
                skipSpace();
                if (text.charAt(at) == ',')
                {
                    at++;
                    continue;
                }
                expect(']');
                return array;
            }
        }

        private String string()
        {
            expect('"');
            final StringBuilder string = new StringBuilder();
            while (true)
            {
                final char c = text.charAt(at++);
                if (c == '"')
                {
                    return string.toString();
                }
                if (c != '\\')
                {
                    string.append(c);
                    continue;
                }
                final char escaped = text.charAt(at++);
                switch (escaped)
                {
                    case 'n':
                        string.append('\n');
                        break;
                    case 't':
                        string.append('\t');
                        break;
                    case 'r':
                        string.append('\r');
                        break;
                    case 'b':
                        string.append('\b');
                        break;
                    case 'f':
                        string.append('\f');
                        break;
                    case 'u':
                        string.append((char)Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                        break;
                    default:
                        string.append(escaped);
                }
            }
        }

        private Number number()
        {
            final int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0)
            {
                at++;
            }
            final String number = text.substring(start, at);
            if (number.isEmpty())
            {
                throw error("unexpected character");
            }
            // Enum values of vmlinux types can exceed a long (u64 constants): those keep every digit.
            return number.matches("-?\\d+") ? (Number)new BigInteger(number) : (Number)Double.valueOf(number);
        }

        private Object literal(final String word, final Object value)
        {
            if (!text.startsWith(word, at))
            {
                throw error("expected " + word);
            }
            at += word.length();
            return value;
        }

        private void expect(final char c)
        {
            if (at >= text.length() || text.charAt(at) != c)
            {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private void skipSpace()
        {
            while (at < text.length() && Character.isWhitespace(text.charAt(at)))
            {
                at++;
            }
        }

        private IllegalStateException error(final String what)
        {
            return new IllegalStateException("BTF JSON: " + what + " at character " + at);
        }
    }
}
