package io.ringcap.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What Tracee v0.24.1's own decoder demands of a line, written from its source (read, not copied):
 * {@code json.Unmarshal} into {@code trace.Event} ({@code types/trace/trace.go}) with its field types
 * ({@code int} fields take integral numbers that fit int64, {@code uint} ones non-negative ones that
 * fit uint64, {@code eventId} is {@code json:",string"}: a JSON string holding an integer), and
 * {@code Argument.UnmarshalJSON}: a numeric value is converted by its type string (a type ending in
 * "*" as a legacy pointer; "trace.Pointer", "int32", "int64", "uint32", "uint64", "float", "float64",
 * "uint16", "int8", "uint8", each parsed into its range) and any other type with a number is
 * "unrecognized argument type", the error that stops {@code tracee analyze}. On top of what the
 * decoder checks, the shape a consumer relies on: a "string" arg holds a string or null, a numeric
 * type a number or null, and {@code argsNum == len(args)}. Unknown top-level fields are ignored by
 * Go's decoder, so ringcap's own object passes. Every JSON line the suites write goes through here.
 */
public final class TraceeJsonRules
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** trace.Event's int fields (Go int: int64 on amd64). */
    private static final Set<String> INT_FIELDS = Set.of("timestamp", "threadStartTime", "processorId", "processId",
        "threadId", "parentProcessId", "hostProcessId", "hostThreadId", "hostParentProcessId", "userId",
        "mountNamespace", "pidNamespace", "argsNum", "returnValue");
    private static final Set<String> UINT_FIELDS = Set.of("cgroupId");
    private static final Set<String> UINT32_FIELDS = Set.of("threadEntityId", "processEntityId", "parentEntityId");
    private static final Set<String> STRING_FIELDS = Set.of("processName", "hostName", "containerId", "eventName",
        "syscall");
    private static final Set<String> OBJECT_FIELDS = Set.of("executable", "container", "kubernetes", "contextFlags",
        "metadata");
    /** The string and bool fields of the objects trace.Event holds (File, Container, Kubernetes, ContextFlags). */
    private static final Set<String> NESTED_STRING_FIELDS = Set.of("path", "id", "name", "image", "imageDigest",
        "podName", "podNamespace", "podUID");
    private static final Set<String> NESTED_BOOL_FIELDS = Set.of("podSandbox", "containerStarted", "isCompat");

    private TraceeJsonRules()
    {
    }

    /**
     * Check every line of a JSON output.
     *
     * @return how many lines were checked.
     */
    public static int checkLines(final String output)
    {
        int lines = 0;
        for (final String line : output.split("\n"))
        {
            if (!line.isEmpty())
            {
                check(line);
                lines++;
            }
        }
        return lines;
    }

    /**
     * @param args a replay's command line.
     * @return whether its stdout is JSON lines: {@code --format json} without {@code --stats} or {@code -o}.
     */
    public static boolean writesJson(final String... args)
    {
        boolean json = false;
        for (int i = 0; i < args.length; i++)
        {
            if ("--stats".equals(args[i]) || "-o".equals(args[i]) || "--output".equals(args[i]))
            {
                return false;
            }
            json |= "--format=json".equals(args[i]) || "--format".equals(args[i]) && i + 1 < args.length &&
                "json".equals(args[i + 1]);
        }
        return json;
    }

    /** @throws AssertionError saying what Tracee's decoder (or a consumer of its types) would reject in the line. */
    public static void check(final String line)
    {
        final JsonNode event;
        try
        {
            event = MAPPER.readTree(line);
        }
        catch (final Exception ex)
        {
            throw new AssertionError("not JSON: " + line, ex);
        }
        if (!event.isObject())
        {
            throw new AssertionError("not an object: " + line);
        }
        final Iterator<Map.Entry<String, JsonNode>> fields = event.fields();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> field = fields.next();
            checkField(field.getKey(), field.getValue(), line);
        }
        final JsonNode args = event.get("args");
        final JsonNode argsNum = event.get("argsNum");
        final int count = args == null || args.isNull() ? 0 : args.size();
        final int declared = argsNum == null || argsNum.isNull() ? 0 : argsNum.intValue();
        if (count != declared)
        {
            throw new AssertionError("argsNum " + declared + " but " + count + " args: " + line);
        }
    }

    private static void checkField(final String name, final JsonNode value, final String line)
    {
        if (value.isNull())
        {
            return; // Go leaves the field as it was
        }
        if (INT_FIELDS.contains(name))
        {
            integral(value, INT64_MIN, INT64_MAX, name, line);
        }
        else if (UINT_FIELDS.contains(name))
        {
            integral(value, BigInteger.ZERO, UINT64_MAX, name, line);
        }
        else if (UINT32_FIELDS.contains(name))
        {
            integral(value, BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL), name, line);
        }
        else if (STRING_FIELDS.contains(name))
        {
            require(value.isTextual(), name + " must be a string", line);
        }
        else if (OBJECT_FIELDS.contains(name))
        {
            require(value.isObject(), name + " must be an object", line);
            if (!"metadata".equals(name))
            {
                checkNested(name, value, line);
            }
        }
        else if ("eventId".equals(name))
        {
            // json:"eventId,string": a string whose contents decode as the int.
            require(value.isTextual(), "eventId must be a string", line);
            try
            {
                Long.parseLong(value.textValue());
            }
            catch (final NumberFormatException ex)
            {
                throw new AssertionError("eventId must hold an integer: " + line);
            }
        }
        else if ("matchedPolicies".equals(name))
        {
            require(value.isArray(), "matchedPolicies must be an array of strings", line);
            value.forEach(policy -> require(policy.isTextual(), "matchedPolicies must be strings", line));
        }
        else if ("stackAddresses".equals(name))
        {
            require(value.isArray(), "stackAddresses must be an array", line);
            value.forEach(address -> integral(address, BigInteger.ZERO, UINT64_MAX, name, line));
        }
        else if ("args".equals(name))
        {
            require(value.isArray(), "args must be an array", line);
            value.forEach(arg -> checkArgument(arg, line));
        }
    }

    /** File, Container, Kubernetes and ContextFlags hold strings and bools; Go rejects any other JSON type there. */
    private static void checkNested(final String object, final JsonNode value, final String line)
    {
        final Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> field = fields.next();
            final JsonNode nested = field.getValue();
            if (nested.isNull())
            {
                continue;
            }
            if (NESTED_STRING_FIELDS.contains(field.getKey()))
            {
                require(nested.isTextual(), object + "." + field.getKey() + " must be a string", line);
            }
            else if (NESTED_BOOL_FIELDS.contains(field.getKey()))
            {
                require(nested.isBoolean(), object + "." + field.getKey() + " must be a boolean", line);
            }
        }
    }

    private static void checkArgument(final JsonNode arg, final String line)
    {
        require(arg.isObject(), "an arg must be an object", line);
        final JsonNode name = arg.get("name");
        final JsonNode type = arg.get("type");
        require(name != null && name.isTextual(), "an arg's name must be a string", line);
        require(type != null && type.isTextual(), "arg " + name + ": type must be a string", line);
        final JsonNode value = arg.get("value");
        if (value == null || value.isNull())
        {
            return; // UnmarshalJSON returns at once
        }
        final String argType = type.textValue();
        final String what = "arg " + name.textValue() + " of type " + argType;
        if (value.isNumber())
        {
            if (argType.endsWith("*"))
            {
                integral(value, BigInteger.ZERO, UINT64_MAX, what, line);
                return;
            }
            switch (argType)
            {
                case "trace.Pointer":
                case "uint64":
                    integral(value, BigInteger.ZERO, UINT64_MAX, what, line);
                    break;
                case "int64":
                    integral(value, INT64_MIN, INT64_MAX, what, line);
                    break;
                case "int32":
                    integral(value, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE), what,
                        line);
                    break;
                case "uint32":
                    integral(value, BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL), what, line);
                    break;
                case "uint16":
                    integral(value, BigInteger.ZERO, BigInteger.valueOf(0xFFFF), what, line);
                    break;
                case "int8":
                    integral(value, BigInteger.valueOf(-128), BigInteger.valueOf(127), what, line);
                    break;
                case "uint8":
                    integral(value, BigInteger.ZERO, BigInteger.valueOf(255), what, line);
                    break;
                case "float":
                case "float64":
                    break; // strconv.ParseFloat takes any JSON number
                default:
                    throw new AssertionError("unrecognized argument type " + argType + " of argument " +
                        name.textValue() + ": " + line);
            }
            return;
        }
        switch (argType)
        {
            case "string":
                require(value.isTextual(), what + " must hold a string or null", line);
                break;
            case "[]string":
                require(value.isArray(), "[]string: type error in " + what, line);
                break;
            case "bool":
                require(value.isBoolean(), what + " must hold a boolean or null", line);
                break;
            case "trace.Pointer":
            case "int8":
            case "uint8":
            case "uint16":
            case "int32":
            case "uint32":
            case "int64":
            case "uint64":
            case "float":
            case "float64":
                throw new AssertionError(what + " must hold a number or null: " + line);
            default:
                break;
        }
    }

    private static void integral(
        final JsonNode value, final BigInteger min, final BigInteger max, final String what, final String line)
    {
        require(value.isIntegralNumber(), what + " must be an integer", line);
        final BigInteger number = value.bigIntegerValue();
        require(number.compareTo(min) >= 0 && number.compareTo(max) <= 0, what + " out of range: " + number, line);
    }

    private static void require(final boolean condition, final String message, final String line)
    {
        if (!condition)
        {
            throw new AssertionError(message + ": " + line);
        }
    }

    /**
     * @return a stream for a replay's stdout that checks every line written to it as it arrives and
     *         keeps none: for outputs too long to hold (a million events), which would otherwise go
     *         to a null stream unchecked.
     */
    public static LineChecker lineChecker()
    {
        return new LineChecker();
    }

    /** Checks each line written to it ({@link #check(String)}); {@link #verify()} reports the first failure. */
    public static final class LineChecker extends OutputStream
    {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private long lines;
        private AssertionError firstFailure;

        @Override
        public void write(final int b)
        {
            if (b == '\n')
            {
                endLine();
            }
            else
            {
                line.write(b);
            }
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length)
        {
            int start = offset;
            final int end = offset + length;
            for (int i = offset; i < end; i++)
            {
                if (bytes[i] == '\n')
                {
                    line.write(bytes, start, i - start);
                    endLine();
                    start = i + 1;
                }
            }
            line.write(bytes, start, end - start);
        }

        /**
         * @return the lines checked, each ended by a newline.
         * @throws AssertionError the first line Tracee's decoder would reject, or a last line without its newline.
         */
        public long verify()
        {
            if (null != firstFailure)
            {
                throw firstFailure;
            }
            if (line.size() > 0)
            {
                throw new AssertionError("the output ends inside a line: " + line.toString(StandardCharsets.UTF_8));
            }
            return lines;
        }

        private void endLine()
        {
            final String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            lines++;
            if (null == firstFailure)
            {
                try
                {
                    check(text);
                }
                catch (final AssertionError ex)
                {
                    firstFailure = ex;
                }
            }
        }
    }
}
